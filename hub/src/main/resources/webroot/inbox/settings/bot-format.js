// Pure helpers for the Bots settings page: what a bot's status, draft counts and deliveries read
// as. No DOM here, so Node's test runner covers them.

export const SCOPES = [
  { id: 'read', label: 'Read', hint: 'receives the events of its inboxes and reads their conversations' },
  { id: 'draft', label: 'Draft', hint: 'suggests replies that an agent sends, edits or dismisses' },
  { id: 'reply', label: 'Reply', hint: 'answers customers itself (a bot that answers first)' },
  { id: 'handoff', label: 'Hand-off', hint: 'hands a conversation over to the human agents' },
];

/** "Active", or "Disabled" with why (the hub's reason, e.g. an endpoint that answered 410). */
export function botStatus(bot) {
  if (bot.active) return { active: true, text: 'Active' };
  return { active: false, text: 'Disabled', reason: bot.disabled_reason || 'deactivated by an admin' };
}

/** "12 created · 5 accepted · 3 edited · 2 dismissed", or null when the hub does not count them. */
export function draftCountsText(counts) {
  if (!counts || typeof counts !== 'object') return null;
  const parts = ['created', 'accepted', 'edited', 'dismissed']
    .filter(k => typeof counts[k] === 'number')
    .map(k => `${counts[k]} ${k}`);
  return parts.length ? parts.join(' · ') : null;
}

/** Whether a delivery was tried and failed: dead, or pending again after a failed try. */
export function deliveryFailed(d) {
  return d.status === 'dead'
    || (d.status === 'pending' && d.attempts > 0 && (d.last_error != null || d.last_status_code != null));
}

/** Dead and failing deliveries can be tried again now; delivered and stored ones are left alone. */
export function canRetry(d) {
  return deliveryFailed(d);
}

/** The delivery's state in a word or two. */
export function deliveryStatusText(d) {
  switch (d.status) {
    case 'delivered': return 'Delivered';
    case 'dead': return 'Dead';
    case 'stored': return 'Stored (no webhook)';
    case 'pending': return deliveryFailed(d) ? 'Failing, will retry' : d.attempts > 0 ? 'Sending' : 'Queued';
    default: return d.status;
  }
}

/** "503" / "no answer" / "" (not tried yet). */
export function httpStatusText(d) {
  if (d.last_status_code != null) return String(d.last_status_code);
  return d.attempts > 0 && d.last_error ? 'no answer' : '';
}

export function durationText(ms) {
  if (ms == null) return '';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A timestamp as a short local date and time ("" for none). */
export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? '' : d.toLocaleString(undefined,
    { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A webhook URL as typed: trimmed, and empty meaning none. */
export function webhookUrlOf(text) {
  const t = String(text || '').trim();
  return t === '' ? null : t;
}
