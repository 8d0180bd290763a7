// The open conversation's header: who, status controls (open / pending / snooze / resolve),
// assignee, team, priority and tags. A refused change (over capacity) or a warning is shown here.
import { html, useState, useEffect, useRef } from '../lib/html.js';
import { customerName, snoozeChoices } from '../lib/format.js';
import { viewersOf } from '../lib/store.js';

const PRIORITIES = ['none', 'low', 'medium', 'high', 'urgent'];

export function viewersText(names) {
  if (!names.length) return '';
  if (names.length === 1) return names[0] + ' is also viewing';
  return names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1] + ' are also viewing';
}

function SnoozeMenu({ onSnooze, onClose }) {
  const [picked, setPicked] = useState('');
  const first = useRef(null);
  useEffect(() => { first.current && first.current.focus(); }, []);
  return html`
    <div id="snooze-menu" class="menu snooze-menu" role="menu" aria-label="Snooze until">
      ${snoozeChoices().map((c, i) => html`
        <button type="button" role="menuitem" class="menu-item" ref=${i === 0 ? first : null}
                onClick=${() => onSnooze(c.until)}>${c.label}</button>`)}
      <form class="snooze-pick" onSubmit=${e => { e.preventDefault(); if (picked) onSnooze(new Date(picked).toISOString()); }}>
        <label for="snooze-at">Pick a time</label>
        <input id="snooze-at" type="datetime-local" value=${picked} onInput=${e => setPicked(e.currentTarget.value)} />
        <button type="submit" class="btn" disabled=${!picked}>Snooze</button>
      </form>
      <button type="button" class="btn btn-ghost" onClick=${onClose}>Cancel</button>
    </div>`;
}

