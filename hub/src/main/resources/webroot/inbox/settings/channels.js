// Channels: the inboxes, and a form for each built from its channel's descriptor (GET
// /api/v1/channels: each config key's type, required, secret, default, endpoint). Secrets are
// write-only: never pre-filled, left empty to keep. A web inbox shows its embed tag. The keys every
// channel has (routing: team_id, auto_assign; bot first: bot_id, bot_timeout_seconds, handoff_words)
// are the hub's, not a descriptor's, and have their own fieldsets.
import { html, useState } from '../lib/html.js';
import { get, post, patch, del } from '../lib/api.js';
import { useLoad, useSave, ErrorText, Loading, ConfirmButton, CopyButton, Picker, useFocusOnOpen } from './ui.js';

const WORDS = { api: 'API', url: 'URL', sid: 'SID', imap: 'IMAP', smtp: 'SMTP', id: 'ID', ssl: 'SSL' };

/** "api_base_url" → "API base URL". */
export function label(key) {
  const words = key.split('_').map(w => WORDS[w] || w);
  const first = words[0];
  words[0] = first === first.toUpperCase() ? first : first.charAt(0).toUpperCase() + first.slice(1);
  return words.join(' ');
}

const HINTS = {
  origins: 'One origin per line, like https://shop.example.com; * for any site.',
  phone: 'E.164, like +14155550100.',
  port: 'A port number, 1–65535.',
  count: 'A positive whole number.',
};

export function Channels() {
  const state = useLoad(() => Promise.all([
    get('/api/v1/inboxes'), get('/api/v1/channels'), get('/api/v1/teams'),
    get('/api/v1/agents'),
  ]).then(([i, c, t, a]) => ({ inboxes: i.inboxes, channels: c.channels, teams: t.teams, agents: a.agents })));
  const [mode, setMode] = useState(null);

  if (!state.data) return html`<${Loading} state=${state} what="channels" />`;
  const { inboxes, channels, teams, agents } = state.data;
  const editing = mode && mode.kind === 'edit' ? inboxes.find(i => i.id === mode.id) : null;
  const done = next => state.reload().then(() => setMode(next));

  return html`
    <p class="lead">Each inbox is one way customers reach you: the website chat, an SMS number, a mailbox…</p>
    <table class="list" aria-label="Inboxes">
      <thead><tr><th scope="col">Name</th><th scope="col">Channel</th><th scope="col">Status</th>
        <th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>
        ${inboxes.length === 0 && html`<tr><td colspan="4" class="muted">No inboxes yet.</td></tr>`}
        ${inboxes.map(i => html`<tr key=${i.id} class=${'inbox-row' + (editing && editing.id === i.id ? ' selected' : '')}>
          <td class="name">${i.name}</td><td>${i.channel}</td>
          <td>${i.enabled ? 'Enabled' : html`<span class="muted">Disabled</span>`}</td>
          <td class="actions"><button type="button" class="btn" aria-label=${'Edit ' + i.name}
            onClick=${() => setMode({ kind: 'edit', id: i.id })}>Edit</button></td>
        </tr>`)}
      </tbody>
    </table>
    <p><button type="button" class="btn btn-primary" id="add-inbox" onClick=${() => setMode({ kind: 'new' })}>Add inbox</button></p>
    ${mode && mode.kind === 'new' && html`<${InboxForm} key="new" channels=${channels} teams=${teams} agents=${agents}
      onSaved=${saved => done({ kind: 'edit', id: saved.id })} onCancel=${() => setMode(null)} />`}
    ${editing && html`<${InboxForm} key=${'edit-' + editing.id + '-' + editing.updated_at} inbox=${editing}
      channels=${channels} teams=${teams} agents=${agents}
      onSaved=${saved => done({ kind: 'edit', id: saved.id })} onDeleted=${() => done(null)}
      onCancel=${() => setMode(null)} />`}`;
}

function initialValues(descriptor, inbox) {
  const values = {};
  if (!descriptor) return values;
  const stored = inbox ? inbox.config : {};
  for (const k of descriptor.config) {
    const v = stored[k.key];
    if (k.secret) values[k.key] = '';
    else if (k.type === 'flag') values[k.key] = v === undefined || v === null ? k.default === true : v === true;
    else if (k.type === 'origins') values[k.key] = Array.isArray(v) ? v.join('\n') : '';
    else values[k.key] = v === undefined || v === null ? '' : String(v);
  }
  return values;
}

