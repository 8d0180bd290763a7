/*
 * Switchboard agent inbox. Plain ES2019, no build step, no framework.
 * Served under a strict CSP: no inline script/style, and all data is rendered
 * with textContent so message text can never become markup.
 */
(function () {
  'use strict';

  var TOKEN_KEY = 'switchboard:token';
  var PAGE_SIZE = 200;
  var TYPING_THROTTLE_MS = 2000;  // re-send typing:true at most this often
  var TYPING_IDLE_MS = 3000;      // typing:false after this much silence
  var TYPING_SHOW_MS = 8000;      // hide a remote typing indicator if "false" never comes

  var state = {
    token: null,
    me: null,
    agents: new Map(),            // id -> agent
    conversations: new Map(),     // id -> conversation (the listed ones)
    unread: new Set(),            // conversation ids with unseen messages
    filter: 'open',
    query: '',
    selectedId: null,
    messages: new Map(),          // id -> message, for the open conversation
    loadToken: 0,                 // bumps on every open, so stale loads are dropped
    viewers: new Map(),           // conversation id -> Map(agent id -> name)
    presence: 'online',
    channels: null,               // Promise of Map(identity kind -> [channel names]), from /api/v1/channels
    session: 0                    // bumps on login/logout, so stale sockets are ignored
  };

  var $ = function (id) { return document.getElementById(id); };

  // ---------- small helpers ----------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = String(text);
    return node;
  }

  function show(node, visible) { node.hidden = !visible; }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function customerName(conv) {
    var c = conv && conv.customer;
    if (c && c.name) return c.name;
    return 'Visitor #' + (c && c.id != null ? c.id : conv.id);
  }

  function activityTime(conv) {
    return Date.parse(conv.last_message_at || conv.updated_at || conv.created_at) || 0;
  }

  function relativeTime(iso) {
    var t = Date.parse(iso);
    if (!t) return '';
    var s = Math.round((Date.now() - t) / 1000);
    if (s < 45) return 'now';
    if (s < 3600) return Math.max(1, Math.round(s / 60)) + 'm';
    if (s < 86400) return Math.round(s / 3600) + 'h';
    if (s < 7 * 86400) return Math.round(s / 86400) + 'd';
    return new Date(t).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  }

  function clockTime(iso) {
    var d = new Date(iso);
    return isNaN(d) ? '' : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  }

  function dayLabel(iso) {
    var d = new Date(iso);
    if (isNaN(d)) return '';
    var today = new Date();
    var yesterday = new Date(Date.now() - 86400000);
    if (d.toDateString() === today.toDateString()) return 'Today';
    if (d.toDateString() === yesterday.toDateString()) return 'Yesterday';
    return d.toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });
  }

  var toastTimer = null;
  function toast(text) {
    var t = $('toast');
    t.textContent = text;
    show(t, true);
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { show(t, false); }, 5000);
  }

  // ---------- REST ----------

  function api(method, path, body) {
    var headers = { 'Accept': 'application/json' };
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (res) {
      if (res.status === 401 && path !== '/api/v1/auth/login') {
        logout('Your session has expired. Please sign in again.');
      }
      if (res.status === 204) return null;
      return res.json().catch(function () { return null; }).then(function (data) {
        if (res.ok) return data;
        var err = new Error((data && data.message) || ('HTTP ' + res.status));
        err.status = res.status;
        err.code = data && data.error;
        err.data = data;
        throw err;
      });
    });
  }

  // ---------- login / logout ----------

  function showLogin(message) {
    show($('app'), false);
    show($('login'), true);
    var err = $('login-error');
    err.textContent = message || '';
    show(err, !!message);
    $('email').focus();
  }

  function onLoginSubmit(event) {
    event.preventDefault();
    var button = $('login-button');
    button.disabled = true;
    show($('login-error'), false);
    api('POST', '/api/v1/auth/login', { email: $('email').value.trim(), password: $('password').value })
      .then(function (data) {
        localStorage.setItem(TOKEN_KEY, data.token);
        $('password').value = '';
        startApp(data.token, data.agent);
      })
      .catch(function (err) {
        var msg = err.status === 401 ? 'Wrong email or password.'
          : err.status === 429 ? 'Too many attempts. Try again in a minute.'
          : 'Could not sign in: ' + err.message;
        showLogin(msg);
      })
      .finally(function () { button.disabled = false; });
  }

  function logout(message) {
    if (state.token && state.selectedId != null) sendFrame({ type: 'viewing', conversation_id: state.selectedId, state: false });
    localStorage.removeItem(TOKEN_KEY);
    state.token = null;
    state.session++;
    closeSocket();
    state.conversations.clear();
    state.unread.clear();
    state.viewers.clear();
    state.selectedId = null;
    state.messages.clear();
    showLogin(message);
  }

  function startApp(token, agent) {
    state.token = token;
    state.session++;
    setMe(agent);
    show($('login'), false);
    show($('app'), true);
    $('connection-status').textContent = 'Connecting…';
    setFilter(state.filter);
    loadAgents();
    state.channels = loadChannels();
    loadConversations().then(function () {
      var fromHash = /^#c\/(\d+)$/.exec(location.hash);
      if (fromHash && state.selectedId == null) openConversation(Number(fromHash[1]));
    });
    connect();
  }

  function setMe(agent) {
    if (!agent) return;
    state.me = agent;
    state.agents.set(agent.id, agent);
    $('agent-name').textContent = agent.name || agent.email;
    if (agent.presence === 'online' || agent.presence === 'away') renderPresence(agent.presence);
  }

  // ---------- agents and presence ----------

  function loadAgents() {
    return api('GET', '/api/v1/agents').then(function (data) {
      (data.agents || []).forEach(function (a) { state.agents.set(a.id, a); });
      renderAssigneeOptions();
    }).catch(function () { /* the select just stays short */ });
  }

  function renderPresence(status) {
    state.presence = status;
    var btn = $('presence-toggle');
    btn.textContent = status === 'away' ? 'Away' : 'Online';
    btn.classList.toggle('is-away', status === 'away');
    btn.setAttribute('aria-pressed', String(status === 'online'));
  }

  function togglePresence() {
    var next = state.presence === 'online' ? 'away' : 'online';
    api('PUT', '/api/v1/me/presence', { status: next })
      .then(function () { renderPresence(next); })
      .catch(function (err) { toast('Could not change presence: ' + err.message); });
  }

  // ---------- conversation list ----------

  function listQuery() {
    var p = new URLSearchParams({ status: state.filter, limit: String(PAGE_SIZE) });
    if (state.query) p.set('q', state.query);
    return '/api/v1/conversations?' + p.toString();
  }

  function loadConversations() {
    var session = state.session;
    var filter = state.filter, query = state.query;
    return api('GET', listQuery()).then(function (data) {
      // a newer filter/search (or a logout) superseded this request
      if (session !== state.session || filter !== state.filter || query !== state.query) return;
      var before = state.conversations;
      state.conversations = new Map();
      (data.conversations || []).forEach(function (c) {
        // after a reconnect: customer messages we missed while offline still count as unread
        var old = before.get(c.id);
        if (old && c.last_seq > old.last_seq && c.id !== state.selectedId &&
            c.last_message && c.last_message.direction === 'in') state.unread.add(c.id);
        state.conversations.set(c.id, c);
      });
      renderList();
    }).catch(function (err) {
      if (err.status !== 401) toast('Could not load conversations: ' + err.message);
    });
  }

  function matchesFilter(conv) {
    if (state.query) return false;  // search matches server-side; don't guess locally
    return state.filter === 'all' || conv.status === state.filter;
  }

  // Store a conversation we learned about live; keeps the open one listed even if it no longer matches.
  function upsertConversation(conv) {
    if (state.conversations.has(conv.id) || conv.id === state.selectedId) {
      var stays = conv.id === state.selectedId || state.query ||
        state.filter === 'all' || conv.status === state.filter;
      if (stays) state.conversations.set(conv.id, conv);
      else state.conversations.delete(conv.id);
    } else if (matchesFilter(conv)) {
      state.conversations.set(conv.id, conv);
    }
    renderList();
    if (conv.id === state.selectedId) renderConversationHeader(conv);
  }

  function sortedConversations() {
    return Array.from(state.conversations.values())
      .sort(function (a, b) { return activityTime(b) - activityTime(a) || b.id - a.id; });
  }

  function previewText(conv) {
    var m = conv.last_message;
    if (!m) return 'No messages yet';
    var prefix = m.direction === 'note' ? 'Note: ' : m.direction === 'out' ? 'Agent: ' : '';
    return prefix + (m.body || (m.direction === 'in' ? '(attachment)' : ''));
  }

  function renderConversationItem(conv) {
    var li = el('li', 'conversation-item');
    li.dataset.id = String(conv.id);
    li.tabIndex = 0;
    if (conv.id === state.selectedId) li.classList.add('selected');
    if (state.unread.has(conv.id)) li.classList.add('unread');

    var top = el('div', 'item-top');
    if (conv.customer && conv.customer.online) top.appendChild(el('span', 'online-dot online'));
    top.appendChild(el('span', 'item-name', customerName(conv)));
    top.appendChild(el('span', 'item-time', relativeTime(conv.last_message_at || conv.updated_at)));
    li.appendChild(top);

    var bottom = el('div', 'item-bottom');
    bottom.appendChild(el('span', 'item-preview', previewText(conv)));
    if (state.unread.has(conv.id)) bottom.appendChild(el('span', 'unread-dot'));
    li.appendChild(bottom);

    var tags = el('div', 'item-tags');
    var channel = conv.last_message && conv.last_message.channel;
    if (channel) tags.appendChild(el('span', 'badge channel-badge channel-' + channel, channel));
    tags.appendChild(el('span', 'badge status-badge status-' + conv.status, conv.status));
    if (conv.priority && conv.priority !== 'none') tags.appendChild(el('span', 'badge priority-' + conv.priority, conv.priority));
    var assignee = conv.assignee_id != null && state.agents.get(conv.assignee_id);
    if (assignee) tags.appendChild(el('span', 'item-assignee', assignee.name));
    li.appendChild(tags);
    return li;
  }

  function renderList() {
    var list = $('conversation-list');
    var frag = document.createDocumentFragment();
    var convs = sortedConversations();
    convs.forEach(function (c) { frag.appendChild(renderConversationItem(c)); });
    if (!convs.length) frag.appendChild(el('li', 'empty-state small', state.query ? 'No matching conversations' : 'No conversations yet'));
    list.replaceChildren(frag);
    document.title = (state.unread.size ? '(' + state.unread.size + ') ' : '') + 'Switchboard Inbox';
  }

  function setFilter(status) {
    state.filter = status;
    document.querySelectorAll('.filter').forEach(function (b) {
      var active = b.dataset.status === status;
      b.classList.toggle('active', active);
      b.setAttribute('aria-selected', String(active));
    });
  }

  // ---------- open conversation ----------

  function openConversation(id) {
    if (state.selectedId === id) return;
    leaveConversation();
    state.selectedId = id;
    state.messages.clear();
    state.unread.delete(id);
    history.replaceState(null, '', '#c/' + id);
    var token = ++state.loadToken;

    show($('empty-conversation'), false);
    show($('conversation-view'), true);
    show($('typing-indicator'), false);
    show($('send-error'), false);
    hideConflict();
    $('messages').replaceChildren(el('div', 'empty-state small', 'Loading…'));
    renderList();

    var conv = state.conversations.get(id);
    if (conv) renderConversationHeader(conv);
    api('GET', '/api/v1/conversations/' + id).then(function (fresh) {
      if (token === state.loadToken) upsertConversation(fresh);
    }).catch(function (err) {
      if (token === state.loadToken && err.status !== 401) toast('Could not open conversation: ' + err.message);
    });

    loadMessages(id, 0, token).then(function () {
      if (token !== state.loadToken) return;
      renderMessages({ forceBottom: true });
    });
    sendFrame({ type: 'viewing', conversation_id: id, state: true });
    renderViewers();
    $('reply-input').focus();
  }

  // Pages through history until a short page says we have it all.
  function loadMessages(id, afterSeq, token) {
    var path = '/api/v1/conversations/' + id + '/messages?after_seq=' + afterSeq + '&limit=' + PAGE_SIZE;
    return api('GET', path).then(function (data) {
      if (token !== state.loadToken) return null;
      var batch = data.messages || [];
      batch.forEach(storeMessage);
      var last = batch.length ? batch[batch.length - 1].seq : afterSeq;
      if (batch.length >= PAGE_SIZE && last > afterSeq) return loadMessages(id, last, token);
      return null;
    }).catch(function (err) {
      if (err.status !== 401) toast('Could not load messages: ' + err.message);
    });
  }

  function leaveConversation() {
    if (state.selectedId == null) return;
    stopTyping();
    sendFrame({ type: 'viewing', conversation_id: state.selectedId, state: false });
  }

  function closeConversation() {
    leaveConversation();
    state.selectedId = null;
    state.messages.clear();
    history.replaceState(null, '', location.pathname + location.search);
    show($('conversation-view'), false);
    show($('empty-conversation'), true);
    renderCustomer(null);
    renderList();
  }

  function renderConversationHeader(conv) {
    $('conversation-name').textContent = customerName(conv);
    var pill = $('conversation-status');
    pill.textContent = conv.status;
    pill.className = 'status-pill status-' + conv.status;
    $('resolve-button').textContent = conv.status === 'resolved' ? 'Reopen' : 'Resolve';
    $('resolve-button').classList.toggle('btn-primary', conv.status !== 'resolved');
    renderAssigneeOptions();
    renderCustomer(conv);
  }

  function renderAssigneeOptions() {
    var select = $('assignee-select');
    var conv = state.conversations.get(state.selectedId);
    var frag = document.createDocumentFragment();
    var none = el('option', null, 'Unassigned');
    none.value = '';
    frag.appendChild(none);
    Array.from(state.agents.values())
      .sort(function (a, b) { return String(a.name).localeCompare(String(b.name)); })
      .forEach(function (a) {
        var label = a.name + (state.me && a.id === state.me.id ? ' (me)' : '') +
          (a.presence && a.presence !== 'online' ? ' · ' + a.presence : '');
        var opt = el('option', null, label);
        opt.value = String(a.id);
        frag.appendChild(opt);
      });
    select.replaceChildren(frag);
    select.value = conv && conv.assignee_id != null ? String(conv.assignee_id) : '';
  }

  function renderCustomer(conv) {
    show($('customer-empty'), !conv);
    show($('customer-details'), !!conv);
    if (!conv) return;
    var c = conv.customer || {};
    $('customer-name').textContent = customerName(conv);
    $('customer-email').textContent = c.email || '—';
    $('customer-phone').textContent = c.phone || '—';
    $('customer-channel').textContent = lastChannel(conv) || '—';
    $('customer-presence').textContent = c.online ? 'Online now' : 'Offline';
    var dot = $('customer-online');
    dot.classList.toggle('online', !!c.online);
    dot.title = c.online ? 'Online' : 'Offline';
    loadReplyChannels(conv);
  }

  // Which channels reach which kind of customer identity: each channel's descriptor says, so a
  // channel added to the hub shows up here without a change to the inbox.
  function loadChannels() {
    return api('GET', '/api/v1/channels').then(function (data) {
      var byKind = new Map();
      (data.channels || []).forEach(function (ch) {
        (ch.identity_kinds || [ch.identity_kind]).forEach(function (kind) {
          if (!byKind.has(kind)) byKind.set(kind, []);
          byKind.get(kind).push(ch.name);
        });
      });
      return byKind;
    }).catch(function () { return new Map(); /* offer the customer's last channel only */ });
  }

  // Which channels a reply can take: those the customer can be reached on, from their identities.
  function loadReplyChannels(conv) {
    var select = $('channel-select');
    var customerId = conv.customer && conv.customer.id;
    var preferred = conv.channel || lastChannel(conv);
    if (customerId == null) return;
    Promise.all([state.channels || loadChannels(), api('GET', '/api/v1/customers/' + customerId)]).then(function (got) {
      var channelsOfKind = got[0];
      var customer = got[1];
      if (state.selectedId !== conv.id) return;
      var channels = [];
      (customer.identities || []).forEach(function (identity) {
        (channelsOfKind.get(identity.kind) || []).forEach(function (ch) {
          if (channels.indexOf(ch) < 0) channels.push(ch);
        });
      });
      if (preferred && channels.indexOf(preferred) < 0) channels.unshift(preferred);
      var current = select.value;
      select.replaceChildren();
      channels.forEach(function (ch) {
        var option = el('option', null, ch);
        option.value = ch;
        select.appendChild(option);
      });
      select.value = select.dataset.conversation === String(conv.id) && channels.indexOf(current) >= 0
        ? current : preferred;
      select.dataset.conversation = String(conv.id);
    }).catch(function () { /* keep whatever is shown; the hub picks the last channel by default */ });
  }

  // The channel the customer last used: newest loaded in/out message, else the list preview.
  function lastChannel(conv) {
    var msgs = sortedMessages();
    for (var i = msgs.length - 1; i >= 0; i--) {
      if (msgs[i].direction === 'in' || msgs[i].direction === 'out') return msgs[i].channel;
    }
    return conv.last_message && conv.last_message.channel;
  }

  function patchConversation(changes) {
    var id = state.selectedId;
    return api('PATCH', '/api/v1/conversations/' + id, changes)
      .then(upsertConversation)
      .catch(function (err) {
        toast('Could not update conversation: ' + err.message);
        var conv = state.conversations.get(id);
        if (conv && id === state.selectedId) renderConversationHeader(conv);  // undo the optimistic select
      });
  }

  function onResolveClick() {
    var conv = state.conversations.get(state.selectedId);
    if (!conv) return;
    patchConversation({ status: conv.status === 'resolved' ? 'open' : 'resolved' });
  }

  function onAssigneeChange() {
    var value = $('assignee-select').value;
    patchConversation({ assignee_id: value === '' ? null : Number(value) });
  }

  // ---------- messages ----------

  function storeMessage(msg) {
    var had = state.messages.get(msg.id);
    state.messages.set(msg.id, had ? Object.assign({}, had, msg) : msg);  // dedupe by id; later frames (status) win
  }

  function sortedMessages() {
    return Array.from(state.messages.values()).sort(function (a, b) { return a.seq - b.seq; });
  }

  function highestSeq() {
    var max = 0;
    state.messages.forEach(function (m) { if (m.seq > max) max = m.seq; });
    return max;
  }

  function isAtBottom(box) {
    return box.scrollHeight - box.scrollTop - box.clientHeight < 48;
  }

  function renderMessage(msg) {
    var dir = msg.direction || 'in';
    var node = el('div', 'message message-' + dir + (msg.status === 'failed' ? ' message-failed' : ''));
    node.dataset.id = String(msg.id);
    node.dataset.seq = String(msg.seq);
    if (dir === 'event') {
      node.appendChild(el('span', 'message-body', msg.body));
      node.appendChild(el('time', 'message-time', clockTime(msg.created_at)));
      return node;
    }
    var meta = el('div', 'message-meta');
    var author = msg.author || {};
    meta.appendChild(el('span', 'message-author', author.name || (author.type === 'customer' ? 'Customer' : author.type || '')));
    if (dir === 'note') meta.appendChild(el('span', 'message-label', 'Private note'));
    if (dir === 'draft') meta.appendChild(el('span', 'message-label', 'Draft reply'));
    if (msg.channel) meta.appendChild(el('span', 'message-channel', msg.channel));
    var time = el('time', 'message-time', clockTime(msg.created_at));
    time.dateTime = msg.created_at || '';
    time.title = msg.created_at ? new Date(msg.created_at).toLocaleString() : '';
    meta.appendChild(time);
    node.appendChild(meta);

    node.appendChild(el('div', 'message-body', msg.body || ''));
    (msg.attachments || []).forEach(function (a) { node.appendChild(renderAttachment(a)); });

    if (dir === 'out' && (msg.status || msg.error)) {
      var status = el('div', 'message-status status-' + (msg.status || 'unknown'),
        msg.status === 'failed' ? 'Failed' + (msg.error ? ': ' + msg.error : '') : msg.status);
      node.appendChild(status);
    }
    return node;
  }

  function renderAttachment(a) {
    var name = a.name || a.filename || a.content_type || 'attachment';
    var url = a.url || '';
    var size = a.size ? ' (' + humanSize(a.size) + ')' : '';
    // the hub serves files to signed-in agents only: fetch with the token, hand the browser a blob
    if (/^\/api\/v1\/attachments\/\d+$/.test(url)) {
      var button = el('a', 'message-attachment', '📎 ' + name + size);
      button.href = '#';
      button.addEventListener('click', function (e) {
        e.preventDefault();
        downloadAttachment(url, name);
      });
      return button;
    }
    return el('div', 'message-attachment', '📎 ' + name + size);
  }

  function downloadAttachment(url, name) {
    fetch(url, { headers: { Authorization: 'Bearer ' + state.token } })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.blob();
      })
      .then(function (blob) {
        var link = document.createElement('a');
        link.href = URL.createObjectURL(blob);
        link.download = name;
        document.body.appendChild(link);
        link.click();
        setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
      })
      .catch(function () { toast('Could not download ' + name); });
  }

  function humanSize(bytes) {
    if (bytes < 1024) return bytes + ' B';
    if (bytes < 1024 * 1024) return Math.round(bytes / 1024) + ' KB';
    return (bytes / 1024 / 1024).toFixed(1) + ' MB';
  }

  // Full re-render keeps seq order trivially right; conversations are small enough.
  function renderMessages(opts) {
    var box = $('messages');
    var stick = (opts && opts.forceBottom) || isAtBottom(box);
    var msgs = sortedMessages();
    var frag = document.createDocumentFragment();
    var lastDay = null;
    msgs.forEach(function (m) {
      var day = dayLabel(m.created_at);
      if (day && day !== lastDay) frag.appendChild(el('div', 'day-divider', day));
      lastDay = day;
      frag.appendChild(renderMessage(m));
    });
    if (!msgs.length) frag.appendChild(el('div', 'empty-state small', 'No messages yet'));
    box.replaceChildren(frag);
    if (stick) scrollToBottom();
    else if (opts && opts.arrived) show($('jump-latest'), true);
    var conv = state.conversations.get(state.selectedId);
    if (conv) renderCustomer(conv);
  }

  function scrollToBottom() {
    var box = $('messages');
    box.scrollTop = box.scrollHeight;
    show($('jump-latest'), false);
  }

  function sendReply(event, force) {
    if (event) event.preventDefault();
    var input = $('reply-input');
    var body = input.value;
    var id = state.selectedId;
    var button = $('send-button');
    if (!body.trim() || id == null || button.disabled) return;
    var isNote = $('note-toggle').checked;
    button.disabled = true;
    show($('send-error'), false);
    hideConflict();
    stopTyping();
    var payload = { body: body, private: isNote };
    if ($('channel-select').value && !isNote) payload.channel = $('channel-select').value;
    // a reply says what it answers: the hub refuses it (409) if a colleague or a bot replied after that
    if (!isNote && state.messages.size) payload.expected_last_seq = highestSeq();
    if (force) payload.force = true;
    api('POST', '/api/v1/conversations/' + id + '/messages', payload)
      .then(function (msg) {
        if (input.value === body) input.value = '';
        if (id === state.selectedId && msg && msg.id != null) {
          storeMessage(msg);
          renderMessages({ forceBottom: true });
        }
        if (msg) noteActivity(id, msg);
      })
      .catch(function (err) {
        if (err.status === 409 && err.code === 'conflict' && id === state.selectedId) {
          showConflict((err.data && err.data.messages) || []);
          return;
        }
        if (err.status === 422 && err.code === 'window_closed' && id === state.selectedId) {
          var conv = state.conversations.get(id);
          showWindowClosed(id, payload.channel || (conv && conv.channel), err.message);
          return;
        }
        var e = $('send-error');
        e.textContent = 'Not sent: ' + err.message;
        show(e, true);
      })
      .finally(function () { button.disabled = false; input.focus(); });
  }

  // A colleague (or a bot) answered while this agent was writing: show what they said, in the
  // timeline and above the composer, and let the agent decide. Nothing was sent.
  function showConflict(newer) {
    newer.forEach(storeMessage);
    renderMessages({ forceBottom: true });
    var names = [];
    var list = $('reply-conflict-list');
    list.replaceChildren();
    newer.forEach(function (m) {
      var who = (m.author && m.author.name) || (m.author && m.author.type === 'bot' ? 'A bot' : 'A colleague');
      if (names.indexOf(who) < 0) names.push(who);
      var item = el('li', 'reply-conflict-item');
      item.appendChild(el('strong', null, who + ': '));
      item.appendChild(el('span', null, m.body || ''));
      list.appendChild(item);
    });
    $('reply-conflict-text').textContent = (names.join(', ') || 'Someone') +
      ' replied while you were writing. Your reply was not sent. Send anyway?';
    show($('reply-conflict'), true);
    $('send-anyway').focus();
  }

  function hideConflict() {
    show($('reply-conflict'), false);
    show($('window-closed'), false);
  }

  // The channel's reply window is closed (WhatsApp after 24 hours, Messenger after 7 days): say so
  // in the hub's words, and offer the inbox's approved templates with a field per parameter.
  var windowClosed = { conversationId: null, channel: null, templates: [] };

  function showWindowClosed(conversationId, channel, message) {
    windowClosed = { conversationId: conversationId, channel: channel, templates: [] };
    $('window-closed-text').textContent = message + ' Your reply was not sent.';
    $('template-select').replaceChildren();
    $('template-params').replaceChildren();
    $('template-preview').textContent = '';
    show($('template-form'), false);
    show($('window-closed'), true);
    var inboxId = inboxOf(channel);
    if (inboxId == null) return;
    api('GET', '/api/v1/inboxes/' + inboxId + '/templates').then(function (res) {
      var list = (res && res.templates) || [];
      if (!list.length || windowClosed.conversationId !== state.selectedId) return;
      windowClosed.templates = list;
      var select = $('template-select');
      select.appendChild(option('', 'Choose an approved template…'));
      list.forEach(function (t, i) { select.appendChild(option(String(i), t.name + ' (' + t.language + ')')); });
      show($('template-form'), true);
    }).catch(function (err) {
      $('window-closed-text').textContent = message + ' Templates could not be loaded: ' + err.message;
    });
  }

  function option(value, label) {
    var o = el('option', null, label);
    o.value = value;
    return o;
  }

  /** The inbox the customer last wrote to on this channel, from the open timeline. */
  function inboxOf(channel) {
    var found = null;
    sortedMessages().forEach(function (m) {
      if (m.direction === 'in' && m.channel === channel && m.inbox_id != null) found = m.inbox_id;
    });
    return found;
  }

  function onTemplateChosen() {
    var t = windowClosed.templates[Number($('template-select').value)];
    var params = $('template-params');
    params.replaceChildren();
    $('template-preview').textContent = t ? t.body || '' : '';
    if (!t) return;
    for (var i = 1; i <= (t.parameters || 0); i++) {
      var input = el('input', 'template-param');
      input.type = 'text';
      input.placeholder = '{{' + i + '}}';
      input.setAttribute('aria-label', 'Parameter ' + i);
      input.addEventListener('keydown', function (e) { if (e.key === 'Enter') e.preventDefault(); });
      params.appendChild(input);
    }
  }

  function sendTemplate() {
    var t = windowClosed.templates[Number($('template-select').value)];
    var id = windowClosed.conversationId;
    if (!t || id == null || id !== state.selectedId) return;
    var values = Array.prototype.map.call($('template-params').querySelectorAll('input'), function (i) { return i.value.trim(); });
    if (values.some(function (v) { return !v; })) {
      toast('Fill in every parameter of the template');
      return;
    }
    var button = $('send-template');
    button.disabled = true;
    api('POST', '/api/v1/conversations/' + id + '/messages', {
      channel: windowClosed.channel,
      template: { name: t.name, language: t.language, parameters: values }
    }).then(function (msg) {
      show($('window-closed'), false);
      if (id === state.selectedId && msg && msg.id != null) {
        storeMessage(msg);
        renderMessages({ forceBottom: true });
      }
      if (msg) noteActivity(id, msg);
    }).catch(function (err) {
      toast('Template not sent: ' + err.message);
    }).finally(function () { button.disabled = false; });
  }

  function onReplyKeydown(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendReply();
    }
  }

  function onNoteToggle() {
    var note = $('note-toggle').checked;
    $('composer').classList.toggle('note-mode', note);
    $('send-button').textContent = note ? 'Add note' : 'Send';
    $('reply-input').placeholder = note ? 'Private note — only agents see this' : 'Reply… (Enter to send, Shift+Enter for a new line)';
  }

  // ---------- typing (outgoing) ----------

  var typing = { active: false, sentAt: 0, idleTimer: null, conversationId: null };

  function onReplyInput() {
    if (state.selectedId == null || !$('reply-input').value) { stopTyping(); return; }
    var now = Date.now();
    if (!typing.active || now - typing.sentAt > TYPING_THROTTLE_MS) {
      typing.active = true;
      typing.sentAt = now;
      typing.conversationId = state.selectedId;
      sendFrame({ type: 'typing', conversation_id: state.selectedId, state: true });
    }
    clearTimeout(typing.idleTimer);
    typing.idleTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
  }

  function stopTyping() {
    clearTimeout(typing.idleTimer);
    if (!typing.active) return;
    typing.active = false;
    sendFrame({ type: 'typing', conversation_id: typing.conversationId, state: false });
  }

  // ---------- WebSocket ----------

  var sock = { ws: null, attempt: 0, timer: null, live: false };

  function socketUrl() {
    var proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return proto + '//' + location.host + '/ws/agent?token=' + encodeURIComponent(state.token);
  }

  function connect() {
    clearTimeout(sock.timer);
    var session = state.session;
    var ws;
    try { ws = new WebSocket(socketUrl()); } catch (e) { scheduleReconnect(); return; }
    sock.ws = ws;
    ws.onmessage = function (e) {
      if (session !== state.session) return;
      var frame;
      try { frame = JSON.parse(e.data); } catch (err) { return; }
      handleFrame(frame);
    };
    ws.onclose = function () {
      if (session !== state.session || sock.ws !== ws) return;
      var wasLive = sock.live;
      sock.ws = null;
      setLive(false);
      // never got a hello: maybe the token is dead; /me answers 401 and logs us out
      if (!wasLive) api('GET', '/api/v1/me').catch(function () {});
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (!state.token) return;
    var base = Math.min(5000, 500 * Math.pow(2, sock.attempt++));
    var delay = base * (0.7 + Math.random() * 0.6);  // jitter so agents don't stampede a restarted node
    clearTimeout(sock.timer);
    sock.timer = setTimeout(connect, delay);
  }

  function closeSocket() {
    clearTimeout(sock.timer);
    var ws = sock.ws;
    sock.ws = null;
    sock.attempt = 0;
    setLive(false);
    if (ws) ws.close();
  }

  function setLive(live) {
    sock.live = live;
    var s = $('connection-status');
    s.textContent = live ? 'Live' : (state.token ? 'Reconnecting…' : 'Offline');
    s.classList.toggle('live', live);
  }

  function sendFrame(frame) {
    if (sock.ws && sock.ws.readyState === WebSocket.OPEN) sock.ws.send(JSON.stringify(frame));
  }

  var handlers = {
    'hello': onHello,
    'message.created': onMessageCreated,
    'message.updated': onMessageCreated,
    'conversation.updated': function (f) { if (f.conversation) upsertConversation(f.conversation); },
    'typing': onTypingFrame,
    'presence': onPresenceFrame,
    'viewing': onViewingFrame,
    'conversation.moved': onConversationMoved,
    'synced': function () { /* the sync's messages have all arrived via message.created */ },
    'error': function (f) { toast('Server: ' + (f.message || f.error)); }
  };

  // Two customers were merged: their timelines are one now, renumbered. Reload what is shown.
  function onConversationMoved(f) {
    var shown = state.selectedId;
    state.conversations.delete(f.conversation_id);
    loadConversations();
    if (shown === f.conversation_id || shown === f.into) {
      state.selectedId = null;
      openConversation(f.into);
    }
  }

  function handleFrame(frame) {
    var fn = handlers[frame && frame.type];
    if (fn) fn(frame);
    // other scripts of the page (notify.js) hear the socket through this, without a socket of their own
    if (frame && frame.type) document.dispatchEvent(new CustomEvent('switchboard:frame', { detail: frame }));
  }

  // Every hello (first connect or reconnect): catch up on what we may have missed, without a reload.
  function onHello(f) {
    var wanted = state.presence;  // a fresh socket may report us online; keep the agent's own choice
    sock.attempt = 0;
    setLive(true);
    (f.agents || []).forEach(function (a) { state.agents.set(a.id, a); });
    setMe(f.agent);
    renderAssigneeOptions();
    if (wanted === 'away' && f.agent && f.agent.presence !== 'away') {
      sendFrame({ type: 'presence', status: 'away' });
      renderPresence('away');
    }
    state.viewers.clear();
    renderViewers();
    loadConversations();
    if (state.selectedId != null) {
      sendFrame({ type: 'viewing', conversation_id: state.selectedId, state: true });
      sendFrame({ type: 'sync', conversation_id: state.selectedId, after_seq: highestSeq() });
    }
  }

  function onMessageCreated(f) {
    var msg = f.message;
    var convId = f.conversation_id != null ? f.conversation_id : msg && msg.conversation_id;
    if (!msg || convId == null) return;
    var fromMe = msg.author && msg.author.type === 'agent' && state.me && msg.author.id === state.me.id;

    if (convId === state.selectedId) {
      var known = state.messages.has(msg.id);
      var expected = highestSeq() + 1;
      storeMessage(msg);
      renderMessages({ arrived: !known });
      // seq is gap-free: a jump means we missed frames, so ask for them
      if (!known && msg.seq > expected && expected > 1) {
        sendFrame({ type: 'sync', conversation_id: convId, after_seq: expected - 1 });
      }
      if (msg.author && msg.author.type === 'customer') show($('typing-indicator'), false);
    } else if (!fromMe && f.type === 'message.created' && msg.direction !== 'event') {
      // only newer than what the list already showed (a late sync reply is old news)
      var listed = state.conversations.get(convId);
      if (!listed || !listed.last_seq || msg.seq > listed.last_seq) state.unread.add(convId);
    }
    if (f.type === 'message.created') noteActivity(convId, msg);
  }

  // Bumps a conversation's preview/time; unknown conversations are fetched so new ones appear live.
  function noteActivity(convId, msg) {
    var conv = state.conversations.get(convId);
    if (!conv) {
      api('GET', '/api/v1/conversations/' + convId).then(upsertConversation).catch(function () {});
      return;
    }
    if (msg.direction !== 'event' && (!conv.last_seq || msg.seq >= conv.last_seq)) {
      conv.last_message = { body: msg.body, direction: msg.direction, channel: msg.channel, created_at: msg.created_at };
      conv.last_message_at = msg.created_at;
      conv.last_seq = msg.seq;
    }
    renderList();
  }

  var remoteTypingTimer = null;
  function onTypingFrame(f) {
    if (f.conversation_id !== state.selectedId) return;
    if (f.who === 'agent' && state.me && f.agent_id === state.me.id) return;
    var ind = $('typing-indicator');
    ind.textContent = f.who === 'customer' ? 'Customer is typing…' : (f.name || 'An agent') + ' is typing…';
    show(ind, !!f.state);
    clearTimeout(remoteTypingTimer);
    if (f.state) remoteTypingTimer = setTimeout(function () { show(ind, false); }, TYPING_SHOW_MS);
  }

  function onPresenceFrame(f) {
    if (f.kind === 'agent') {
      var agent = state.agents.get(f.id);
      if (agent) agent.presence = f.status;
      if (state.me && f.id === state.me.id && (f.status === 'online' || f.status === 'away')) renderPresence(f.status);
      renderAssigneeOptions();
    } else if (f.kind === 'customer') {
      state.conversations.forEach(function (conv) {
        if (conv.id === f.conversation_id || (conv.customer && conv.customer.id === f.id)) {
          conv.customer = Object.assign({}, conv.customer, { online: f.status === 'online' });
          if (conv.id === state.selectedId) renderCustomer(conv);
        }
      });
      renderList();
    }
  }

  function onViewingFrame(f) {
    if (state.me && f.agent_id === state.me.id) return;
    var set = state.viewers.get(f.conversation_id) || new Map();
    if (f.state) set.set(f.agent_id, f.name || 'Another agent');
    else set.delete(f.agent_id);
    state.viewers.set(f.conversation_id, set);
    renderViewers();
  }

  function renderViewers() {
    var names = Array.from((state.viewers.get(state.selectedId) || new Map()).values());
    var v = $('viewers');
    v.textContent = !names.length ? ''
      : names.length === 1 ? names[0] + ' is also viewing'
      : names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1] + ' are also viewing';
    show(v, names.length > 0);
  }

  // ---------- wiring ----------

  function onListClick(event) {
    var item = event.target.closest('.conversation-item');
    if (item) openConversation(Number(item.dataset.id));
  }

  function onListKeydown(event) {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onListClick(event);
    }
  }

  function onMessagesScroll() {
    if (isAtBottom($('messages'))) show($('jump-latest'), false);
  }

  function init() {
    $('login-form').addEventListener('submit', onLoginSubmit);
    $('logout-button').addEventListener('click', function () {
      // revoke the token on the hub too: a copy of it (another tab, a stolen one) stops working
      var done = function () { logout(); };
      api('POST', '/api/v1/auth/logout').then(done, done);
    });
    $('presence-toggle').addEventListener('click', togglePresence);
    $('conversation-list').addEventListener('click', onListClick);
    $('conversation-list').addEventListener('keydown', onListKeydown);
    document.querySelectorAll('.filter').forEach(function (b) {
      b.addEventListener('click', function () { setFilter(b.dataset.status); loadConversations(); });
    });
    $('search').addEventListener('input', debounce(function () {
      state.query = $('search').value.trim();
      loadConversations();
    }, 300));
    $('composer').addEventListener('submit', sendReply);
    $('reply-input').addEventListener('keydown', onReplyKeydown);
    $('reply-input').addEventListener('input', onReplyInput);
    $('reply-input').addEventListener('blur', stopTyping);
    $('note-toggle').addEventListener('change', onNoteToggle);
    $('resolve-button').addEventListener('click', onResolveClick);
    $('assignee-select').addEventListener('change', onAssigneeChange);
    $('messages').addEventListener('scroll', onMessagesScroll);
    $('jump-latest').addEventListener('click', scrollToBottom);
    $('send-anyway').addEventListener('click', function () { sendReply(null, true); });
    $('conflict-cancel').addEventListener('click', function () { hideConflict(); $('reply-input').focus(); });
    $('template-select').addEventListener('change', onTemplateChosen);
    $('send-template').addEventListener('click', sendTemplate);
    $('window-closed-dismiss').addEventListener('click', function () { show($('window-closed'), false); $('reply-input').focus(); });
    // links to #c/ID (a notification) open that conversation
    window.addEventListener('hashchange', function () {
      var m = /^#c\/(\d+)$/.exec(location.hash);
      if (m && state.token && Number(m[1]) !== state.selectedId) openConversation(Number(m[1]));
    });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && state.selectedId != null && document.activeElement !== $('reply-input')) closeConversation();
    });
    window.addEventListener('pagehide', leaveConversation);
    setInterval(function () { if (state.token) renderList(); }, 60000);  // keep relative times fresh

    var saved = localStorage.getItem(TOKEN_KEY);
    if (!saved) { showLogin(); return; }
    state.token = saved;
    api('GET', '/api/v1/me')
      .then(function (agent) { startApp(saved, agent); })
      .catch(function (err) {
        if (err.status === 401) return;  // api() already showed the login
        showLogin('Could not reach the server: ' + err.message);
      });
  }

  init();
})();