export function ConversationHeader({ state, actions, snoozeOpen, setSnoozeOpen }) {
  const conv = state.conversation;
  const [notice, setNotice] = useState(null);   // {kind: 'error' | 'warning', text}
  const [tagText, setTagText] = useState('');
  useEffect(() => { setNotice(null); setTagText(''); }, [state.selectedId]);
  useEffect(() => {
    if (!snoozeOpen) return undefined;
    const onKey = e => { if (e.key === 'Escape') setSnoozeOpen(false); };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [snoozeOpen]);
  if (!conv) return html`<div class="conversation-header"><h2 id="conversation-name">Loading…</h2></div>`;

  async function change(changes) {
    setNotice(null);
    const r = await actions.update(changes);
    if (r.error) setNotice({ kind: 'error', text: r.error });
    else if (r.warning) setNotice({ kind: 'warning', text: typeof r.warning === 'string' ? r.warning : (r.warning.message || 'Warning') });
  }

  // a tag from the catalogue or a new one (the hub adds it to the catalogue)
  async function addTag() {
    const name = tagText.trim();
    if (!name) return;
    const current = conv.tags || [];
    if (current.includes(name)) { setTagText(''); return; }
    await change({ tags: [...current, name] });
    setTagText(t => (t.trim() === name ? '' : t));
    if (!state.tags.some(t => t.name === name)) actions.loadTags();
  }

  const agents = Object.values(state.agents).sort((a, b) => String(a.name).localeCompare(String(b.name)));
  const me = state.me;
  const tags = conv.tags || [];
  const viewers = viewersOf(state, conv.id);
  const resolved = conv.status === 'resolved';
  return html`
    <div class="conversation-header">
      <div class="conversation-title">
        <h2 id="conversation-name">${customerName(conv)}</h2>
        <span id="conversation-status" class=${'status-pill status-' + conv.status}>${conv.status}</span>
        ${conv.status === 'snoozed' && conv.snoozed_until
          ? html`<span class="snoozed-until">until ${new Date(conv.snoozed_until).toLocaleString()}</span>` : null}
        ${conv.bot_id != null ? html`<span id="bot-answering" class="bot-pill"
            title="A bot answers first; it hands off when the customer asks for a person, when it stays silent, or when you reply or assign">Bot answering</span>
          <button id="take-over" type="button" class="btn" disabled=${!me}
            onClick=${() => change({ assignee_id: me.id })}>Take over</button>` : null}
        ${conv.bot_id == null && conv.handed_off_at ? html`<span id="handed-off" class="handed-off"
            title=${'Handed to a human ' + new Date(conv.handed_off_at).toLocaleString()}>from bot</span>` : null}
        <span id="viewers" class="viewers" hidden=${!viewers.length}>${viewersText(viewers)}</span>
      </div>
      <div class="conversation-actions">
        <div class="status-controls" role="group" aria-label="Status">
          <button id="status-open" type="button" class="btn" aria-pressed=${String(conv.status === 'open')}
                  onClick=${() => change({ status: 'open' })}>Open</button>
          <button id="status-pending" type="button" class="btn" aria-pressed=${String(conv.status === 'pending')}
                  onClick=${() => change({ status: 'pending' })}>Pending</button>
          <div class="menu-anchor">
            <button id="snooze-button" type="button" class="btn" aria-haspopup="menu" aria-expanded=${String(!!snoozeOpen)}
                    onClick=${() => setSnoozeOpen(!snoozeOpen)}>Snooze ▾</button>
            ${snoozeOpen ? html`<${SnoozeMenu} onClose=${() => setSnoozeOpen(false)}
                onSnooze=${until => { setSnoozeOpen(false); change({ status: 'snoozed', snoozed_until: until }); }} />` : null}
          </div>
          <button id="resolve-button" type="button" class=${'btn' + (resolved ? '' : ' btn-primary')}
                  onClick=${() => change({ status: resolved ? 'open' : 'resolved' })}>${resolved ? 'Reopen' : 'Resolve'}</button>
        </div>
        <label class="field-label" for="assignee-select">Assignee</label>
        <select id="assignee-select" value=${conv.assignee_id != null ? String(conv.assignee_id) : ''}
                onChange=${e => change({ assignee_id: e.currentTarget.value === '' ? null : Number(e.currentTarget.value) })}>
          <option value="">Unassigned</option>
          ${agents.map(a => html`<option value=${String(a.id)}>${a.name + (me && a.id === me.id ? ' (me)' : '') +
            (a.presence && a.presence !== 'online' ? ' · ' + a.presence : '')}</option>`)}
        </select>
        ${state.teams.length ? html`
          <label class="field-label" for="team-select">Team</label>
          <select id="team-select" value=${conv.team_id != null ? String(conv.team_id) : ''}
                  onChange=${e => change({ team_id: e.currentTarget.value === '' ? null : Number(e.currentTarget.value) })}>
            <option value="">No team</option>
            ${state.teams.map(t => html`<option value=${String(t.id)}>${t.name}</option>`)}
          </select>` : null}
        <label class="field-label" for="priority-select">Priority</label>
        <select id="priority-select" value=${conv.priority || 'none'} onChange=${e => change({ priority: e.currentTarget.value })}>
          ${PRIORITIES.map(p => html`<option value=${p}>${p}</option>`)}
        </select>
      </div>
      <div class="conversation-tags" aria-label="Tags">
        ${tags.map(t => html`
          <span class="tag-chip" key=${t}>${t}
            <button type="button" class="tag-remove" aria-label=${'Remove tag ' + t}
                    onClick=${() => change({ tags: tags.filter(x => x !== t) })}>×</button>
          </span>`)}
        <form id="tag-form" class="tag-form" onSubmit=${e => { e.preventDefault(); addTag(); }}>
          <label class="sr-only" for="tag-add">Add tag</label>
          <input id="tag-add" type="text" list="tag-catalogue" maxLength="64" placeholder="+ Tag" value=${tagText}
                 onInput=${e => setTagText(e.currentTarget.value)} />
          <datalist id="tag-catalogue">
            ${state.tags.filter(t => !tags.includes(t.name)).map(t => html`<option key=${t.name} value=${t.name}></option>`)}
          </datalist>
          <button id="tag-add-button" type="submit" class="btn" disabled=${!tagText.trim()}>Add</button>
        </form>
      </div>
      ${notice ? html`<p id="header-notice" class=${'header-notice ' + notice.kind} role="alert">${notice.text}</p>` : null}
    </div>`;
}
