// Tags: the catalogue agents pick from (conversation tags, macros).
import { html, useState } from '../lib/html.js';
import { get, post, del } from '../lib/api.js';
import { useLoad, useSave, ErrorText, Loading, ConfirmButton } from './ui.js';

export function Tags() {
  const state = useLoad(() => get('/api/v1/tags').then(r => (r.tags || []).map(t => t.name)));
  const [name, setName] = useState('');
  const save = useSave();
  if (!state.data) {
    if (state.error && state.error.status === 404) return html`<p class="muted">This hub has no tag catalogue yet.</p>`;
    return html`<${Loading} state=${state} what="tags" />`;
  }
  const submit = async e => {
    e.preventDefault();
    if (await save.run(() => post('/api/v1/tags', { name: name.trim() }), 'Tag added')) {
      setName('');
      state.reload();
    }
  };
  const remove = async tag => {
    if (await save.run(() => del(`/api/v1/tags/${encodeURIComponent(tag)}`), 'Tag deleted') !== undefined) state.reload();
  };
  return html`
    <p class="lead">Deleting a tag leaves the conversations that have it as they are.</p>
    <ul class="tag-list" aria-label="Tags">
      ${state.data.length === 0 && html`<li class="muted">No tags yet.</li>`}
      ${state.data.map(t => html`<li key=${t} class="tag-row"><span class="tag">${t}</span>
        <${ConfirmButton} label="Delete" question=${`Delete tag ${t}?`} confirmLabel="Yes, delete"
          disabled=${save.saving} onConfirm=${() => remove(t)} /></li>`)}
    </ul>
    <form class="form form-inline" id="tag-form" onSubmit=${submit} novalidate>
      <div class="field"><label for="tag-name">New tag</label>
        <input id="tag-name" value=${name} maxlength="100" onInput=${e => setName(e.target.value)} /></div>
      <button type="submit" class="btn btn-primary" disabled=${save.saving}>${save.saving ? 'Adding…' : 'Add tag'}</button>
    </form>
    <${ErrorText} error=${save.error} id="tag-error" />`;
}
