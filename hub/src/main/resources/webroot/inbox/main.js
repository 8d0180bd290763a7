// The agent inbox: one store (lib/store.js), the actions that feed it (actions.js), and views per
// part of the screen. Served under a strict CSP: ES modules only, and every piece of data reaches
// the page as a text node (htm/Preact), never as markup.
import { html, render, useState, useEffect, useRef } from './lib/html.js';
import { createStore, listed } from './lib/store.js';
import { createActions } from './actions.js';
import { Login } from './views/login.js';
import { Notifications, describe } from './views/notifications.js';
import { ListPane } from './views/list.js';
import { ConversationHeader } from './views/header.js';
import { Timeline } from './views/timeline.js';
import { Composer } from './views/composer.js';
import { SidePanel } from './views/side.js';
import { ShortcutHelp, inTextField } from './views/shortcuts.js';

const store = createStore();
let showToast = () => {};
const actions = createActions(store, { toast: t => showToast(t), onFrame: desktopNotification });

function desktopNotification(frame) {
  if (frame.type !== 'notification' || !frame.notification) return;
  const n = frame.notification;
  if (!window.Notification || Notification.permission !== 'granted' || document.hasFocus()) return;
  try {
    const shown = new Notification('Switchboard', { body: describe(n) + (n.preview ? ': ' + n.preview : ''), tag: 'sb-notification-' + n.id });
    shown.onclick = () => {
      window.focus();
      location.hash = '#c/' + n.conversation_id;
      actions.markRead([n.id]);
      shown.close();
    };
  } catch (err) { /* some browsers allow notifications only from a service worker */ }
}

function useStore() {
  const [state, setState] = useState(store.get());
  useEffect(() => store.subscribe(setState), []);
  return state;
}

function TopBar({ state, toast, onHelp }) {
  const live = state.connection === 'live';
  const label = live ? 'Live' : state.connection === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  const me = state.me || {};
  return html`
    <header class="topbar">
      <span class="brand">Switchboard</span>
      <span id="connection-status" class=${'connection' + (live ? ' live' : '')} title="Realtime connection" role="status">${label}</span>
      <span id="toast" class="toast" role="status" hidden=${!toast}>${toast || ''}</span>
      <span class="spacer"></span>
      <${Notifications} notifications=${state.notifications} actions=${actions} />
      <span id="agent-name" class="agent-name">${me.name || me.email || ''}</span>
      <button id="presence-toggle" type="button" class=${'btn presence' + (state.presence === 'away' ? ' is-away' : '')}
              title="Toggle online / away" aria-pressed=${String(state.presence === 'online')}
              onClick=${actions.togglePresence}>${state.presence === 'away' ? 'Away' : 'Online'}</button>
      <a id="settings-link" class="btn btn-ghost" href="/inbox/settings/">Settings</a>
      <button id="shortcuts-button" type="button" class="btn btn-ghost" aria-label="Keyboard shortcuts" onClick=${onHelp}>?</button>
      <button id="logout-button" type="button" class="btn btn-ghost" onClick=${() => actions.signOut()}>Log out</button>
    </header>`;
}

