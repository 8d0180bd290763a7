// Bots: the integrations that hear their inboxes' events as signed webhooks and act through the
// API with their own token. An admin creates one (its token and webhook secret are shown here
// once, never again), edits it, rotates its credentials, deactivates or deletes it, and reads its
// delivery log (retrying dead and failing deliveries) and its audit log.
import { html, useState } from '../lib/html.js';
import { get, post, patch, del } from '../lib/api.js';
import { useLoad, useSave, ErrorText, Loading, ConfirmButton, CopyButton, Picker, byName, useFocusOnOpen } from './ui.js';
import { SCOPES, botStatus, draftCountsText, webhookUrlOf } from './bot-format.js';
import { Deliveries, AuditLog } from './bot-logs.js';

export function Bots() {
  const state = useLoad(() => Promise.all([get('/api/v1/bots'), get('/api/v1/inboxes')])
    .then(([b, i]) => ({ bots: b.bots, inboxes: i.inboxes })));
  const [mode, setMode] = useState(null);
  const [credentials, setCredentials] = useState(null);

  if (!state.data) return html`<${Loading} state=${state} what="bots" />`;
  const { bots, inboxes } = state.data;
  const selected = mode && mode.id ? bots.find(b => b.id === mode.id) : null;
  const counted = bots.some(b => draftCountsText(b.draft_counts) !== null);
  const open = next => { setMode(next); setCredentials(null); };
  const shown = creds => state.reload().then(() => { setCredentials(creds); setMode(null); });

  return html`
    <p class="lead">A bot hears the conversations of its inboxes as signed webhooks (or on <code>/ws/bot</code>)
      and acts through the API with its own token, within its scopes.</p>
    <table class="list" aria-label="Bots">
      <thead><tr><th scope="col">Name</th><th scope="col">Webhook URL</th><th scope="col">Scopes</th>
        <th scope="col">Inboxes</th><th scope="col">Status</th>
        ${counted && html`<th scope="col">Drafts</th>`}
        <th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>
        ${bots.length === 0 && html`<tr><td colspan=${counted ? 7 : 6} class="muted">No bots yet.</td></tr>`}
        ${bots.map(b => html`<${BotRow} key=${b.id} bot=${b} inboxes=${inboxes} counted=${counted}
          selected=${selected && selected.id === b.id} onOpen=${kind => open({ kind, id: b.id })} />`)}
      </tbody>
    </table>
    <p><button type="button" class="btn btn-primary" id="add-bot" onClick=${() => open({ kind: 'new' })}>Add bot</button></p>
    ${credentials && html`<${Credentials} creds=${credentials} onClose=${() => setCredentials(null)} />`}
    ${mode && mode.kind === 'new' && html`<${BotForm} key="new" inboxes=${inboxes}
      onCreated=${shown} onCancel=${() => setMode(null)} />`}
    ${selected && mode.kind === 'edit' && html`<${BotForm} key=${'edit-' + selected.id + '-' + selected.updated_at}
      bot=${selected} inboxes=${inboxes} onSaved=${() => state.reload()} onRotated=${shown}
      onDeleted=${() => state.reload().then(() => setMode(null))} onCancel=${() => setMode(null)} />`}
    ${selected && mode.kind === 'deliveries' && html`<${Deliveries} key=${'d-' + selected.id} bot=${selected}
      onClose=${() => setMode(null)} />`}
    ${selected && mode.kind === 'audit' && html`<${AuditLog} key=${'a-' + selected.id} bot=${selected}
      onClose=${() => setMode(null)} />`}`;
}

