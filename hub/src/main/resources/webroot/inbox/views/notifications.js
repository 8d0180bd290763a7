// Notifications in the top bar: a badge with the unread count, a list on click, a desktop
// notification when the browser allows it (main.js raises those). Text is only ever text.
import { html, useState, useEffect, useRef } from '../lib/html.js';

export function describe(n) {
  const who = (n.actor && n.actor.name) || 'Someone';
  if (n.kind === 'snooze_ended') return `Conversation #${n.conversation_id} woke from its snooze`;
  return n.kind === 'assigned'
    ? `${who} assigned you conversation #${n.conversation_id}`
    : `${who} mentioned you in #${n.conversation_id}`;
}

export function Notifications({ notifications, actions }) {
  const [open, setOpen] = useState(false);
  const button = useRef(null);
  const { items, unread } = notifications;

  useEffect(() => {
    if (!open) return undefined;
    const onKey = e => {
      if (e.key === 'Escape') { setOpen(false); button.current && button.current.focus(); }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  function toggle() {
    const next = !open;
    setOpen(next);
    if (next) {
      actions.loadNotifications();
      // the first click is a good moment to ask for desktop notifications
      if (window.Notification && Notification.permission === 'default') Notification.requestPermission();
    }
  }

  const unreadIds = items.filter(n => !n.read_at).map(n => n.id);
  return html`
    <div class="notify">
      <button id="notifications-button" ref=${button} type="button" class="btn btn-ghost notify-button"
              aria-haspopup="true" aria-expanded=${String(open)} aria-controls="notifications-panel"
              aria-label=${`Notifications, ${unread} unread`} onClick=${toggle}>Notifications
        <span id="notifications-badge" class="notify-badge" hidden=${unread === 0}>${unread > 99 ? '99+' : String(unread)}</span>
      </button>
      <div id="notifications-panel" class="notify-panel" role="region" aria-label="Notifications" hidden=${!open}>
        <div class="notify-head">
          <span>Notifications</span>
          <button id="notifications-read-all" type="button" class="btn btn-ghost"
                  onClick=${() => actions.markRead(unreadIds)}>Mark all read</button>
        </div>
        <ul id="notifications-list" class="notify-list">
          ${items.length ? items.map(n => html`
            <li key=${n.id}>
              <a href=${'#c/' + n.conversation_id} class=${'notify-item' + (n.read_at ? '' : ' unread')}
                 onClick=${() => { actions.markRead([n.id]); setOpen(false); }}>
                <span class="notify-what">${describe(n)}</span>
                ${n.preview ? html`<span class="notify-preview">${n.preview}</span>` : null}
                <time class="notify-when" dateTime=${n.created_at}>${new Date(n.created_at).toLocaleString()}</time>
              </a>
            </li>`) : html`<li class="notify-empty">Nothing yet: mentions, assignments and ended snoozes show here.</li>`}
        </ul>
      </div>
    </div>`;
}
