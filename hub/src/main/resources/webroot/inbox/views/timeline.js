// The timeline: messages by seq, keyed by id, with day dividers and case boundaries; notes look
// different; outgoing messages show their delivery status; attachments inline (images) or as
// downloads; a customer's message offers "Reply to this" and a reply shows the message it quotes. Stays at the bottom while the agent is there, else offers "New messages ↓".
import { html, useState, useEffect, useLayoutEffect, useRef } from '../lib/html.js';
import { timelineRows, clockTime, authorName, humanSize } from '../lib/format.js';

const IMAGE = /^image\/(png|jpeg|gif|webp)$/;

function Attachment({ a, actions }) {
  const name = a.filename || a.name || a.content_type || 'attachment';
  const url = a.url || '';
  const ours = /^\/api\/v1\/attachments\/\d+$/.test(url);
  const [src, setSrc] = useState(null);
  useEffect(() => {
    if (!ours || !IMAGE.test(a.content_type || '')) return;
    let live = true;
    actions.attachmentData(url).then(d => { if (live) setSrc(d); }).catch(() => {});
    return () => { live = false; };
  }, [url]);
  const label = '📎 ' + name + (a.size ? ' (' + humanSize(a.size) + ')' : '');
  if (!ours) return html`<div class="message-attachment">${label}</div>`;
  return html`
    <div class="message-attachment">
      ${src ? html`<img class="attachment-image" src=${src} alt=${name} />` : null}
      <a href=${url} class="attachment-link" onClick=${e => { e.preventDefault(); actions.download(url, name); }}>${label}</a>
    </div>`;
}

const STATUS_LABEL = { queued: 'Queued', sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Failed' };

/** The customer message a reply answers, shortened; text only. */
function Quote({ quoted }) {
  const text = quoted ? (quoted.body || (quoted.attachments && quoted.attachments.length ? '📎 attachment' : '')) : '';
  return html`<blockquote class="message-quote">${quoted ? (text.length > 140 ? text.slice(0, 140) + '…' : text)
    : 'an earlier message'}</blockquote>`;
}

function Message({ m, actions, byId }) {
  const dir = m.direction || 'in';
  const cls = 'message message-' + dir + (m.status === 'failed' ? ' message-failed' : '');
  if (dir === 'event') {
    return html`<div class=${cls} data-id=${String(m.id)} data-seq=${String(m.seq)}>
      <span class="message-body">${m.body}</span><time class="message-time">${clockTime(m.created_at)}</time></div>`;
  }
  return html`
    <div class=${cls} data-id=${String(m.id)} data-seq=${String(m.seq)}>
      <div class="message-meta">
        <span class="message-author">${authorName(m)}</span>
        ${dir === 'note' ? html`<span class="message-label">Private note</span>` : null}
        ${dir === 'draft' ? html`<span class="message-label">Draft reply</span>` : null}
        ${m.channel ? html`<span class="message-channel">${m.channel}</span>` : null}
        <time class="message-time" dateTime=${m.created_at || ''}
              title=${m.created_at ? new Date(m.created_at).toLocaleString() : ''}>${clockTime(m.created_at)}</time>
      </div>
      ${m.reply_to != null ? html`<${Quote} quoted=${byId.get(m.reply_to)} />` : null}
      <div class="message-body">${m.body || ''}</div>
      ${(m.attachments || []).map(a => html`<${Attachment} key=${a.id || a.url} a=${a} actions=${actions} />`)}
      ${dir === 'out' && (m.status || m.error) ? html`
        <div class=${'message-status status-' + (m.status || 'unknown')}>
          ${(STATUS_LABEL[m.status] || m.status || '') + (m.status === 'failed' && m.error ? ': ' + m.error : '')}
        </div>` : null}
      ${dir === 'in' ? html`<button type="button" class="btn btn-small reply-to-button"
          aria-label=${'Reply to this message of ' + authorName(m)} onClick=${() => actions.quote(m.id)}>Reply to this</button>` : null}
    </div>`;
}

export function Timeline({ state, actions }) {
  const box = useRef(null);
  const atBottom = useRef(true);
  const shownFor = useRef(null);
  const count = useRef(0);
  const [newBelow, setNewBelow] = useState(false);
  const rows = timelineRows(state.messages, state.cases);
  const byId = new Map(state.messages.map(m => [m.id, m]));

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const fresh = shownFor.current !== state.selectedId;
    const grew = state.messages.length > count.current;
    shownFor.current = state.selectedId;
    count.current = state.messages.length;
    if (fresh || atBottom.current) {
      el.scrollTop = el.scrollHeight;
      setNewBelow(false);
    } else if (grew) {
      setNewBelow(true);
    }
  }, [state.messages, state.cases, state.selectedId]);

  function onScroll() {
    const el = box.current;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    if (atBottom.current) setNewBelow(false);
  }

  function jump() {
    const el = box.current;
    el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setNewBelow(false);
  }

  return html`
    <div id="messages" class="messages" ref=${box} onScroll=${onScroll} aria-live="polite" tabindex="0" aria-label="Timeline">
      ${rows.map(r => r.kind === 'message' ? html`<${Message} key=${r.key} m=${r.message} actions=${actions} byId=${byId} />`
        : r.kind === 'case' ? html`<div key=${r.key} class="case-boundary" role="separator">${r.text}</div>`
        : html`<div key=${r.key} class="day-divider">${r.text}</div>`)}
      ${state.messages.length ? null : html`<div class="empty-state small">No messages yet</div>`}
    </div>
    <button id="jump-latest" type="button" class="jump-latest" hidden=${!newBelow} onClick=${jump}>New messages ↓</button>`;
}