/** The config to send: typed values; an emptied key that was stored becomes null (removed). */
function configOf(descriptor, values, inbox) {
  const stored = inbox ? inbox.config : {};
  const config = {};
  for (const k of descriptor.config) {
    const raw = values[k.key];
    if (k.type === 'flag') {
      config[k.key] = !!raw;
      continue;
    }
    let v;
    if (k.type === 'origins') {
      const list = String(raw || '').split(/[\s,]+/).filter(Boolean);
      v = list.length ? list : null;
    } else {
      const text = String(raw || '').trim();
      v = text === '' ? null : text;
      if (v !== null && (k.type === 'port' || k.type === 'count') && /^\d+$/.test(v)) v = Number(v);
    }
    if (k.secret) {
      if (v !== null) config[k.key] = v;        // empty: keep the stored one
    } else if (v !== null) {
      config[k.key] = v;
    } else if (inbox && stored[k.key] !== undefined && stored[k.key] !== null) {
      config[k.key] = null;                     // emptied: removed
    }
  }
  return config;
}

const DEFAULT_HANDOFF_WORDS = ['agent', 'human', 'person'];

/** The bot-first keys a save sends: each set, or removed (null) when emptied and stored before. */
export function botFirstConfig(stored, botId, timeout, words) {
  const out = {};
  if (botId) out.bot_id = Number(botId);
  else if (stored.bot_id != null) out.bot_id = null;
  const t = String(timeout).trim();
  if (t) out.bot_timeout_seconds = /^\d+$/.test(t) ? Number(t) : t;   // not a number: the hub says why
  else if (stored.bot_timeout_seconds != null) out.bot_timeout_seconds = null;
  const list = String(words).split(',').map(w => w.trim()).filter(Boolean);
  const same = list.join(',') === DEFAULT_HANDOFF_WORDS.join(',');
  if (!same || stored.handoff_words != null) out.handoff_words = list;
  return out;
}