/** Shortcuts outside text fields: j/k, Enter/o, r, n, e, s, a, /, ?, Esc. */
function useShortcuts(state, { setHelp, setSnoozeOpen }) {
  const ref = useRef(state);
  ref.current = state;
  useEffect(() => {
    function rows() { return [...document.querySelectorAll('#conversation-list .conversation-item')]; }
    function move(by) {
      const all = rows();
      if (!all.length) return;
      const s = ref.current;
      let at = all.indexOf(document.activeElement);
      if (at < 0) at = all.findIndex(r => Number(r.dataset.id) === s.selectedId);
      const next = at < 0 ? (by > 0 ? 0 : all.length - 1) : Math.max(0, Math.min(all.length - 1, at + by));
      all[next].focus();
      all[next].scrollIntoView({ block: 'nearest' });
    }
    function onKey(e) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const s = ref.current;
      if (!s.me) return;
      if (e.key === 'Escape') {
        if (!inTextField(e.target) && !document.querySelector('.menu, .overlay, #notifications-panel:not([hidden])') &&
            s.selectedId != null) actions.close();
        setHelp(false);
        return;
      }
      if (inTextField(e.target)) return;
      const conv = s.conversation;
      const handled = {
        j: () => move(1),
        k: () => move(-1),
        o: () => {
          const r = document.activeElement && document.activeElement.closest && document.activeElement.closest('.conversation-item');
          if (r) actions.open(Number(r.dataset.id));
        },
        r: () => focusComposer(false),
        n: () => focusComposer(true),
        e: () => conv && actions.update({ status: 'resolved' }),
        s: () => conv && setSnoozeOpen(true),
        a: () => conv && s.me && actions.update({ assignee_id: s.me.id }),
        '/': () => { const q = document.getElementById('search'); if (q) q.focus(); },
        '?': () => setHelp(true)
      }[e.key];
      if (handled) {
        e.preventDefault();
        handled();
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

function focusComposer(note) {
  const toggle = document.getElementById('note-toggle');
  if (toggle && toggle.checked !== note) toggle.click();
  const input = document.getElementById('reply-input');
  if (input) input.focus();
}

function App() {
  const state = useStore();
  const [booting, setBooting] = useState(true);
  const [bootError, setBootError] = useState(null);
  const [toast, setToast] = useState(null);
  const [help, setHelp] = useState(false);
  const [snoozeOpen, setSnoozeOpen] = useState(false);
  const [sideCollapsed, setSideCollapsed] = useState(localStorage.getItem('switchboard:side') === 'collapsed');
  const toastTimer = useRef(null);

  showToast = text => {
    setToast(text);
    clearTimeout(toastTimer.current);
    toastTimer.current = setTimeout(() => setToast(null), 5000);
  };

  useEffect(() => {
    actions.resume().then(() => setBooting(false)).catch(err => {
      setBooting(false);
      if (err.status !== 401) setBootError('Could not reach the server: ' + err.message);
    });
    // links to #c/ID (a notification) open that conversation
    const onHash = () => {
      const m = /^#c\/(\d+)$/.exec(location.hash);
      if (m && store.get().me && Number(m[1]) !== store.get().selectedId) actions.open(Number(m[1]));
    };
    window.addEventListener('hashchange', onHash);
    window.addEventListener('pagehide', actions.leave);
  }, []);

  useEffect(() => { setSnoozeOpen(false); }, [state.selectedId]);

  // the page title: unread conversations, and the bell's count in front
  const unreadConvs = Object.keys(state.unread).length;
  const bell = state.notifications.unread;
  useEffect(() => {
    document.title = (bell ? '\u{1F514}' + bell + ' ' : '') + (unreadConvs ? '(' + unreadConvs + ') ' : '') + 'Switchboard Inbox';
  }, [unreadConvs, bell]);

  useShortcuts(state, { setHelp, setSnoozeOpen });

  const signedIn = !!state.me;
  function toggleSide() {
    const next = !sideCollapsed;
    setSideCollapsed(next);
    localStorage.setItem('switchboard:side', next ? 'collapsed' : 'open');
  }

  return html`
    <${Login} hidden=${booting || signedIn} message=${bootError || actions.signedOutMessage()}
        onSignIn=${(email, password) => actions.signIn(email, password)} />
    ${signedIn ? html`
      <div id="app" class=${'app' + (sideCollapsed ? ' side-collapsed' : '')}>
        <${TopBar} state=${state} toast=${toast} onHelp=${() => setHelp(true)} />
        <${ListPane} state=${state} actions=${actions} />
        <section id="conversation" class="conversation" aria-label="Conversation">
          ${state.selectedId == null ? html`<div id="empty-conversation" class="empty-state">Select a conversation (j / k, then Enter)</div>` : html`
            <div id="conversation-view" class="conversation-view">
              <${ConversationHeader} state=${state} actions=${actions} snoozeOpen=${snoozeOpen} setSnoozeOpen=${setSnoozeOpen} />
              <${Timeline} state=${state} actions=${actions} />
              <${Composer} state=${state} actions=${actions} />
            </div>`}
        </section>
        <${SidePanel} state=${state} collapsed=${sideCollapsed} onToggle=${toggleSide} />
        ${help ? html`<${ShortcutHelp} onClose=${() => setHelp(false)} />` : null}
      </div>` : null}`;
}

render(html`<${App} />`, document.getElementById('root'));
