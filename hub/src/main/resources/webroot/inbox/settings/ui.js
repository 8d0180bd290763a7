// Pieces every settings section shares: loading, saving with the hub's error shown, a toast,
// inline confirmation, a copy button. Text goes into templates as text nodes only.
import { html, useState, useEffect, useCallback, useRef } from '../lib/html.js';

let toastListener = () => {};

/** Shows a short success message in the page's one status region. */
export function toast(text) {
  toastListener(text);
}

export function Toast() {
  const [text, setText] = useState('');
  useEffect(() => {
    let timer;
    toastListener = t => {
      setText(t);
      clearTimeout(timer);
      timer = setTimeout(() => setText(''), 4000);
    };
    return () => { toastListener = () => {}; clearTimeout(timer); };
  }, []);
  return html`<div class="toast" role="status" aria-live="polite" hidden=${!text}>${text}</div>`;
}

/** Loads with {@code load()} when {@code deps} change: {data, error, reload}. */
export function useLoad(load, deps = []) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const reload = useCallback(() => {
    setState(s => ({ ...s, loading: true }));
    return load().then(data => setState({ data, error: null, loading: false }),
      error => setState({ data: null, error, loading: false }));
  }, deps);
  useEffect(() => { reload(); }, [reload]);
  return { ...state, reload };
}

/**
 * A save in progress and its failure: {saving, error, run}. {@code run(work, done)} disables the
 * form while {@code work()} runs, shows the hub's message when it fails, and toasts {@code done}.
 */
export function useSave() {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState(null);
  const run = async (work, done) => {
    setSaving(true);
    setError(null);
    try {
      const result = await work();
      if (done) toast(done);
      return result;
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setSaving(false);
    }
  };
  return { saving, error, setError, run };
}

/** The hub's message for a failed call, next to the form it belongs to. */
export function ErrorText({ error, id }) {
  if (!error) return null;
  const text = error.message || String(error);
  return html`<p class="form-error" role="alert" id=${id}>${text}</p>`;
}

export function Loading({ state, what }) {
  if (state.error) return html`<${ErrorText} error=${state.error} />`;
  if (state.loading && !state.data) return html`<p class="muted">Loading ${what}…</p>`;
  return null;
}

/** A button that asks once more, in place, before doing something that cannot be undone. */
export function ConfirmButton({ label, question, confirmLabel, onConfirm, disabled, danger = true, id }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return html`<button type="button" class=${'btn' + (danger ? ' btn-danger' : '')} id=${id} disabled=${disabled}
      onClick=${() => setAsking(true)}>${label}</button>`;
  }
  return html`<${ConfirmAsk} question=${question} label=${confirmLabel || label} danger=${danger}
    onYes=${() => { setAsking(false); onConfirm(); }} onNo=${() => setAsking(false)} />`;
}

function ConfirmAsk({ question, label, danger, onYes, onNo }) {
  const yes = useRef(null);
  useEffect(() => { if (yes.current) yes.current.focus(); }, []);
  return html`<span class="confirm" role="group" aria-label=${question}>
    <span class="confirm-question">${question}</span>
    <button type="button" ref=${yes} class=${'btn confirm-yes' + (danger ? ' btn-danger' : ' btn-primary')}
      onClick=${onYes}>${label}</button>
    <button type="button" class="btn" onClick=${onNo}>Cancel</button>
  </span>`;
}

export function CopyButton({ text, label = 'Copy' }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      toast('Copied');
      setTimeout(() => setCopied(false), 2000);
    } catch (e) {
      toast('Copy failed: select the text and copy it by hand');
    }
  };
  return html`<button type="button" class="btn" onClick=${copy}>${copied ? 'Copied' : label}</button>`;
}

let nextId = 0;
/** A unique id for a label and its control. */
export function uid(prefix) {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** A labelled checkbox list of {id, name} items; {@code value} is the set of chosen ids. */
export function Picker({ legend, items, value, onChange, empty = 'None yet', name }) {
  const toggle = id => {
    const next = new Set(value);
    if (next.has(id)) next.delete(id); else next.add(id);
    onChange([...next]);
  };
  return html`<fieldset class="picker">
    <legend>${legend}</legend>
    ${items.length === 0 ? html`<span class="muted">${empty}</span>` : items.map(item => html`
      <label class="check" key=${item.id}>
        <input type="checkbox" name=${name} value=${item.id} checked=${value.includes(item.id)}
          onChange=${() => toggle(item.id)} />
        <span>${item.name}</span>
      </label>`)}
  </fieldset>`;
}

export function byName(list, id) {
  const found = (list || []).find(x => x.id === id);
  return found ? found.name : `#${id}`;
}

/**
 * A ref for a panel that takes the keyboard focus (its first control) and scrolls into view when
 * it opens, so a keyboard user lands in the form they asked for.
 */
export function useFocusOnOpen() {
  const ref = useRef(null);
  useEffect(() => {
    const panel = ref.current;
    if (!panel) return;
    const first = panel.querySelector('input:not([type=hidden]), select, textarea') || panel.querySelector('button');
    if (first) first.focus({ preventScroll: true });
    panel.scrollIntoView({ block: 'nearest' });
  }, []);
  return ref;
}
