// The composer: Reply / private Note, the channel a reply takes, "/" canned responses, "@"
// mentions in notes, a Macros menu, the typing indicator going out, and the collision flow: a
// reply (or macro) refused because someone answered meanwhile shows what they said and sends
// only on "Send anyway". Enter or Ctrl/Cmd+Enter sends; Shift+Enter is a new line.
import { html, useState, useEffect, useRef } from '../lib/html.js';
import { cannedPrefix, mentionPrefix, mentionHandle, replyChannels, authorName } from '../lib/format.js';

const MAX_SHOWN = 8;
const CANNED_REFRESH_MS = 5000;

function Picker({ id, label, items, active, onChoose, hidden }) {
  return html`
    <ul id=${id} class="canned-list picker" role="listbox" aria-label=${label} hidden=${hidden}
        onMouseDown=${e => e.preventDefault()}>
      ${items.map((it, i) => html`
        <li key=${it.key} id=${id + '-option-' + i} role="option" aria-selected=${String(i === active)}
            class=${'canned-option' + (i === active ? ' active' : '')} onClick=${() => onChoose(i)}>
          <span class="canned-shortcut">${it.title}</span>
          <span class="canned-body">${it.detail}</span>
        </li>`)}
    </ul>`;
}

function Conflict({ conflict, onForce, onCancel }) {
  const names = [];
  for (const m of conflict.messages) {
    const who = (m.author && m.author.name) || (m.author && m.author.type === 'bot' ? 'A bot' : 'A colleague');
    if (!names.includes(who)) names.push(who);
  }
  const force = useRef(null);
  useEffect(() => { force.current && force.current.focus(); }, [conflict]);
  return html`
    <div id="reply-conflict" class="reply-conflict" role="alert">
      <p id="reply-conflict-text">${(names.join(', ') || 'Someone') +
        ' replied while you were writing. Your ' + (conflict.macroId ? 'macro was not run' : 'reply was not sent') + '. Send anyway?'}</p>
      <ul id="reply-conflict-list" class="reply-conflict-list">
        ${conflict.messages.map(m => html`<li key=${m.id} class="reply-conflict-item"><strong>${authorName(m) + ': '}</strong><span>${m.body || ''}</span></li>`)}
      </ul>
      <button id="send-anyway" ref=${force} type="button" class="btn btn-primary" onClick=${onForce}>Send anyway</button>
      <button id="conflict-cancel" type="button" class="btn" onClick=${onCancel}>Don't send</button>
    </div>`;
}

function MacrosMenu({ macros, onRun }) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return undefined;
    const onKey = e => { if (e.key === 'Escape') setOpen(false); };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  if (!macros.length) return null;
  return html`
    <div class="menu-anchor">
      <button id="macros-button" type="button" class="btn" aria-haspopup="menu" aria-expanded=${String(open)}
              onClick=${() => setOpen(!open)}>Macros ▾</button>
      ${open ? html`
        <div id="macros-menu" class="menu macros-menu up" role="menu" aria-label="Macros">
          ${macros.map(m => html`<button key=${m.id} type="button" role="menuitem" class="menu-item"
              onClick=${() => { setOpen(false); onRun(m); }}>${m.name}</button>`)}
        </div>` : null}
    </div>`;
}

