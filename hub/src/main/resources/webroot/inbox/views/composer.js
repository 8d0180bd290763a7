// The composer: Reply / private Note, the channel a reply takes, "/" canned responses, "@"
// mentions in notes, a Macros menu, the typing indicator going out, and the collision flow: a
// reply (or macro) refused because someone answered meanwhile shows what they said and sends
// only on "Send anyway"; a reply refused because the channel's window closed offers the inbox's
// approved templates instead. Enter or Ctrl/Cmd+Enter sends; Shift+Enter is a new line. Files
// (the Attach button, or dropped or pasted) are listed with a remove button each, uploaded when
// the reply is sent and named by it (attachment_ids); files alone need no text. "Reply to this" on a
// customer's message quotes it above the text box (reply_to), until sent or removed. A bot's
// pending drafts show above it as suggestions: Send (as is), Edit (the text goes into the box, and
// sending it sends the draft edited) or Dismiss; nothing a bot writes reaches the customer otherwise.
import { html, useState, useEffect, useRef } from '../lib/html.js';
import { cannedPrefix, mentionPrefix, mentionHandle, replyChannels, authorName } from '../lib/format.js';
import { pendingDrafts, editedDraft } from '../lib/store.js';

const MAX_SHOWN = 8;
const MAX_FILES = 10;                      // as the hub allows per reply
const MAX_FILE_BYTES = 10 * 1024 * 1024;   // as the hub allows per file

function sizeText(n) {
  return n < 1024 ? n + ' B' : n < 1024 * 1024 ? Math.round(n / 1024) + ' KB' : (n / (1024 * 1024)).toFixed(1) + ' MB';
}

/** The customer message the reply will quote (reply_to), with a button to stop quoting it. */
function Quoting({ quoted, onRemove }) {
  if (!quoted) return html`<div id="composer-quote" class="composer-quote" hidden></div>`;
  const text = quoted.body || (quoted.attachments && quoted.attachments.length ? '📎 attachment' : '');
  return html`
    <div id="composer-quote" class="composer-quote">
      <span class="composer-quote-label">Replying to</span>
      <blockquote id="composer-quote-text" class="message-quote">${text.length > 140 ? text.slice(0, 140) + '…' : text}</blockquote>
      <button id="composer-quote-remove" type="button" class="btn btn-small" aria-label="Do not quote this message"
              onClick=${onRemove}>×</button>
    </div>`;
}

/** The chosen files, each with a labelled remove button. */
function Files({ files, onRemove, disabled }) {
  if (!files.length) return html`<ul id="composer-files" class="composer-files" hidden></ul>`;
  return html`
    <ul id="composer-files" class="composer-files" aria-label="Files to send">
      ${files.map(f => html`
        <li key=${f.key} class="composer-file">
          <span class="composer-file-name">${f.file.name || 'file'}</span>
          <span class="composer-file-size">${' (' + sizeText(f.file.size) + ')'}</span>
          <button type="button" class="btn btn-small composer-file-remove" disabled=${disabled}
                  aria-label=${'Remove ' + (f.file.name || 'file')} onClick=${() => onRemove(f.key)}>×</button>
        </li>`)}
    </ul>`;
}
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

/** The bot's pending drafts, each with labelled Send, Edit and Dismiss buttons; the one being edited is in the box. */
function Suggestions({ drafts, editing, busy, onSend, onEdit, onDismiss }) {
  const shown = drafts.filter(d => d.id !== editing);
  if (!shown.length) return html`<section id="drafts" class="drafts" hidden></section>`;
  return html`
    <section id="drafts" class="drafts" aria-label="Suggested replies">
      ${shown.map(d => {
        const bot = (d.bot && d.bot.name) || 'a bot';
        return html`
          <article key=${d.id} id=${'draft-' + d.id} class="draft" data-id=${String(d.id)}
                   aria-labelledby=${'draft-' + d.id + '-label'}>
            <p id=${'draft-' + d.id + '-label'} class="draft-label">${'Suggested by ' + bot}</p>
            <p class="draft-body">${d.body}</p>
            ${d.note ? html`<p class="draft-note"><span class="sr-only">Note from the bot: </span>${d.note}</p>` : null}
            <div class="draft-actions">
              <button type="button" class="btn btn-primary btn-small draft-send" disabled=${busy}
                      aria-label=${'Send the suggestion by ' + bot} onClick=${() => onSend(d)}>Send</button>
              <button type="button" class="btn btn-small draft-edit" disabled=${busy}
                      aria-label=${'Edit the suggestion by ' + bot} onClick=${() => onEdit(d)}>Edit</button>
              <button type="button" class="btn btn-small draft-dismiss" disabled=${busy}
                      aria-label=${'Dismiss the suggestion by ' + bot} onClick=${() => onDismiss(d)}>Dismiss</button>
            </div>
          </article>`;
      })}
    </section>`;
}

