// Canned responses: saved replies agents insert in the composer with "/" and the shortcut.
import { html, useState } from '../lib/html.js';
import { get, post, patch, del } from '../lib/api.js';
import { useLoad, useSave, ErrorText, Loading, ConfirmButton, useFocusOnOpen } from './ui.js';

export function CannedResponses() {
  const state = useLoad(() => get('/api/v1/canned-responses').then(r => r.canned_responses));
  const [mode, setMode] = useState(null);
  if (!state.data) return html`<${Loading} state=${state} what="canned responses" />`;
  const items = state.data;
  const item = mode && mode !== 'new' ? items.find(c => c.id === mode) : null;
  const done = next => state.reload().then(() => setMode(next));
  return html`
    <p class="lead">Agents type / and the shortcut in the reply box to insert one.</p>
    <table class="list" aria-label="Canned responses">
      <thead><tr><th scope="col">Shortcut</th><th scope="col">Text</th>
        <th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>
        ${items.length === 0 && html`<tr><td colspan="3" class="muted">No canned responses yet.</td></tr>`}
        ${items.map(c => html`<tr key=${c.id} class="canned-row">
          <td class="name">/${c.shortcut}</td><td class="preview">${c.body}</td>
          <td class="actions"><button type="button" class="btn" aria-label=${'Edit /' + c.shortcut}
            onClick=${() => setMode(c.id)}>Edit</button></td>
        </tr>`)}
      </tbody>
    </table>
    <p><button type="button" class="btn btn-primary" id="add-canned" onClick=${() => setMode('new')}>Add canned response</button></p>
    ${(mode === 'new' || item) && html`<${CannedForm} key=${item ? item.id : 'new'} item=${item}
      onSaved=${c => done(c.id)} onDeleted=${() => done(null)} onClose=${() => setMode(null)} />`}`;
}

function CannedForm({ item, onSaved, onDeleted, onClose }) {
  const panel = useFocusOnOpen();
  const isNew = !item;
  const [shortcut, setShortcut] = useState(item ? item.shortcut : '');
  const [body, setBody] = useState(item ? item.body : '');
  const save = useSave();
  const submit = async e => {
    e.preventDefault();
    const data = { shortcut: shortcut.trim().replace(/^\//, ''), body };
    const saved = await save.run(() => isNew ? post('/api/v1/canned-responses', data)
      : patch(`/api/v1/canned-responses/${item.id}`, data), isNew ? 'Canned response created' : 'Canned response saved');
    if (saved) onSaved(saved);
  };
  const remove = async () => {
    if (await save.run(() => del(`/api/v1/canned-responses/${item.id}`), 'Canned response deleted') !== undefined) onDeleted();
  };
  return html`<section ref=${panel} class="panel" aria-labelledby="canned-title">
    <h2 id="canned-title">${isNew ? 'New canned response' : html`Edit <span class="name">/${item.shortcut}</span>`}</h2>
    <form class="form" id="canned-form" onSubmit=${submit} novalidate>
      <div class="field"><label for="canned-shortcut">Shortcut</label>
        <input id="canned-shortcut" value=${shortcut} maxlength="41" aria-describedby="canned-shortcut-hint"
          onInput=${e => setShortcut(e.target.value)} />
        <span class="hint" id="canned-shortcut-hint">Letters, digits, _ and -, up to 40.</span></div>
      <div class="field"><label for="canned-body">Text</label>
        <textarea id="canned-body" rows="5" value=${body} onInput=${e => setBody(e.target.value)}></textarea></div>
      <${ErrorText} error=${save.error} id="canned-error" />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled=${save.saving}>
          ${save.saving ? 'Saving…' : isNew ? 'Create' : 'Save'}</button>
        <button type="button" class="btn" onClick=${onClose}>${isNew ? 'Cancel' : 'Close'}</button>
        <span class="spacer"></span>
        ${!isNew && html`<${ConfirmButton} label="Delete" question=${`Delete /${item.shortcut}?`}
          confirmLabel="Yes, delete" disabled=${save.saving} onConfirm=${remove} />`}
      </div>
    </form>
  </section>`;
}