function BotRow({ bot, inboxes, counted, selected, onOpen }) {
  const status = botStatus(bot);
  return html`<tr class=${'bot-row' + (bot.active ? '' : ' inactive') + (selected ? ' selected' : '')}>
    <td class="name">${bot.name}</td>
    <td class="url">${bot.webhook_url || html`<span class="muted">none (socket only)</span>`}</td>
    <td>${bot.scopes.join(', ') || html`<span class="muted">none</span>`}</td>
    <td>${bot.inbox_ids.map(id => byName(inboxes, id)).join(', ') || html`<span class="muted">none</span>`}</td>
    <td class="status">${status.active ? 'Active' : html`<strong>${status.text}</strong>
      <span class="reason"> (${status.reason})</span>`}
      ${bot.allow_private_network && html`<br /><span class="muted">private network allowed</span>`}</td>
    ${counted && html`<td class="drafts">${draftCountsText(bot.draft_counts) || ''}</td>`}
    <td class="actions">
      <button type="button" class="btn" aria-label=${'Edit ' + bot.name} onClick=${() => onOpen('edit')}>Edit</button>
      ${' '}<button type="button" class="btn" aria-label=${'Delivery log of ' + bot.name}
        onClick=${() => onOpen('deliveries')}>Deliveries</button>
      ${' '}<button type="button" class="btn" aria-label=${'Audit log of ' + bot.name}
        onClick=${() => onOpen('audit')}>Audit log</button>
    </td>
  </tr>`;
}

function BotForm({ bot, inboxes, onCreated, onSaved, onRotated, onDeleted, onCancel }) {
  const panel = useFocusOnOpen();
  const isNew = !bot;
  const [name, setName] = useState(bot ? bot.name : '');
  const [url, setUrl] = useState(bot && bot.webhook_url ? bot.webhook_url : '');
  const [scopes, setScopes] = useState(bot ? bot.scopes : ['read']);
  const [inboxIds, setInboxIds] = useState(bot ? bot.inbox_ids : []);
  const [allowPrivate, setAllowPrivate] = useState(bot ? bot.allow_private_network : false);
  const save = useSave();

  const toggleScope = id => setScopes(s => s.includes(id) ? s.filter(x => x !== id) : [...s, id]);
  const submit = async e => {
    e.preventDefault();
    const body = { name: name.trim(), scopes, inbox_ids: inboxIds };
    const typed = webhookUrlOf(url);
    if (isNew) {
      if (typed) body.webhook_url = typed;
      body.allow_private_network = allowPrivate;
      const created = await save.run(() => post('/api/v1/bots', body), 'Bot created');
      if (created) onCreated(created);
      return;
    }
    // an unchanged URL is not sent, so it is not checked (resolved) again for nothing
    if (typed !== (bot.webhook_url || null)) body.webhook_url = typed;
    if (allowPrivate !== bot.allow_private_network) body.allow_private_network = allowPrivate;
    if (await save.run(() => patch(`/api/v1/bots/${bot.id}`, body), 'Bot saved')) onSaved();
  };
  const setActive = async active => {
    if (await save.run(() => patch(`/api/v1/bots/${bot.id}`, { active }),
      active ? 'Bot reactivated' : 'Bot deactivated')) onSaved();
  };
  const rotate = async () => {
    const creds = await save.run(() => post(`/api/v1/bots/${bot.id}/rotate`), 'New token and secret made');
    if (creds) onRotated({ ...creds, rotated: true });
  };
  const remove = async () => {
    if ((await save.run(() => del(`/api/v1/bots/${bot.id}`), 'Bot deleted')) !== undefined) onDeleted();
  };

  return html`<section ref=${panel} class="panel" aria-labelledby="bot-form-title">
    <h2 id="bot-form-title">${isNew ? 'Add a bot' : html`Edit bot: <span class="name">${bot.name}</span>`}</h2>
    ${!isNew && !bot.active && html`<p class="form-error" role="status">Disabled: ${botStatus(bot).reason}.
      Reactivate it once its endpoint works again.</p>`}
    <form class="form" id="bot-form" onSubmit=${submit} novalidate>
      <div class="field"><label for="bot-name">Name</label>
        <input id="bot-name" value=${name} maxlength="100" onInput=${e => setName(e.target.value)} /></div>
      <div class="field"><label for="bot-url">Webhook URL</label>
        <input id="bot-url" type="url" value=${url} placeholder="https://bot.example.com/switchboard"
          aria-describedby="bot-url-hint" onInput=${e => setUrl(e.target.value)} />
        <span class="hint" id="bot-url-hint">Where its events are POSTed, signed with its webhook secret.
          Leave empty for a bot that takes its events from the /ws/bot socket.</span></div>
      <fieldset class="group scopes">
        <legend>Scopes</legend>
        ${SCOPES.map(s => html`<label class="check" key=${s.id}>
          <input type="checkbox" id=${'bot-scope-' + s.id} name="scopes" value=${s.id} checked=${scopes.includes(s.id)}
            onChange=${() => toggleScope(s.id)} />
          <span><strong>${s.label}</strong> <span class="muted">— ${s.hint}</span></span></label>`)}
      </fieldset>
      <${Picker} legend="Inboxes it serves" name="inbox_ids" items=${inboxes} value=${inboxIds} onChange=${setInboxIds}
        empty="No inboxes yet: add one under Channels." />
      <div class="field"><label class="check"><input type="checkbox" id="bot-allow-private" checked=${allowPrivate}
          aria-describedby="bot-allow-private-hint" onChange=${e => setAllowPrivate(e.target.checked)} />
        <span>Allow a webhook URL in a private network</span></label>
        <span class="hint" id="bot-allow-private-hint">Only for a bot on this host or your own network
          (loopback, 10.x, 192.168.x, …). Otherwise such URLs are refused.</span></div>
      <${ErrorText} error=${save.error} id="bot-error" />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled=${save.saving}>
          ${save.saving ? 'Saving…' : isNew ? 'Create bot' : 'Save'}</button>
        <button type="button" class="btn" onClick=${onCancel}>${isNew ? 'Cancel' : 'Close'}</button>
      </div>
      ${!isNew && html`<div class="form-actions danger-zone">
        <${ConfirmButton} id="bot-rotate" label="Rotate token and secret" danger=${false} disabled=${save.saving}
          question="Make a new token and webhook secret? The old ones stop working at once."
          confirmLabel="Yes, rotate" onConfirm=${rotate} />
        ${bot.active
          ? html`<${ConfirmButton} id="bot-deactivate" label="Deactivate" disabled=${save.saving}
              question=${`Deactivate ${bot.name}? Its token stops working and it hears no more events.`}
              confirmLabel="Yes, deactivate" onConfirm=${() => setActive(false)} />`
          : html`<${ConfirmButton} id="bot-reactivate" label="Reactivate" danger=${false} disabled=${save.saving}
              question=${`Reactivate ${bot.name}?`} confirmLabel="Yes, reactivate" onConfirm=${() => setActive(true)} />`}
        <${ConfirmButton} id="bot-delete" label="Delete bot" disabled=${save.saving}
          question=${`Delete ${bot.name}? Its delivery log and audit log go with it.`}
          confirmLabel="Yes, delete" onConfirm=${remove} />
      </div>`}
    </form>
  </section>`;
}