export function Composer({ state, actions }) {
  const conv = state.conversation;
  const [text, setText] = useState('');
  const [note, setNote] = useState(false);
  const [channel, setChannel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [conflict, setConflict] = useState(null);    // {messages, body?, macroId?}
  const [picker, setPicker] = useState(null);        // {kind, items, active, typed}
  const input = useRef(null);
  const canned = useRef({ items: [], at: 0, loading: null });

  useEffect(() => { setConflict(null); setError(null); setPicker(null); setChannel(''); }, [state.selectedId]);

  const lastChannel = (() => {
    for (let i = state.messages.length - 1; i >= 0; i--) {
      const m = state.messages[i];
      if (m.direction === 'in' || m.direction === 'out') return m.channel;
    }
    return conv && conv.last_message && conv.last_message.channel;
  })();
  const preferred = (conv && conv.channel) || lastChannel;
  const channels = replyChannels(state.channelsByKind, state.customer && state.customer.identities, preferred);
  const chosen = channels.includes(channel) ? channel : (preferred || channels[0] || '');

  function loadCanned(force) {
    const c = canned.current;
    if (c.loading) return c.loading;
    if (c.at && (!force || Date.now() - c.at < CANNED_REFRESH_MS)) return Promise.resolve(c.items);
    c.loading = actions.cannedResponses().then(items => { c.items = items; c.at = Date.now(); return items; })
      .catch(() => c.items).finally(() => { c.loading = null; });
    return c.loading;
  }

  function updatePicker(value, caret, selEnd) {
    if (caret !== selEnd) { setPicker(null); return; }
    const prefix = cannedPrefix(value, caret);
    if (prefix != null) {
      loadCanned(false).then(items => {
        const el = input.current;
        if (!el || cannedPrefix(el.value, el.selectionStart) !== prefix) return;  // typing moved on
        const matches = items.filter(c => c.shortcut.indexOf(prefix) === 0).slice(0, MAX_SHOWN);
        setPicker(matches.length ? {
          kind: 'canned', active: 0, typed: prefix.length + 1,
          items: matches.map(c => ({ key: c.id || c.shortcut, title: '/' + c.shortcut,
            detail: c.body.length > 120 ? c.body.slice(0, 120) + '…' : c.body, insert: c.body }))
        } : null);
      });
      return;
    }
    const mention = note ? mentionPrefix(value, caret) : null;
    if (mention != null) {
      const matches = Object.values(state.agents)
        .filter(a => mentionHandle(a).toLowerCase().startsWith(mention) || String(a.name || '').toLowerCase().startsWith(mention))
        .slice(0, MAX_SHOWN);
      setPicker(matches.length ? {
        kind: 'mention', active: 0, typed: mention.length + 1,
        items: matches.map(a => ({ key: a.id, title: '@' + mentionHandle(a), detail: a.name || '', insert: '@' + mentionHandle(a) + ' ' }))
      } : null);
      return;
    }
    setPicker(null);
  }

  function choose(i) {
    const it = picker && picker.items[i];
    const el = input.current;
    if (!it || !el) return;
    const caret = el.selectionStart;
    // canned: replaces "/name" (everything before the caret); mention: replaces "@part"
    const before = picker.kind === 'canned' ? '' : el.value.slice(0, caret - picker.typed);
    const next = before + it.insert + el.value.slice(caret);
    setText(next);
    setPicker(null);
    const at = before.length + it.insert.length;
    requestAnimationFrame(() => { el.focus(); el.selectionStart = el.selectionEnd = at; });
    actions.typed(true);
  }

  async function send(force = false) {
    const body = text;
    if (!body.trim() || busy || state.selectedId == null) return;
    setBusy(true);
    setError(null);
    setConflict(null);
    const r = await actions.send(body, { note, channel: chosen, force });
    setBusy(false);
    if (r.ok) setText(t => (t === body ? '' : t));
    else if (r.conflict) setConflict({ messages: r.conflict, body });
    else setError('Not sent: ' + r.error);
    if (!r.conflict && input.current) input.current.focus();
  }

  async function runMacro(m, force = false) {
    setError(null);
    setConflict(null);
    const r = await actions.runMacro(m.id, force);
    if (r.conflict) setConflict({ messages: r.conflict, macroId: m.id, macro: m });
    else if (r.error) setError('Macro not run: ' + r.error);
  }

  function onKeyDown(e) {
    if (e.isComposing) return;
    if (picker) {
      const n = picker.items.length;
      let handled = true;
      if (e.key === 'ArrowDown') setPicker({ ...picker, active: (picker.active + 1) % n });
      else if (e.key === 'ArrowUp') setPicker({ ...picker, active: (picker.active + n - 1) % n });
      else if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') choose(picker.active);
      else if (e.key === 'Escape') setPicker(null);
      else handled = false;
      if (handled) { e.preventDefault(); e.stopPropagation(); return; }
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey || !e.shiftKey)) {
      e.preventDefault();
      send();
    } else if (e.key === 'Escape') {
      e.stopPropagation();
      e.currentTarget.blur();
    }
  }

  function onInput(e) {
    const el = e.currentTarget;
    setText(el.value);
    actions.typed(!!el.value);
    updatePicker(el.value, el.selectionStart, el.selectionEnd);
  }

  const typing = state.typing;
  return html`
    <div id="typing-indicator" class="typing-indicator" hidden=${!typing} aria-live="polite">
      ${typing ? (typing.who === 'customer' ? 'Customer is typing…' : (typing.name || 'An agent') + ' is typing…') : ''}
    </div>
    <form id="composer" class=${'composer' + (note ? ' note-mode' : '')} autocomplete="off"
          onSubmit=${e => { e.preventDefault(); send(); }}>
      ${conflict ? html`<${Conflict} conflict=${conflict}
          onForce=${() => (conflict.macroId ? runMacro(conflict.macro, true) : send(true))}
          onCancel=${() => { setConflict(null); input.current && input.current.focus(); }} />`
        : html`<div id="reply-conflict" class="reply-conflict" hidden></div>`}
      <${Picker} id="canned-list" label="Canned responses" hidden=${!picker || picker.kind !== 'canned'}
          items=${picker && picker.kind === 'canned' ? picker.items : []} active=${picker ? picker.active : 0} onChoose=${choose} />
      <${Picker} id="mention-list" label="Mention an agent" hidden=${!picker || picker.kind !== 'mention'}
          items=${picker && picker.kind === 'mention' ? picker.items : []} active=${picker ? picker.active : 0} onChoose=${choose} />
      <label class="sr-only" for="reply-input">${note ? 'Private note' : 'Reply'}</label>
      <textarea id="reply-input" ref=${input} rows="3" value=${text}
                placeholder=${note ? 'Private note — only agents see this (@ to mention)' : 'Reply… (Enter to send, Shift+Enter for a new line, / for canned responses)'}
                aria-controls="canned-list" aria-autocomplete="list" aria-expanded=${String(!!picker)}
                aria-activedescendant=${picker ? `${picker.kind === 'canned' ? 'canned-list' : 'mention-list'}-option-${picker.active}` : undefined}
                onInput=${onInput} onKeyDown=${onKeyDown}
                onClick=${e => updatePicker(e.currentTarget.value, e.currentTarget.selectionStart, e.currentTarget.selectionEnd)}
                onFocus=${() => loadCanned(true)}
                onBlur=${() => { setPicker(null); actions.stopTyping(); }}></textarea>
      <div class="composer-bar">
        <label class="note-toggle"><input id="note-toggle" type="checkbox" checked=${note}
            onChange=${e => setNote(e.currentTarget.checked)} /> Private note</label>
        ${note ? null : html`
          <label class="reply-channel" for="channel-select">Reply via</label>
          <select id="channel-select" value=${chosen} onChange=${e => setChannel(e.currentTarget.value)}>
            ${channels.map(c => html`<option value=${c}>${c}</option>`)}
          </select>`}
        <${MacrosMenu} macros=${state.macros} onRun=${m => runMacro(m)} />
        <span id="send-error" class="send-error" role="alert" hidden=${!error}>${error || ''}</span>
        <span class="spacer"></span>
        <button id="send-button" type="submit" class="btn btn-primary" disabled=${busy}>${note ? 'Add note' : 'Send'}</button>
      </div>
    </form>`;
}
