/*
 * Notifications in the inbox header: a badge with the unread count (also in the page title), a
 * list on click, and a desktop notification when the browser allows it. @mentions in notes and
 * assignments by someone else arrive as `notification` frames on the agent socket, which inbox.js
 * passes on as `switchboard:frame` events; every `hello` (connect, reconnect) reloads the list, so
 * nothing missed while offline stays missing.
 *
 * A separate script so that inbox.js stays as it is. All text goes in with textContent.
 */
(function () {
  'use strict';

  var TOKEN_KEY = 'switchboard:token';  // where inbox.js keeps the session's token
  var LIMIT = 30;
  var TITLE_BADGE = /^\u{1F514}\d+ /u;   // "🔔3 " in front of whatever title inbox.js set

  var state = { items: [], unread: 0, me: null };
  var $ = function (id) { return document.getElementById(id); };

  function call(method, path, body) {
    var token = localStorage.getItem(TOKEN_KEY);
    if (!token) return Promise.reject(new Error('signed out'));
    var headers = { Accept: 'application/json', Authorization: 'Bearer ' + token };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      });
  }

  function load() {
    return call('GET', '/api/v1/me/notifications?limit=' + LIMIT).then(function (data) {
      state.items = data.notifications || [];
      state.unread = data.unread || 0;
      render();
    }).catch(function () { /* keep what is shown */ });
  }

  function markRead(ids) {
    if (!ids.length) return;
    call('POST', '/api/v1/me/notifications/read', { ids: ids }).then(function (data) {
      state.items.forEach(function (n) { if (ids.indexOf(n.id) >= 0 && !n.read_at) n.read_at = new Date().toISOString(); });
      state.unread = data.unread;
      render();
    }).catch(function () {});
  }

  function describe(n) {
    var who = (n.actor && n.actor.name) || 'Someone';
    return n.kind === 'assigned'
      ? who + ' assigned you conversation #' + n.conversation_id
      : who + ' mentioned you in #' + n.conversation_id;
  }

  function render() {
    var badge = $('notifications-badge');
    badge.textContent = state.unread > 99 ? '99+' : String(state.unread);
    badge.hidden = state.unread === 0;
    $('notifications-button').setAttribute('aria-label', 'Notifications, ' + state.unread + ' unread');
    setTitle();
    var list = $('notifications-list');
    list.replaceChildren();
    if (!state.items.length) {
      var empty = document.createElement('li');
      empty.className = 'notify-empty';
      empty.textContent = 'Nothing yet: mentions and assignments show here.';
      list.appendChild(empty);
      return;
    }
    state.items.forEach(function (n) {
      var li = document.createElement('li');
      var link = document.createElement('a');
      link.href = '#c/' + n.conversation_id;
      link.className = 'notify-item' + (n.read_at ? '' : ' unread');
      var what = document.createElement('span');
      what.className = 'notify-what';
      what.textContent = describe(n);
      link.appendChild(what);
      if (n.preview) {
        var preview = document.createElement('span');
        preview.className = 'notify-preview';
        preview.textContent = n.preview;
        link.appendChild(preview);
      }
      var when = document.createElement('time');
      when.className = 'notify-when';
      when.dateTime = n.created_at;
      when.textContent = new Date(n.created_at).toLocaleString();
      link.appendChild(when);
      link.addEventListener('click', function () {
        markRead([n.id]);
        togglePanel(false);
      });
      li.appendChild(link);
      list.appendChild(li);
    });
  }

  // inbox.js writes the title ("(2) Switchboard Inbox"); the bell count goes in front of it
  function setTitle() {
    var bare = document.title.replace(TITLE_BADGE, '');
    var wanted = (state.unread ? '\u{1F514}' + state.unread + ' ' : '') + bare;
    if (document.title !== wanted) document.title = wanted;
  }

  function togglePanel(open) {
    var panel = $('notifications-panel');
    var show = open === undefined ? panel.hidden : open;
    panel.hidden = !show;
    $('notifications-button').setAttribute('aria-expanded', String(show));
    if (show) {
      load();
      // the first click is a good moment to ask for desktop notifications
      if (window.Notification && Notification.permission === 'default') Notification.requestPermission();
    }
  }

  function onFrame(e) {
    var f = e.detail;
    if (f.type === 'hello') {
      if (f.agent && f.agent.id !== state.me) {
        state.me = f.agent.id;
        state.items = [];
      }
      load();
    } else if (f.type === 'notification' && f.notification) {
      var n = f.notification;
      if (state.items.some(function (x) { return x.id === n.id; })) return;
      state.items.unshift(n);
      if (state.items.length > LIMIT) state.items.pop();
      if (!n.read_at) state.unread++;
      render();
      desktop(n);
    }
  }

  function desktop(n) {
    if (!window.Notification || Notification.permission !== 'granted' || document.hasFocus()) return;
    try {
      var shown = new Notification('Switchboard', { body: describe(n) + (n.preview ? ': ' + n.preview : ''),
        tag: 'sb-notification-' + n.id });
      shown.onclick = function () {
        window.focus();
        location.hash = '#c/' + n.conversation_id;
        markRead([n.id]);
        shown.close();
      };
    } catch (err) { /* some browsers allow notifications only from a service worker */ }
  }

  function init() {
    if (!$('notifications-button')) return;
    document.addEventListener('switchboard:frame', onFrame);
    $('notifications-button').addEventListener('click', function () { togglePanel(); });
    $('notifications-read-all').addEventListener('click', function () {
      markRead(state.items.filter(function (n) { return !n.read_at; }).map(function (n) { return n.id; }));
    });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && !$('notifications-panel').hidden) {
        togglePanel(false);
        $('notifications-button').focus();
      }
    });
    var title = document.querySelector('title');
    if (title) new MutationObserver(setTitle).observe(title, { childList: true, characterData: true, subtree: true });
    render();
  }

  init();
})();
