// Knowledge base: articles in Markdown that visitors search from the widget and read on their public
// pages (/kb/articles/{id}). The preview is rendered and sanitized by the hub (POST /api/v1/kb/preview)
// and rebuilt here node by node from an allowlist: no markup from the answer reaches the page as HTML.
import { html, useState, useEffect, useRef } from '../lib/html.js';
import { get, post, patch, del } from '../lib/api.js';
import { useLoad, useSave, ErrorText, Loading, ConfirmButton, useFocusOnOpen } from './ui.js';

export function KnowledgeBase() {
  const state = useLoad(() => get('/api/v1/kb/articles').then(r => r.articles));
  const [mode, setMode] = useState(null);
  if (!state.data) return html`<${Loading} state=${state} what="articles" />`;
  const items = state.data;
  const item = mode && mode !== 'new' ? items.find(a => a.id === mode) : null;
  const done = next => state.reload().then(() => setMode(next));
  return html`
    <p class="lead">Published articles are found from the chat widget's search box and have a public page.</p>
    <table class="list" aria-label="Articles">
      <thead><tr><th scope="col">Title</th><th scope="col">Tags</th><th scope="col">State</th>
        <th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>
        ${items.length === 0 && html`<tr><td colspan="4" class="muted">No articles yet.</td></tr>`}
        ${items.map(a => html`<tr key=${a.id} class="kb-row">
          <td class="name">${a.published ? html`<a href=${'/kb/articles/' + a.id} target="_blank"
            rel="noopener">${a.title}</a>` : a.title}</td>
          <td class="preview">${a.tags.join(', ')}</td>
          <td>${a.published ? 'Published' : 'Draft'}</td>
          <td class="actions"><button type="button" class="btn" aria-label=${'Edit ' + a.title}
            onClick=${() => setMode(a.id)}>Edit</button></td>
        </tr>`)}
      </tbody>
    </table>
    <p><button type="button" class="btn btn-primary" id="add-article" onClick=${() => setMode('new')}>Add article</button></p>
    ${(mode === 'new' || item) && html`<${ArticleForm} key=${item ? item.id : 'new'} item=${item}
      onSaved=${a => done(a.id)} onDeleted=${() => done(null)} onClose=${() => setMode(null)} />`}`;
}

function ArticleForm({ item, onSaved, onDeleted, onClose }) {
  const panel = useFocusOnOpen();
  const isNew = !item;
  const [title, setTitle] = useState(item ? item.title : '');
  const [body, setBody] = useState(item ? item.body : '');
  const [tags, setTags] = useState(item ? item.tags.join(', ') : '');
  const [published, setPublished] = useState(item ? item.published : false);
  const [showPreview, setShowPreview] = useState(false);
  const save = useSave();
  const submit = async e => {
    e.preventDefault();
    const data = { title, body, published, tags: tags.split(',').map(t => t.trim()).filter(Boolean) };
    const saved = await save.run(() => isNew ? post('/api/v1/kb/articles', data)
      : patch(`/api/v1/kb/articles/${item.id}`, data), isNew ? 'Article created' : 'Article saved');
    if (saved) onSaved(saved);
  };
  const remove = async () => {
    if (await save.run(() => del(`/api/v1/kb/articles/${item.id}`), 'Article deleted') !== undefined) onDeleted();
  };
  return html`<section ref=${panel} class="panel" aria-labelledby="kb-title">
    <h2 id="kb-title">${isNew ? 'New article' : html`Edit <span class="name">${item.title}</span>`}</h2>
    <form class="form" id="kb-form" onSubmit=${submit} novalidate>
      <div class="field"><label for="kb-article-title">Title</label>
        <input id="kb-article-title" value=${title} maxlength="200" onInput=${e => setTitle(e.target.value)} /></div>
      <div class="field"><label for="kb-article-tags">Tags</label>
        <input id="kb-article-tags" value=${tags} aria-describedby="kb-tags-hint" onInput=${e => setTags(e.target.value)} />
        <span class="hint" id="kb-tags-hint">Separated by commas; up to 20.</span></div>
      <div class="field"><label for="kb-article-body">Text (Markdown)</label>
        <textarea id="kb-article-body" rows="14" value=${body} onInput=${e => setBody(e.target.value)}></textarea></div>
      <div class="field"><label><input type="checkbox" id="kb-article-published" checked=${published}
        onChange=${e => setPublished(e.target.checked)} /> Published</label></div>
      <${ErrorText} error=${save.error} id="kb-error" />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled=${save.saving}>
          ${save.saving ? 'Saving…' : isNew ? 'Create' : 'Save'}</button>
        <button type="button" class="btn" id="kb-preview-toggle" aria-expanded=${showPreview}
          onClick=${() => setShowPreview(!showPreview)}>${showPreview ? 'Hide preview' : 'Preview'}</button>
        <button type="button" class="btn" onClick=${onClose}>${isNew ? 'Cancel' : 'Close'}</button>
        <span class="spacer"></span>
        ${!isNew && html`<${ConfirmButton} label="Delete" question=${`Delete “${item.title}”?`}
          confirmLabel="Yes, delete" disabled=${save.saving} onConfirm=${remove} />`}
      </div>
    </form>
    ${showPreview && html`<${Preview} body=${body} />`}
  </section>`;
}

/** The hub's rendering of {@code body}, refreshed a moment after typing stops. */
function Preview({ body }) {
  const box = useRef(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => post('/api/v1/kb/preview', { body }).then(r => {
      if (live && box.current) {
        box.current.replaceChildren(...rebuild(new DOMParser().parseFromString(r.html, 'text/html').body));
        setError(null);
      }
    }, e => live && setError(e)), 300);
    return () => { live = false; clearTimeout(timer); };
  }, [body]);
  return html`<div class="kb-preview-wrap"><h3>Preview</h3><${ErrorText} error=${error} />
    <div class="kb-preview" id="kb-preview" ref=${box}></div></div>`;
}

const TAGS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'LI', 'STRONG', 'EM', 'CODE', 'PRE',
  'BLOCKQUOTE', 'HR', 'BR', 'A', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'DEL', 'S']);

/** Elements from the allowlist, with only an http(s)/mailto href kept; everything else becomes its text. */
function rebuild(from) {
  const out = [];
  for (const n of from.childNodes) {
    if (n.nodeType === Node.TEXT_NODE) {
      out.push(document.createTextNode(n.textContent));
    } else if (n.nodeType === Node.ELEMENT_NODE && TAGS.has(n.tagName)) {
      const el = document.createElement(n.tagName.toLowerCase());
      const href = n.getAttribute('href');
      if (n.tagName === 'A' && href && /^(https?:|mailto:)/i.test(href)) {
        el.setAttribute('href', href);
        el.setAttribute('rel', 'nofollow noopener');
        el.setAttribute('target', '_blank');
      }
      el.append(...rebuild(n));
      out.push(el);
    } else if (n.nodeType === Node.ELEMENT_NODE) {
      out.push(document.createTextNode(n.textContent));
    }
  }
  return out;
}