/** A colleague sent or dismissed the suggestion this agent was editing: what is left in the box is an ordinary reply now. */
function DraftTaken({ taken, onClear, onKeep }) {
  if (!taken) return html`<div id="draft-taken" class="reply-conflict" hidden></div>`;
  const what = taken.status === 'dismissed' ? 'dismissed' : 'sent';
  return html`
    <div id="draft-taken" class="reply-conflict" role="alert">
      <p id="draft-taken-text">${taken.by + ' ' + what + ' the suggestion you were editing. Your text was not sent;' +
        ' sending it now is an ordinary reply' + (what === 'sent' ? ', after theirs.' : '.')}</p>
      <button id="draft-taken-clear" type="button" class="btn btn-primary" onClick=${onClear}>Clear my text</button>
      <button id="draft-taken-keep" type="button" class="btn" onClick=${onKeep}>Keep it</button>
    </div>`;
}

/** Above the box while a suggestion is being edited: sending sends it, edited; Cancel makes it a suggestion again. */
function EditingDraft({ draft, onCancel }) {
  if (!draft) return html`<div id="draft-editing" class="composer-quote draft-editing" hidden></div>`;
  return html`
    <div id="draft-editing" class="composer-quote draft-editing">
      <span class="composer-quote-label">${'Editing the suggestion by ' + ((draft.bot && draft.bot.name) || 'a bot') +
        ' — sending it sends your version'}</span>
      <button id="draft-editing-cancel" type="button" class="btn btn-small" onClick=${onCancel}>Cancel edit</button>
    </div>`;
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

/** The inbox a reply on this channel goes through: the conversation's, else the customer's last one there. */
function inboxOf(conv, messages, channel) {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.direction === 'in' && m.channel === channel && m.inbox_id != null) return m.inbox_id;
  }
  return conv && conv.inbox_id != null ? conv.inbox_id : null;
}

/**
 * The channel's reply window is closed (WhatsApp after 24 hours, Messenger after 7 days): the
 * hub's reason, and the inbox's approved templates with a labelled field per parameter.
 */