/** The token and webhook secret, right after create or rotate: this is the only time they are shown. */
function Credentials({ creds, onClose }) {
  const panel = useFocusOnOpen();
  return html`<section ref=${panel} class="panel notice" aria-labelledby="bot-credentials-title" id="bot-credentials">
    <h2 id="bot-credentials-title">${creds.rotated ? 'New credentials for ' : 'Credentials for '}<span class="name">${creds.name}</span></h2>
    <p><strong>Copy them now: they are shown only this once.</strong> The hub keeps only the token's
      hash and the secret sealed; if they are lost, rotate them.</p>
    <dl class="facts">
      <dt id="bot-token-label">API token</dt>
      <dd><code class="secret" id="bot-token" aria-labelledby="bot-token-label">${creds.token}</code>
        <${CopyButton} text=${creds.token} label="Copy token" /></dd>
      <dt id="bot-secret-label">Webhook secret</dt>
      <dd><code class="secret" id="bot-secret" aria-labelledby="bot-secret-label">${creds.webhook_secret}</code>
        <${CopyButton} text=${creds.webhook_secret} label="Copy webhook secret" /></dd>
    </dl>
    <p class="hint">The bot sends the token as <code>Authorization: Bearer</code>, and checks each webhook's <code>webhook-signature</code>
      with the secret (Standard Webhooks).</p>
    <button type="button" class="btn" id="bot-credentials-done" onClick=${onClose}>I have copied them</button>
  </section>`;
}
