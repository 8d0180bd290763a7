// Pure helpers for what the inbox shows: names, times, previews, the timeline with its case
// boundaries, snooze choices. No DOM here, so Node's test runner covers them.

/** The customer as agents know them: their name, else the address they wrote from (an SMS's number). */
export function customerName(conv) {
  const c = conv && conv.customer;
  if (c && c.name) return c.name;
  if (c && (c.email || c.phone)) return c.email || c.phone;
  return 'Visitor #' + (c && c.id != null ? c.id : conv && conv.id);
}

export function relativeTime(iso, now = Date.now()) {
  const t = Date.parse(iso);
  if (!t) return '';
  const s = Math.round((now - t) / 1000);
  if (s < 45) return 'now';
  if (s < 3600) return Math.max(1, Math.round(s / 60)) + 'm';
  if (s < 86400) return Math.round(s / 3600) + 'h';
  if (s < 7 * 86400) return Math.round(s / 86400) + 'd';
  return new Date(t).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/** How long a customer has waited for an answer: "waiting 5m", "waiting 2h 10m", "waiting 3d". */
export function waitingFor(iso, now = Date.now()) {
  const t = Date.parse(iso);
  if (!t) return '';
  const m = Math.max(0, Math.floor((now - t) / 60000));
  if (m < 1) return 'waiting <1m';
  if (m < 60) return `waiting ${m}m`;
  if (m < 1440) return `waiting ${Math.floor(m / 60)}h${m % 60 ? ' ' + (m % 60) + 'm' : ''}`;
  return `waiting ${Math.floor(m / 1440)}d`;
}

export function clockTime(iso) {
  const d = new Date(iso);
  return isNaN(d) ? '' : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export function dayLabel(iso, now = Date.now()) {
  const d = new Date(iso);
  if (isNaN(d)) return '';
  if (d.toDateString() === new Date(now).toDateString()) return 'Today';
  if (d.toDateString() === new Date(now - 86400000).toDateString()) return 'Yesterday';
  return d.toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });
}

export function humanSize(bytes) {
  if (!bytes && bytes !== 0) return '';
  if (bytes < 1024) return bytes + ' B';
  if (bytes < 1024 * 1024) return Math.round(bytes / 1024) + ' KB';
  return (bytes / 1024 / 1024).toFixed(1) + ' MB';
}

export function previewText(conv) {
  const m = conv && conv.last_message;
  if (!m) return 'No messages yet';
  const prefix = m.direction === 'note' ? 'Note: ' : m.direction === 'out' ? 'Agent: ' : '';
  return prefix + (m.body || (m.direction === 'in' ? '(attachment)' : ''));
}

export function authorName(msg) {
  const a = msg.author || {};
  return a.name || (a.type === 'customer' ? 'Customer' : a.type === 'bot' ? 'Bot' : a.type || '');
}

/**
 * The timeline as rows: day dividers, "Case #N opened/resolved" boundaries (a message's case_id
 * against the cases list) and the messages in seq order. Each row has a stable key. Live frames
 * carry no case_id: such a message belongs to the latest open case, else to the case of the
 * message before it (until the cases are fetched again).
 */
export function timelineRows(messages, cases = [], now = Date.now()) {
  const byId = new Map(cases.map(c => [c.id, c]));
  const openCase = [...cases].reverse().find(c => !c.resolved_at) || null;
  const rows = [];
  let lastDay = null;
  let lastCase = null;
  const closeCase = c => {
    if (c && c.resolved_at) rows.push({ kind: 'case', key: `case-${c.id}-resolved`, text: `Case #${c.number} resolved`, at: c.resolved_at });
  };
  for (const m of messages) {
    const c = m.case_id != null ? byId.get(m.case_id) : (openCase || lastCase);
    if (c && (!lastCase || lastCase.id !== c.id)) {
      closeCase(lastCase);
      rows.push({ kind: 'case', key: `case-${c.id}-opened`, text: `Case #${c.number} opened`, at: c.opened_at });
      lastCase = c;
    }
    const day = dayLabel(m.created_at, now);
    if (day && day !== lastDay) rows.push({ kind: 'day', key: `day-${m.seq}`, text: day });
    lastDay = day;
    rows.push({ kind: 'message', key: `m-${m.id}`, message: m });
  }
  closeCase(lastCase);
  return rows;
}

/** Snooze choices relative to now: in an hour, tomorrow 9:00, next Monday 9:00 (local time). */
export function snoozeChoices(now = new Date()) {
  const hour = new Date(now.getTime() + 3600000);
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const nextWeek = new Date(now);
  nextWeek.setDate(now.getDate() + (((8 - now.getDay()) % 7) || 7));
  nextWeek.setHours(9, 0, 0, 0);
  return [
    { label: '1 hour', until: hour.toISOString() },
    { label: 'Tomorrow 9:00', until: tomorrow.toISOString() },
    { label: 'Next week (Mon 9:00)', until: nextWeek.toISOString() }
  ];
}

/** The "/name" typed before the caret when it is all that is there, else null. */
export function cannedPrefix(value, caret) {
  const m = /^\/([a-z0-9_-]{0,40})$/i.exec(value.slice(0, caret));
  return m ? m[1].toLowerCase() : null;
}

/** The "@word" being typed right before the caret (an @ not inside a word), else null. */
export function mentionPrefix(value, caret) {
  const m = /(^|[^\p{L}\p{N}._+@-])@([\p{L}\p{N}._+-]{0,64})$/u.exec(value.slice(0, caret));
  return m ? m[2].toLowerCase() : null;
}

/** The handle the hub recognises in a note: the email's local part, else the name without spaces. */
export function mentionHandle(agent) {
  if (agent.email && agent.email.includes('@')) return agent.email.slice(0, agent.email.indexOf('@'));
  return String(agent.name || '').replace(/\s+/g, '');
}

/** Channels a reply can take: those reaching one of the customer's identities, the preferred first. */
export function replyChannels(channelsByKind, identities, preferred) {
  const out = [];
  for (const identity of identities || []) {
    for (const ch of channelsByKind[identity.kind] || []) if (!out.includes(ch)) out.push(ch);
  }
  if (preferred && !out.includes(preferred)) out.unshift(preferred);
  return out;
}

/** Which channels reach which identity kind, from GET /api/v1/channels. */
export function channelsByKind(channels) {
  const byKind = {};
  for (const ch of channels || []) {
    for (const kind of ch.identity_kinds || [ch.identity_kind]) {
      if (!kind) continue;
      (byKind[kind] = byKind[kind] || []).push(ch.name);
    }
  }
  return byKind;
}