function InboxForm({ inbox, channels, teams, agents, onSaved, onDeleted, onCancel }) {
  const panel = useFocusOnOpen();
  const isNew = !inbox;
  const [name, setName] = useState(inbox ? inbox.name : '');
  const [channel, setChannel] = useState(inbox ? inbox.channel : (channels.find(c => c.name === 'web') || channels[0] || {}).name);
  const descriptor = channels.find(c => c.name === channel);
  const [values, setValues] = useState(() => initialValues(descriptor, inbox));
  const [enabled, setEnabled] = useState(inbox ? inbox.enabled : true);
  const stored = inbox ? inbox.config : {};
  const [teamId, setTeamId] = useState(stored.team_id ? String(stored.team_id) : '');
  const [autoAssign, setAutoAssign] = useState(stored.auto_assign === true);
  const [members, setMembers] = useState(inbox ? inbox.member_ids || [] : []);
  const [botId, setBotId] = useState(stored.bot_id ? String(stored.bot_id) : '');
  const [botTimeout, setBotTimeout] = useState(stored.bot_timeout_seconds != null ? String(stored.bot_timeout_seconds) : '');
  const [handoffWords, setHandoffWords] = useState(Array.isArray(stored.handoff_words)
    ? stored.handoff_words.join(', ') : DEFAULT_HANDOFF_WORDS.join(', '));
  // only the bots serving this inbox may answer it first (the hub checks the rest: active, reply scope)
  const bots = useLoad(() => isNew ? Promise.resolve([]) : get('/api/v1/bots')
    .then(r => r.bots.filter(b => (b.inbox_ids || []).includes(inbox.id))), [isNew, inbox && inbox.id]);
  const save = useSave();
  const prefix = isNew ? 'new' : `inbox-${inbox.id}`;

  const pickChannel = c => {
    setChannel(c);
    setValues(initialValues(channels.find(d => d.name === c), null));
  };
  const set = (key, v) => setValues(old => ({ ...old, [key]: v }));

  const submit = async e => {
    e.preventDefault();
    if (!descriptor) {
      save.setError(new Error(`No connector on this hub serves ${channel}.`));
      return;
    }
    const config = configOf(descriptor, values, inbox);
    if (teamId) config.team_id = Number(teamId);
    else if (!isNew && stored.team_id !== undefined && stored.team_id !== null) config.team_id = null;
    config.auto_assign = autoAssign;
    if (!isNew) Object.assign(config, botFirstConfig(stored, botId, botTimeout, handoffWords));
    const body = { name: name.trim(), config, member_ids: members };
    const saved = await save.run(() => isNew
      ? post('/api/v1/inboxes', { ...body, channel })
      : patch(`/api/v1/inboxes/${inbox.id}`, { ...body, enabled }),
    isNew ? 'Inbox created' : 'Inbox saved');
    if (saved) onSaved(saved);
  };

  const remove = async () => {
    const ok = await save.run(() => del(`/api/v1/inboxes/${inbox.id}`), 'Inbox deleted');
    if (ok !== undefined) onDeleted();
  };

  return html`
    <section ref=${panel} class="panel" aria-labelledby=${prefix + '-title'}>
      <h2 id=${prefix + '-title'}>${isNew ? 'New inbox' : html`Edit inbox: <span class="name">${inbox.name}</span>`}</h2>
      ${!isNew && inbox.channel === 'web' && html`<${EmbedTag} inbox=${inbox} />`}
      <form class="form" id="inbox-form" onSubmit=${submit} novalidate aria-describedby=${prefix + '-error'}>
        <div class="field">
          <label for=${prefix + '-name'}>Name</label>
          <input id=${prefix + '-name'} name="name" value=${name} required maxlength="200"
            onInput=${e => setName(e.target.value)} />
        </div>
        ${isNew ? html`<div class="field">
            <label for="new-channel">Channel</label>
            <select id="new-channel" name="channel" value=${channel} onChange=${e => pickChannel(e.target.value)}>
              ${channels.map(c => html`<option key=${c.name} value=${c.name}>${c.name}</option>`)}
            </select>
          </div>`
        : html`<p class="field-static"><span class="static-label">Channel</span> ${inbox.channel}</p>
          <label class="check"><input type="checkbox" id=${prefix + '-enabled'} checked=${enabled}
            onChange=${e => setEnabled(e.target.checked)} /> <span>Enabled</span></label>`}
        ${descriptor && descriptor.config.length > 0 && html`<fieldset class="group">
          <legend>${channel} settings</legend>
          ${descriptor.config.map(k => html`<${ConfigField} key=${channel + k.key} spec=${k} value=${values[k.key]}
            isSet=${inbox && (inbox.secrets_set || []).includes(k.key)} isNew=${isNew}
            onChange=${v => set(k.key, v)} />`)}
        </fieldset>`}
        <fieldset class="group">
          <legend>Routing</legend>
          <div class="field">
            <label for=${prefix + '-team'}>Team</label>
            <select id=${prefix + '-team'} value=${teamId} onChange=${e => setTeamId(e.target.value)}>
              <option value="">No team</option>
              ${teams.map(t => html`<option key=${t.id} value=${String(t.id)}>${t.name}</option>`)}
            </select>
          </div>
          <label class="check"><input type="checkbox" id=${prefix + '-auto-assign'} checked=${autoAssign}
            onChange=${e => setAutoAssign(e.target.checked)} />
            <span>Assign new conversations automatically among the team's online agents</span></label>
        </fieldset>
        ${!isNew && html`<fieldset class="group">
          <legend>Bot first</legend>
          <div class="field">
            <label for=${prefix + '-bot'}>Bot answering first</label>
            <select id=${prefix + '-bot'} value=${botId} aria-describedby=${prefix + '-bot-hint'}
              onChange=${e => setBotId(e.target.value)}>
              <option value="">None: agents from the start</option>
              ${(bots.data || []).map(b => html`<option key=${b.id} value=${String(b.id)}>${b.name}${b.active ? '' : ' (disabled)'}</option>`)}
            </select>
            <span class="hint" id=${prefix + '-bot-hint'}>Bots serving this inbox with the reply scope. New conversations go to the bot, not to agents, until it hands off.</span>
          </div>
          <div class="field">
            <label for=${prefix + '-bot-timeout'}>Hand off when the bot is silent for (seconds)</label>
            <input id=${prefix + '-bot-timeout'} type="number" min="1" max="86400" placeholder="120" value=${botTimeout}
              onInput=${e => setBotTimeout(e.target.value)} />
          </div>
          <div class="field">
            <label for=${prefix + '-handoff-words'}>Hand-off words</label>
            <input id=${prefix + '-handoff-words'} value=${handoffWords} aria-describedby=${prefix + '-words-hint'}
              onInput=${e => setHandoffWords(e.target.value)} />
            <span class="hint" id=${prefix + '-words-hint'}>Comma-separated; a customer message holding one as a whole word hands off at once. Empty: none.</span>
          </div>
        </fieldset>`}
        <${Picker} legend="Members (none: every agent sees this inbox)" name="member_ids"
          items=${agents.map(a => ({ id: a.id, name: a.name }))} value=${members} onChange=${setMembers} />
        <${ErrorText} error=${save.error} id=${prefix + '-error'} />
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled=${save.saving}>
            ${save.saving ? 'Saving…' : isNew ? 'Create inbox' : 'Save'}</button>
          <button type="button" class="btn" onClick=${onCancel}>${isNew ? 'Cancel' : 'Close'}</button>
          <span class="spacer"></span>
          ${!isNew && html`<${ConfirmButton} label="Delete inbox" disabled=${save.saving}
            question=${`Delete ${inbox.name}? Its conversations stay.`} confirmLabel="Yes, delete"
            onConfirm=${remove} />`}
        </div>
      </form>
    </section>`;
}