function WindowClosed({ closed, actions, onDone, onClose }) {
  const [templates, setTemplates] = useState(null);   // null while loading
  const [failed, setFailed] = useState(null);
  const [picked, setPicked] = useState('');
  const [values, setValues] = useState([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  useEffect(() => {
    setTemplates(null); setFailed(null); setPicked(''); setValues([]); setError(null);
    if (!closed || closed.inboxId == null) { setTemplates([]); return undefined; }
    let live = true;
    actions.templates(closed.inboxId).then(list => { if (live) setTemplates(list); })
      .catch(err => { if (live) { setTemplates([]); setFailed(err.message); } });
    return () => { live = false; };
  }, [closed]);
  if (!closed) return html`<div id="window-closed" class="reply-conflict window-closed" hidden></div>`;

  const t = templates && picked !== '' ? templates[Number(picked)] : null;
  const count = t ? Number(t.parameters) || 0 : 0;
  function choose(v) {
    setPicked(v);
    setError(null);
    const next = v !== '' && templates[Number(v)];
    setValues(next ? Array.from({ length: Number(next.parameters) || 0 }, () => '') : []);
  }
  async function send() {
    if (!t || busy) return;
    const parameters = values.map(v => v.trim());
    if (parameters.some(v => !v)) { setError('Fill in every parameter of the template'); return; }
    setBusy(true);
    setError(null);
    const r = await actions.sendTemplate(closed.channel, { name: t.name, language: t.language, parameters });
    setBusy(false);
    if (r.ok) onDone();
    else setError('Template not sent: ' + r.error);
  }
  const reason = closed.message + ' Your reply was not sent.' +
    (failed ? ' Templates could not be loaded: ' + failed : templates && !templates.length ? ' This inbox has no approved templates.' : '');
  return html`
    <div id="window-closed" class="reply-conflict window-closed" role="alert">
      <p id="window-closed-text">${reason}</p>
      ${templates && templates.length ? html`
        <div id="template-form" class="template-form">
          <select id="template-select" aria-label="Template" value=${picked} onChange=${e => choose(e.currentTarget.value)}>
            <option value="">Choose an approved template…</option>
            ${templates.map((x, i) => html`<option key=${x.name + ':' + x.language} value=${String(i)}>${x.name + ' (' + x.language + ')'}</option>`)}
          </select>
          <p id="template-preview" class="template-preview">${t ? t.body || '' : ''}</p>
          <div id="template-params" class="template-params">
            ${Array.from({ length: count }, (_, i) => html`
              <label key=${picked + ':' + i} class="template-param">
                <span class="sr-only">${'Parameter ' + (i + 1)}</span>
                <input type="text" placeholder=${'{{' + (i + 1) + '}}'} aria-label=${'Parameter ' + (i + 1)}
                       value=${values[i] || ''}
                       onInput=${e => { const v = e.currentTarget.value; setValues(vs => vs.map((x, j) => (j === i ? v : x))); }}
                       onKeyDown=${e => { if (e.key === 'Enter') { e.preventDefault(); send(); } }} />
              </label>`)}
          </div>
          ${error ? html`<p id="template-error" class="send-error" role="alert">${error}</p>` : null}
          <button id="send-template" type="button" class="btn btn-primary" disabled=${!t || busy} onClick=${send}>Send template</button>
        </div>` : null}
      <button id="window-closed-dismiss" type="button" class="btn" onClick=${onClose}>Close</button>
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
  const [notice, setNotice] = useState(null);      // a macro's warning (e.g. an admin over an agent's capacity)
  const [conflict, setConflict] = useState(null);    // {messages, body?, macroId?}
  const [picker, setPicker] = useState(null);        // {kind, items, active, typed}
  const [files, setFiles] = useState([]);            // [{key, file, id?}]: id once uploaded
  const fileKey = useRef(0);
  const input = useRef(null);
  const canned = useRef({ items: [], at: 0, loading: null });

  const [closed, setClosed] = useState(null);      // {message, channel, inboxId}: the reply window is closed
  const [deciding, setDeciding] = useState(false);   // a suggestion's Send or Dismiss is on its way
  const editing = editedDraft(state);
  useEffect(() => { setConflict(null); setClosed(null); setError(null); setNotice(null); setPicker(null); setChannel(''); setFiles([]); }, [state.selectedId]);

  function addFiles(list) {
    const chosen = Array.from(list || []);
    if (!chosen.length) return;
    const tooBig = chosen.filter(f => f.size > MAX_FILE_BYTES);
    const ok = chosen.filter(f => f.size <= MAX_FILE_BYTES && f.size > 0);
    setFiles(fs => {
      const room = Math.max(0, MAX_FILES - fs.length);
      if (ok.length > room) setError('At most ' + MAX_FILES + ' files go with one reply');
      return fs.concat(ok.slice(0, room).map(file => ({ key: ++fileKey.current, file })));
    });
    if (tooBig.length) setError(tooBig.map(f => f.name).join(', ') + ': larger than 10 MB, not attached');
    else setError(null);
  }

  /** Uploads the files not uploaded yet; answers their ids, or throws the first refusal. */
  async function uploadAll() {
    const ids = [];
    for (const f of files) {
      if (f.id == null) {
        const up = await actions.upload(f.file);
        f.id = up.id;   // kept on the entry: a retried send does not upload it again
      }
      ids.push(f.id);
    }
    return ids;
  }

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

  /** Sends a suggestion: as it is ({@code body} null) or the agent's edit; a refusal shows as a reply's would. */
  async function sendDraft(draftId, body, force = false) {
    setError(null);
    setConflict(null);
    setClosed(null);
    const r = await actions.acceptDraft(draftId, { body, force });
    if (r.ok) {
      if (body != null) setText(t => (t === body ? '' : t));
    } else if (r.conflict) setConflict({ messages: r.conflict, body, draftId });
    else if (r.windowClosed) setClosed({ message: r.windowClosed, channel: null, inboxId: conv && conv.inbox_id });
    else setError('Not sent: ' + r.error);
    return r;
  }

  async function sendSuggestion(d) {
    if (deciding) return;
    setDeciding(true);
    await sendDraft(d.id, null);
    setDeciding(false);
    if (input.current) input.current.focus();
  }

  async function dismissSuggestion(d) {
    if (deciding) return;
    setDeciding(true);
    setError(null);
    const r = await actions.dismissDraft(d.id);
    setDeciding(false);
    if (!r.ok) setError('Not dismissed: ' + r.error);
    if (input.current) input.current.focus();
  }

  function editSuggestion(d) {
    if (text.trim() && text !== d.body && !window.confirm('Replace what you have written with the suggestion?')) return;
    if (note) setNote(false);
    setText(d.body);
    setConflict(null);
    actions.editDraft(d.id);
    requestAnimationFrame(() => {
      const el = input.current;
      if (el) { el.focus(); el.selectionStart = el.selectionEnd = el.value.length; }
    });
  }

  async function send(force = false) {
    const body = text;
    if ((!body.trim() && !files.length) || busy || state.selectedId == null) return;
    if (state.draftTaken && !note) {
      // the box may hold an edit of what a colleague just sent: the agent chooses first
      const keep = document.getElementById('draft-taken-keep');
      if (keep) keep.focus();
      return;
    }
    if (editing && !note) {
      if (files.length) { setError('Files cannot go with a suggestion: remove them, or cancel the edit to send a reply'); return; }
      setBusy(true);
      const r = await sendDraft(editing.id, body, force);
      setBusy(false);
      if (!r.conflict && !r.windowClosed && input.current) input.current.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setConflict(null);
    setClosed(null);
    const via = note ? null : chosen;
    let attachmentIds = [];
    try {
      attachmentIds = await uploadAll();
    } catch (err) {
      setBusy(false);
      setError('Not sent: ' + err.message);
      return;
    }
    const sent = files;
    const r = await actions.send(body, { note, channel: via, force, attachmentIds, quote: !note });
    setBusy(false);
    if (r.ok) {
      setText(t => (t === body ? '' : t));
      setFiles(fs => fs.filter(f => !sent.includes(f)));
    }
    else if (r.conflict) setConflict({ messages: r.conflict, body });
    else if (r.windowClosed) setClosed({ message: r.windowClosed, channel: via, inboxId: inboxOf(conv, state.messages, via) });
    else setError('Not sent: ' + r.error);
    if (!r.conflict && !r.windowClosed && input.current) input.current.focus();
  }

  async function runMacro(m, force = false) {
    setError(null);
    setNotice(null);
    setConflict(null);
    const r = await actions.runMacro(m.id, force);
    if (r.conflict) setConflict({ messages: r.conflict, macroId: m.id, macro: m });
    else if (r.error) setError('Macro not run: ' + r.error);
    else if (r.warning) setNotice('Macro "' + m.name + '" run. ' + r.warning);
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
          onSubmit=${e => { e.preventDefault(); send(); }}
          onDragOver=${e => { if (e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files')) e.preventDefault(); }}
          onDrop=${e => { if (e.dataTransfer && e.dataTransfer.files.length) { e.preventDefault(); addFiles(e.dataTransfer.files); } }}>
      <${DraftTaken} taken=${state.draftTaken}
          onClear=${() => { setText(''); actions.draftTakenSeen(); input.current && input.current.focus(); }}
          onKeep=${() => { actions.draftTakenSeen(); input.current && input.current.focus(); }} />
      <${Suggestions} drafts=${pendingDrafts(state)} editing=${editing && !note ? editing.id : null} busy=${deciding || busy}
          onSend=${sendSuggestion} onEdit=${editSuggestion} onDismiss=${dismissSuggestion} />
      ${conflict ? html`<${Conflict} conflict=${conflict}
          onForce=${() => (conflict.macroId ? runMacro(conflict.macro, true)
            : conflict.draftId != null ? sendDraft(conflict.draftId, conflict.body, true) : send(true))}
          onCancel=${() => { setConflict(null); input.current && input.current.focus(); }} />`
        : html`<div id="reply-conflict" class="reply-conflict" hidden></div>`}
      <${WindowClosed} closed=${closed} actions=${actions}
          onDone=${() => setClosed(null)}
          onClose=${() => { setClosed(null); input.current && input.current.focus(); }} />
      <${Picker} id="canned-list" label="Canned responses" hidden=${!picker || picker.kind !== 'canned'}
          items=${picker && picker.kind === 'canned' ? picker.items : []} active=${picker ? picker.active : 0} onChoose=${choose} />
      <${Picker} id="mention-list" label="Mention an agent" hidden=${!picker || picker.kind !== 'mention'}
          items=${picker && picker.kind === 'mention' ? picker.items : []} active=${picker ? picker.active : 0} onChoose=${choose} />
      ${note ? null : html`<${EditingDraft} draft=${editing}
          onCancel=${() => { actions.editDraft(null); setText(''); input.current && input.current.focus(); }} />`}
      ${note ? null : html`<${Quoting} quoted=${state.quoting != null ? state.messages.find(m => m.id === state.quoting) : null}
          onRemove=${() => { actions.quote(null); input.current && input.current.focus(); }} />`}
      <label class="sr-only" for="reply-input">${note ? 'Private note' : 'Reply'}</label>
      <textarea id="reply-input" ref=${input} rows="3" value=${text}
                placeholder=${note ? 'Private note — only agents see this (@ to mention)' : 'Reply… (Enter to send, Shift+Enter for a new line, / for canned responses)'}
                aria-controls="canned-list" aria-autocomplete="list" aria-expanded=${String(!!picker)}
                aria-activedescendant=${picker ? `${picker.kind === 'canned' ? 'canned-list' : 'mention-list'}-option-${picker.active}` : undefined}
                onInput=${onInput} onKeyDown=${onKeyDown}
                onPaste=${e => { const fl = e.clipboardData && e.clipboardData.files; if (fl && fl.length) { e.preventDefault(); addFiles(fl); } }}
                onClick=${e => updatePicker(e.currentTarget.value, e.currentTarget.selectionStart, e.currentTarget.selectionEnd)}
                onFocus=${() => loadCanned(true)}
                onBlur=${() => { setPicker(null); actions.stopTyping(); }}></textarea>
      <${Files} files=${files} disabled=${busy} onRemove=${key => setFiles(fs => fs.filter(f => f.key !== key))} />
      <div class="composer-bar">
        <input id="attach-input" class="sr-only" type="file" multiple
               onChange=${e => { addFiles(e.currentTarget.files); e.currentTarget.value = ''; }} />
        <label id="attach-button" class="btn attach-button" for="attach-input" title="Attach files (or drop or paste them)">Attach</label>
        <label class="note-toggle"><input id="note-toggle" type="checkbox" checked=${note}
            onChange=${e => setNote(e.currentTarget.checked)} /> Private note</label>
        ${note ? null : html`
          <label class="reply-channel" for="channel-select">Reply via</label>
          <select id="channel-select" value=${chosen} onChange=${e => setChannel(e.currentTarget.value)}>
            ${channels.map(c => html`<option value=${c}>${c}</option>`)}
          </select>`}
        <${MacrosMenu} macros=${state.macros} onRun=${m => runMacro(m)} />
        <span id="send-error" class="send-error" role="alert" hidden=${!error}>${error || ''}</span>
        <span id="composer-notice" class="composer-notice" role="status" hidden=${!notice}>${notice || ''}</span>
        <span class="spacer"></span>
        <button id="send-button" type="submit" class="btn btn-primary" disabled=${busy}>${note ? 'Add note' : 'Send'}</button>
      </div>
    </form>`;
}
