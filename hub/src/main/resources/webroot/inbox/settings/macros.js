// Macros: a name and a list of actions an agent runs on a conversation in one step. Each action
// type has its own value input, with pickers for agents, teams and tags; the hub's 400 message
// says what it refuses.
import { html, useState } from '../lib/html.js';
import { get, post, patch, del } from '../lib/api.js';
import { useLoad, useSave, ErrorText, Loading, ConfirmButton, useFocusOnOpen } from './ui.js';

export const ACTION_TYPES = [
  { type: 'reply', title: 'Send a reply' },
  { type: 'note', title: 'Add a private note' },
  { type: 'status', title: 'Set status' },
  { type: 'snooze', title: 'Snooze' },
  { type: 'assign', title: 'Assign to agent' },
  { type: 'team', title: 'Move to team' },
  { type: 'priority', title: 'Set priority' },
  { type: 'add_tags', title: 'Add tags' },
  { type: 'remove_tags', title: 'Remove tags' },
];
const STATUSES = ['open', 'pending', 'resolved'];
const PRIORITIES = ['none', 'low', 'medium', 'high', 'urgent'];

function defaultValue(type) {
  switch (type) {
    case 'status': return 'resolved';
    case 'snooze': return 60;
    case 'assign': case 'team': return null;
    case 'priority': return 'high';
    case 'add_tags': case 'remove_tags': return [];
    default: return '';
  }
}

function list(reply, key) {
  return Array.isArray(reply) ? reply : (reply && reply[key]) || [];
}

export function Macros() {
  const state = useLoad(() => Promise.all([
    get('/api/v1/macros'), get('/api/v1/agents'), get('/api/v1/teams'),
    get('/api/v1/tags').catch(() => ({ tags: [] })),
  ]).then(([m, a, t, g]) => ({ macros: list(m, 'macros'), agents: a.agents, teams: t.teams,
    tags: list(g, 'tags').map(x => x.name) })));
  const [mode, setMode] = useState(null);
  if (!state.data) {
    if (state.error && state.error.status === 404) {
      return html`<p class="muted">This hub has no macros yet.</p>`;
    }
    return html`<${Loading} state=${state} what="macros" />`;
  }
  const { macros, agents, teams, tags } = state.data;
  const macro = mode && mode !== 'new' ? macros.find(m => m.id === mode) : null;
  const done = next => state.reload().then(() => setMode(next));
  return html`
    <p class="lead">Agents run a macro on a conversation to do several things in one step.</p>
    <table class="list" aria-label="Macros">
      <thead><tr><th scope="col">Name</th><th scope="col">Actions</th>
        <th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>
        ${macros.length === 0 && html`<tr><td colspan="3" class="muted">No macros yet.</td></tr>`}
        ${macros.map(m => html`<tr key=${m.id} class="macro-row">
          <td class="name">${m.name}</td>
          <td>${(m.actions || []).map(a => (ACTION_TYPES.find(t => t.type === a.type) || { title: a.type }).title).join(' → ')}</td>
          <td class="actions"><button type="button" class="btn" aria-label=${'Edit ' + m.name}
            onClick=${() => setMode(m.id)}>Edit</button></td>
        </tr>`)}
      </tbody>
    </table>
    <p><button type="button" class="btn btn-primary" id="add-macro" onClick=${() => setMode('new')}>Add macro</button></p>
    ${(mode === 'new' || macro) && html`<${MacroForm} key=${macro ? macro.id : 'new'} macro=${macro}
      agents=${agents} teams=${teams} tags=${tags}
      onSaved=${m => done(m.id)} onDeleted=${() => done(null)} onClose=${() => setMode(null)} />`}`;
}

let nextKey = 0;
const keyed = a => ({ ...a, key: ++nextKey });