function ConfigField({ spec, value, isSet, isNew, onChange }) {
  const id = 'cfg-' + spec.key;
  const hintId = id + '-hint';
  const hints = [];
  if (spec.secret) {
    hints.push(isNew ? 'Write-only: never shown again once saved.'
      : isSet ? 'Stored. Leave empty to keep it.' : 'Not set.');
  }
  if (HINTS[spec.type]) hints.push(HINTS[spec.type]);
  if (spec.default !== null && spec.default !== undefined && !spec.secret && spec.type !== 'flag') {
    hints.push(`Default: ${Array.isArray(spec.default) ? spec.default.join(', ') || 'none' : spec.default}.`);
  }
  if (spec.endpoint && !isNew) hints.push('Changing it requires entering the secrets again.');
  const title = label(spec.key) + (spec.required ? ' (required)' : '');
  const hint = hints.length ? html`<span class="hint" id=${hintId}>${hints.join(' ')}</span>` : null;
  const described = hints.length ? hintId : undefined;

  if (spec.type === 'flag') {
    return html`<div class="field"><label class="check"><input type="checkbox" id=${id} checked=${!!value}
      aria-describedby=${described} onChange=${e => onChange(e.target.checked)} /> <span>${title}</span></label>${hint}</div>`;
  }
  let control;
  if (spec.secret) {
    control = html`<input id=${id} type="password" autocomplete="new-password" value=${value}
      placeholder=${isSet ? 'leave empty to keep' : ''} aria-describedby=${described}
      onInput=${e => onChange(e.target.value)} />`;
  } else if (spec.type === 'security') {
    control = html`<select id=${id} value=${value} aria-describedby=${described} onChange=${e => onChange(e.target.value)}>
      <option value="">Default</option><option value="ssl">ssl</option>
      <option value="starttls">starttls</option><option value="none">none</option></select>`;
  } else if (spec.type === 'origins') {
    control = html`<textarea id=${id} rows="3" value=${value} aria-describedby=${described}
      onInput=${e => onChange(e.target.value)}></textarea>`;
  } else {
    const type = { port: 'number', count: 'number', url: 'url', email: 'email', phone: 'tel' }[spec.type] || 'text';
    control = html`<input id=${id} type=${type} value=${value} aria-describedby=${described}
      min=${type === 'number' ? 1 : undefined} onInput=${e => onChange(e.target.value)} />`;
  }
  return html`<div class="field"><label for=${id}>${title}</label>${control}${hint}</div>`;
}

function EmbedTag({ inbox }) {
  const tag = `<script src="${location.origin}/widget.js" data-inbox="${inbox.id}" async></script>`;
  return html`<div class="embed">
    <p id="embed-label">Paste this tag into every page of your site that should show the chat:</p>
    <pre><code id="embed-tag" aria-labelledby="embed-label">${tag}</code></pre>
    <${CopyButton} text=${tag} label="Copy embed tag" />
  </div>`;
}