function MacroForm({ macro, agents, teams, tags, onSaved, onDeleted, onClose }) {
  const panel = useFocusOnOpen();
  const isNew = !macro;
  const [name, setName] = useState(macro ? macro.name : '');
  const [actions, setActions] = useState(() => (macro ? macro.actions : []).map(keyed));
  const [adding, setAdding] = useState('reply');
  const save = useSave();

  // the hub counts actions from 0 ("actions[2] (snooze): …"); the page numbers steps from 1
  const badStep = save.error && /actions\[(\d+)\]/.exec(save.error.message || '');
  const stepError = save.error && { message: (save.error.message || '').replace(/actions\[(\d+)\]/g,
    (_, n) => `Step ${Number(n) + 1}`) };
  const change = (i, a) => setActions(all => all.map((x, j) => (j === i ? { ...x, ...a } : x)));
  const move = (i, by) => setActions(all => {
    const next = all.slice();
    const [a] = next.splice(i, 1);
    next.splice(i + by, 0, a);
    return next;
  });
  const remove = i => setActions(all => all.filter((_, j) => j !== i));
  const add = () => setActions(all => [...all, keyed({ type: adding, value: defaultValue(adding) })]);

  const submit = async e => {
    e.preventDefault();
    const body = { name: name.trim(), actions: actions.map(({ type, value }) => ({ type, value })) };
    const saved = await save.run(() => isNew ? post('/api/v1/macros', body) : patch(`/api/v1/macros/${macro.id}`, body),
      isNew ? 'Macro created' : 'Macro saved');
    if (saved) onSaved(saved);
  };
  const destroy = async () => {
    if (await save.run(() => del(`/api/v1/macros/${macro.id}`), 'Macro deleted') !== undefined) onDeleted();
  };

  return html`<section ref=${panel} class="panel" aria-labelledby="macro-title">
    <h2 id="macro-title">${isNew ? 'New macro' : html`Edit macro: <span class="name">${macro.name}</span>`}</h2>
    <form class="form" id="macro-form" onSubmit=${submit} novalidate>
      <div class="field"><label for="macro-name">Name</label>
        <input id="macro-name" value=${name} maxlength="100" onInput=${e => setName(e.target.value)} /></div>
      <fieldset class="group">
        <legend>Actions, in order</legend>
        ${actions.length === 0 && html`<p class="muted">No actions yet.</p>`}
        <ol class="actions-list">
          ${actions.map((a, i) => html`<li key=${a.key}
            class=${'action-row' + (badStep && Number(badStep[1]) === i ? ' invalid' : '')}>
            <span class="step" aria-hidden="true">${i + 1}.</span>
            <${ActionEditor} index=${i} action=${a} agents=${agents} teams=${teams} tags=${tags}
              onChange=${x => change(i, x)} />
            <span class="row-buttons">
              <button type="button" class="btn btn-small" aria-label=${`Move action ${i + 1} up`}
                disabled=${i === 0} onClick=${() => move(i, -1)}>↑</button>
              <button type="button" class="btn btn-small" aria-label=${`Move action ${i + 1} down`}
                disabled=${i === actions.length - 1} onClick=${() => move(i, 1)}>↓</button>
              <button type="button" class="btn btn-small" aria-label=${`Remove action ${i + 1}`}
                onClick=${() => remove(i)}>Remove</button>
            </span>
          </li>`)}
        </ol>
        <div class="add-action">
          <label for="macro-add-type">New action</label>
          <select id="macro-add-type" value=${adding} onChange=${e => setAdding(e.target.value)}>
            ${ACTION_TYPES.map(t => html`<option key=${t.type} value=${t.type}>${t.title}</option>`)}
          </select>
          <button type="button" class="btn" id="macro-add-action" onClick=${add}>Add action</button>
        </div>
      </fieldset>
      <${ErrorText} error=${stepError} id="macro-error" />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled=${save.saving}>
          ${save.saving ? 'Saving…' : isNew ? 'Create macro' : 'Save'}</button>
        <button type="button" class="btn" onClick=${onClose}>${isNew ? 'Cancel' : 'Close'}</button>
        <span class="spacer"></span>
        ${!isNew && html`<${ConfirmButton} label="Delete macro" question=${`Delete ${macro.name}?`}
          confirmLabel="Yes, delete" disabled=${save.saving} onConfirm=${destroy} />`}
      </div>
    </form>
  </section>`;
}

function ActionEditor({ index, action, agents, teams, tags, onChange }) {
  const id = `macro-action-${index}`;
  const typeSelect = html`<label class="sr-only" for=${id + '-type'}>Action ${index + 1} type</label>
    <select id=${id + '-type'} value=${action.type}
      onChange=${e => onChange({ type: e.target.value, value: defaultValue(e.target.value) })}>
      ${ACTION_TYPES.map(t => html`<option key=${t.type} value=${t.type}>${t.title}</option>`)}
    </select>`;
  const valueLabel = html`<label class="sr-only" for=${id + '-value'}>Action ${index + 1} value</label>`;
  const set = value => onChange({ value });
  let input;
  switch (action.type) {
    case 'reply':
    case 'note':
      input = html`<textarea id=${id + '-value'} rows="2" value=${action.value || ''}
        onInput=${e => set(e.target.value)}></textarea>`;
      break;
    case 'status':
      input = html`<select id=${id + '-value'} value=${action.value} onChange=${e => set(e.target.value)}>
        ${STATUSES.map(s => html`<option key=${s} value=${s}>${s}</option>`)}</select>`;
      break;
    case 'priority':
      input = html`<select id=${id + '-value'} value=${action.value} onChange=${e => set(e.target.value)}>
        ${PRIORITIES.map(s => html`<option key=${s} value=${s}>${s}</option>`)}</select>`;
      break;
    case 'snooze':
      input = html`<span class="inline"><input id=${id + '-value'} type="number" min="1" value=${action.value ?? ''}
        onInput=${e => set(/^\d+$/.test(e.target.value) ? Number(e.target.value) : e.target.value)} /> minutes</span>`;
      break;
    case 'assign':
    case 'team': {
      const options = action.type === 'assign' ? agents : teams;
      input = html`<select id=${id + '-value'} value=${action.value === null || action.value === undefined ? '' : String(action.value)}
        onChange=${e => set(e.target.value === '' ? null : Number(e.target.value))}>
        <option value="">${action.type === 'assign' ? 'Nobody (unassign)' : 'No team'}</option>
        ${options.map(o => html`<option key=${o.id} value=${String(o.id)}>${o.name}</option>`)}</select>`;
      break;
    }
    case 'add_tags':
    case 'remove_tags':
      input = html`<${TagsInput} id=${id + '-value'} value=${Array.isArray(action.value) ? action.value : []}
        tags=${tags} onChange=${set} />`;
      break;
    default:
      input = html`<input id=${id + '-value'} value=${action.value == null ? '' : String(action.value)}
        onInput=${e => set(e.target.value)} />`;
  }
  return html`<span class="action-editor">${typeSelect}${valueLabel}${input}</span>`;
}

/** Tag names: picked from the catalogue, or typed (comma-separated). */
function TagsInput({ id, value, tags, onChange }) {
  const listId = id + '-list';
  const [text, setText] = useState(value.join(', '));
  const update = t => {
    setText(t);
    onChange(t.split(',').map(s => s.trim()).filter(Boolean));
  };
  return html`<span class="inline">
    <input id=${id} list=${listId} value=${text} placeholder="billing, vip" onInput=${e => update(e.target.value)} />
    <datalist id=${listId}>${tags.map(t => html`<option key=${t} value=${t} />`)}</datalist>
  </span>`;
}
