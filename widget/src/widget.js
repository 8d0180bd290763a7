/*
 * Switchboard website chat widget.
 * Embed: <script src="https://HUB/widget.js" data-inbox="INBOX_ID" async></script>
 * Plain ES2019, no dependencies. Everything renders inside an open shadow root so the host
 * page's CSS and ours never mix. Message text is only ever set with textContent.
 * Wire protocol: docs/PROTOCOL.md, "Widget socket".
 *
 * Identity (the site vouches for who its signed-in visitor is):
 *   Switchboard.identify({id, email, phone, name, userHash})
 * userHash = hex HMAC-SHA256, keyed with the inbox's identity_secret, computed on the site's
 * SERVER (never ship the secret to the browser) over one "kind:value" line per field it vouches
 * for, in the order id, email, phone, joined by "\n": "id:42" or "id:42\nemail:ana@example.com"
 * (email trimmed and lower-cased, phone in E.164). Fields the hash does not cover are only noted,
 * never used to join an existing customer; values with a line break are refused. Hashes of the
 * old forms (the bare value, "id|email|phone") are not accepted any more.
 * A visitor signed in as one person who is then identified as another gets a new visitor (and
 * never sees the first one's chat).
 *
 *   Switchboard.reset()
 * The site's logout: forgets this browser's visitor (token, queued and shown messages); the next
 * person on this browser starts with an empty chat.
 */
(function () {
  'use strict';

  var existing = window.Switchboard;
  // Included twice: the first copy owns the page.
  if (existing && existing.__switchboardWidget) return;

  var script = document.currentScript ||
    document.querySelector('script[data-inbox][src*="widget.js"]');
  var inbox = script && script.getAttribute('data-inbox');
  if (!inbox) {
    if (window.console) console.warn('Switchboard: script tag with data-inbox not found');
    return;
  }

  // Hub base = the directory widget.js was served from (keeps working behind a path prefix).
  var base;
  try { base = new URL('.', script.src); } catch (e) { base = new URL('/', location.href); }
  var WS_URL = (base.protocol === 'https:' ? 'wss://' : 'ws://') + base.host + base.pathname +
    'ws/widget?inbox=' + encodeURIComponent(inbox);

  var MAX_CHARS = 60000;
  var MAX_FRAME_BYTES = 64000;     // the hub refuses frames over 64 KB
  var BACKOFF_MIN = 500;
  var BACKOFF_MAX = 5000;
  var HELLO_TIMEOUT = 10000;       // a socket that never says hello is treated as dead
  var TYPING_EVERY = 2000;
  var TYPING_IDLE = 3000;
  var KEY = 'switchboard:' + inbox + ':';

  /* ---------- storage (may throw: private mode, blocked third-party storage) ---------- */

  var memoryStore = {};
  function storeGet(area, key) {
    try { return window[area].getItem(key); } catch (e) { return memoryStore[area + key] || null; }
  }
  function storeSet(area, key, value) {
    try { window[area].setItem(key, value); } catch (e) { memoryStore[area + key] = value; }
  }
  function readJson(key, fallback) {
    try { return JSON.parse(storeGet('localStorage', key)) || fallback; } catch (e) { return fallback; }
  }

  // The queue is always read fresh from storage: other tabs of the same site share it.
  function readQueue() {
    var q = readJson(KEY + 'pending', []);
    return Array.isArray(q) ? q.filter(function (m) { return m && m.client_id && typeof m.body === 'string'; }) : [];
  }
  function writeQueue(q) { storeSet('localStorage', KEY + 'pending', JSON.stringify(q)); }
  function enqueue(entry) {
    var q = readQueue().filter(function (m) { return m.client_id !== entry.client_id; });
    q.push(entry);
    writeQueue(q);
  }
  function dequeue(clientId) {
    writeQueue(readQueue().filter(function (m) { return m.client_id !== clientId; }));
  }

  function newClientId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    if (window.crypto && crypto.getRandomValues) crypto.getRandomValues(bytes);
    else for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }

  /* ---------- events ---------- */

  var listeners = {};
  var readyFired = false;
  function on(event, fn) {
    if (typeof fn !== 'function') return function () {};
    (listeners[event] = listeners[event] || []).push(fn);
    // Late 'ready' subscribers still hear about it.
    if (event === 'ready' && readyFired) setTimeout(function () { safeCall(fn, undefined); }, 0);
    return function off() {
      listeners[event] = (listeners[event] || []).filter(function (f) { return f !== fn; });
    };
  }
  function emit(event, payload) {
    (listeners[event] || []).slice().forEach(function (fn) { safeCall(fn, payload); });
  }
  // A throwing host-page listener must not break the widget.
  function safeCall(fn, payload) {
    try { fn(payload); } catch (e) { if (window.console) console.error(e); }
  }

  /* ---------- DOM ---------- */

  var CSS = [
    ':host{all:initial}',
    '*{box-sizing:border-box}',
    '.sb-root{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2937;-webkit-font-smoothing:antialiased}',
    '#sb-launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border:0;border-radius:50%;',
    '  background:#4f46e5;color:#fff;cursor:pointer;box-shadow:0 6px 20px rgba(79,70,229,.4);display:flex;align-items:center;justify-content:center;transition:transform .15s}',
    '#sb-launcher:hover{transform:scale(1.06)}',
    '#sb-launcher:focus-visible,button:focus-visible,textarea:focus-visible{outline:2px solid #a5b4fc;outline-offset:2px}',
    '#sb-launcher svg{width:26px;height:26px;fill:currentColor}',
    '#sb-unread{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#ef4444;',
    '  color:#fff;font:600 11px/20px system-ui,sans-serif;text-align:center;box-shadow:0 0 0 2px #fff}',
    '#sb-panel{position:fixed;right:20px;bottom:88px;z-index:2147483000;width:360px;height:min(560px,calc(100vh - 108px));',
    '  display:flex;flex-direction:column;background:#fff;border-radius:14px;overflow:hidden;',
    '  box-shadow:0 12px 40px rgba(15,23,42,.22),0 0 0 1px rgba(15,23,42,.06)}',
    '[hidden]{display:none!important}',
    '.sb-header{display:flex;align-items:center;justify-content:space-between;padding:14px 16px;background:#4f46e5;color:#fff}',
    '.sb-title{font-weight:600;font-size:15px}',
    '#sb-close{border:0;background:transparent;color:#fff;font-size:22px;line-height:1;width:30px;height:30px;border-radius:6px;cursor:pointer}',
    '#sb-close:hover{background:rgba(255,255,255,.15)}',
    '#sb-messages{flex:1;overflow-y:auto;padding:14px 12px;display:flex;flex-direction:column;gap:8px;background:#f8fafc}',
    '.sb-msg{max-width:80%;padding:8px 12px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere;transition:opacity .2s}',
    '.sb-customer{align-self:flex-end;background:#4f46e5;color:#fff;border-bottom-right-radius:4px}',
    '.sb-agent{align-self:flex-start;background:#fff;border:1px solid #e5e7eb;border-bottom-left-radius:4px}',
    '.sb-system{align-self:center;background:transparent;border:0;color:#6b7280;font-size:12px;text-align:center}',
    '.sb-author{display:block;font-size:11px;font-weight:600;color:#6b7280;margin-bottom:2px;white-space:normal}',
    '.sb-pending{opacity:.55}',
    '.sb-failed{opacity:1;background:#fee2e2;color:#991b1b}',
    '.sb-retry{display:block;margin-top:4px;padding:0;border:0;background:none;color:inherit;font:600 11px system-ui,sans-serif;text-decoration:underline;cursor:pointer}',
    '#sb-typing{padding:2px 16px;font-size:12px;color:#6b7280;font-style:italic;background:#f8fafc}',
    '#sb-status{min-height:0;padding:0 16px;font-size:12px;color:#b45309;background:#f8fafc}',
    '#sb-status:not(:empty){padding:4px 16px}',
    '.sb-composer{display:flex;align-items:flex-end;gap:8px;padding:10px;border-top:1px solid #e5e7eb;background:#fff}',
    '#sb-input{flex:1;resize:none;border:1px solid #d1d5db;border-radius:10px;padding:8px 10px;font:inherit;color:inherit;',
    '  max-height:120px;min-height:38px;background:#fff}',
    '#sb-input:focus{border-color:#4f46e5;outline:none}',
    '#sb-send{border:0;border-radius:10px;background:#4f46e5;color:#fff;font:600 14px system-ui,sans-serif;padding:0 14px;height:38px;cursor:pointer}',
    '#sb-send:hover{background:#4338ca}',
    '.sb-search{padding:8px 10px;border-bottom:1px solid #e5e7eb;background:#fff}',
    '#sb-search{width:100%;border:1px solid #d1d5db;border-radius:8px;padding:6px 10px;font:inherit;color:inherit;background:#fff}',
    '#sb-search:focus{border-color:#4f46e5;outline:none}',
    '#sb-results{list-style:none;margin:6px 0 0;padding:0;max-height:180px;overflow-y:auto}',
    '#sb-results a{display:block;padding:6px 4px;border-radius:6px;color:#1f2937;text-decoration:none}',
    '#sb-results a:hover,#sb-results a:focus{background:#eef2ff}',
    '.sb-hit-title{display:block;font-weight:600;color:#4338ca}',
    '.sb-hit-snippet{display:block;font-size:12px;color:#6b7280;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}',
    '.sb-no-hits{padding:4px;font-size:12px;color:#6b7280}',
    '@media (max-width:480px){#sb-panel{right:0;left:0;bottom:0;width:auto;height:100%;border-radius:0}',
    '  .sb-open #sb-launcher{display:none}}'
  ].join('\n');

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  function chatIcon() {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-4.5 3.6A.9.9 0 0 1 2 20.9V5a2 2 0 0 1 2-2z');
    svg.appendChild(path);
    return svg;
  }

  var ui = {};
  function buildUi() {
    var host = el('div', { id: 'switchboard-widget' });
    // Inline !important beats any host-page rule that targets the host element itself.
    host.style.setProperty('all', 'initial', 'important');
    host.style.setProperty('display', 'block', 'important');
    var shadow = host.attachShadow({ mode: 'open' });

    var style = el('style', null, CSS);
    shadow.appendChild(style);
    // Pages whose CSP forbids <style> elements still accept constructed stylesheets.
    if ('adoptedStyleSheets' in shadow && window.CSSStyleSheet) {
      try {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        shadow.adoptedStyleSheets = [sheet];
      } catch (e) { /* the <style> element is enough */ }
    }

    var root = ui.root = el('div', { class: 'sb-root' });
    ui.launcher = el('button', { id: 'sb-launcher', type: 'button', 'aria-label': 'Open chat', 'aria-expanded': 'false' });
    ui.launcher.appendChild(chatIcon());
    ui.unread = el('span', { id: 'sb-unread', 'aria-live': 'polite' });
    ui.unread.hidden = true;
    ui.launcher.appendChild(ui.unread);

    ui.panel = el('div', { id: 'sb-panel', role: 'dialog', 'aria-label': 'Chat with us' });
    ui.panel.hidden = true;
    var header = el('div', { class: 'sb-header' });
    header.appendChild(el('span', { class: 'sb-title' }, 'Chat with us'));
    ui.close = el('button', { id: 'sb-close', type: 'button', 'aria-label': 'Close chat' }, '\u00d7');
    header.appendChild(ui.close);
    ui.messages = el('div', { id: 'sb-messages', role: 'log', 'aria-live': 'polite' });
    ui.typing = el('div', { id: 'sb-typing' });
    ui.typing.hidden = true;
    ui.status = el('div', { id: 'sb-status', role: 'status' });
    var composer = el('div', { class: 'sb-composer' });
    ui.input = el('textarea', { id: 'sb-input', rows: '1', placeholder: 'Type a message\u2026', 'aria-label': 'Message' });
    ui.send = el('button', { id: 'sb-send', type: 'button' }, 'Send');
    composer.appendChild(ui.input);
    composer.appendChild(ui.send);
    var search = el('div', { class: 'sb-search' });
    ui.search = el('input', { id: 'sb-search', type: 'search', placeholder: 'Search help articles\u2026',
      'aria-label': 'Search help articles', maxlength: '200' });
    ui.results = el('ul', { id: 'sb-results', 'aria-live': 'polite' });
    search.appendChild(ui.search);
    search.appendChild(ui.results);
    [header, search, ui.messages, ui.typing, ui.status, composer].forEach(function (n) { ui.panel.appendChild(n); });

    root.appendChild(ui.panel);
    root.appendChild(ui.launcher);
    shadow.appendChild(root);
    document.body.appendChild(host);

    ui.launcher.addEventListener('click', function () { if (isOpen) close(); else open(); });
    ui.close.addEventListener('click', close);
    ui.send.addEventListener('click', submit);
    ui.input.addEventListener('keydown', onInputKey);
    ui.input.addEventListener('input', onInputChange);
    ui.panel.addEventListener('keydown', function (e) { if (e.key === 'Escape') close(); });
    ui.search.addEventListener('input', onSearchInput);
  }

  /* ---------- knowledge-base search (GET /kb/search; results as text nodes) ---------- */

  var searchTimer = null;
  var searchSeq = 0;
  function onSearchInput() {
    clearTimeout(searchTimer);
    var q = ui.search.value.trim();
    if (q.length < 2) { searchSeq++; ui.results.textContent = ''; return; }
    searchTimer = setTimeout(function () { runSearch(q); }, 250);
  }
  function runSearch(q) {
    var mine = ++searchSeq;
    fetch(base.href + 'kb/search?inbox=' + encodeURIComponent(inbox) + '&q=' + encodeURIComponent(q),
      { credentials: 'omit' })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (hits) { if (mine === searchSeq) showHits(Array.isArray(hits) ? hits : []); })
      .catch(function () { if (mine === searchSeq) showHits([]); });
  }
  function showHits(hits) {
    ui.results.textContent = '';
    if (!hits.length) { ui.results.appendChild(el('li', { class: 'sb-no-hits' }, 'No articles found.')); return; }
    hits.forEach(function (h) {
      if (!h || typeof h.id !== 'number') return;
      var a = el('a', { href: base.href + 'kb/articles/' + h.id, target: '_blank', rel: 'noopener' });
      a.appendChild(el('span', { class: 'sb-hit-title' }, String(h.title || '')));
      a.appendChild(el('span', { class: 'sb-hit-snippet' }, String(h.snippet || '')));
      var li = el('li');
      li.appendChild(a);
      ui.results.appendChild(li);
    });
  }

  /* ---------- messages ---------- */

  // Records: {id, seq, client_id, body, author, pending, failed, node}. Kept sorted by seq;
  // messages without a seq (not yet acknowledged) stay at the end in the order they were sent.
  var records = [];
  var byId = new Map();
  var byClientId = new Map();

  function highestSeq() {
    return records.reduce(function (max, r) { return !r.stale && r.seq != null && r.seq > max ? r.seq : max; }, 0);
  }

  function renderRecord(r) {
    var own = r.author.type === 'customer';
    var node = el('div', { class: 'sb-msg ' + (own ? 'sb-customer' : 'sb-agent') });
    if (r.author.type === 'system') node.classList.add('sb-system');
    if (!own && r.author.type !== 'system') {
      node.appendChild(el('span', { class: 'sb-author' }, r.author.name || (r.author.type === 'bot' ? 'Bot' : 'Support')));
    }
    node.appendChild(el('span', { class: 'sb-body' }, r.body));
    if (r.created_at) node.title = new Date(r.created_at).toLocaleString();
    r.node = node;
    updateRecordNode(r);
  }

  function updateRecordNode(r) {
    var node = r.node;
    if (r.seq != null) node.setAttribute('data-seq', String(r.seq));
    node.classList.toggle('sb-pending', !!r.pending);
    node.classList.toggle('sb-failed', !!r.failed);
    var retry = node.querySelector('.sb-retry');
    if (r.failed && !retry) {
      retry = el('button', { class: 'sb-retry', type: 'button' }, 'Not sent \u00b7 Retry');
      retry.addEventListener('click', function () { retryMessage(r); });
      node.appendChild(retry);
    } else if (!r.failed && retry) {
      retry.remove();
    }
  }

  // Insert (or move) a record to its sorted place, in the array and in the DOM.
  function place(r) {
    var at = records.indexOf(r);
    if (at >= 0) records.splice(at, 1);
    var i = records.length;
    if (r.seq != null) {
      i = records.findIndex(function (o) { return o.seq == null || o.seq > r.seq; });
      if (i < 0) i = records.length;
    }
    records.splice(i, 0, r);
    var stick = nearBottom();
    ui.messages.insertBefore(r.node, records[i + 1] ? records[i + 1].node : null);
    if (stick || r.author.type === 'customer') scrollToBottom();
  }

  function removeRecord(r) {
    records = records.filter(function (o) { return o !== r; });
    if (r.id != null && byId.get(r.id) === r) byId.delete(r.id);
    if (r.client_id && byClientId.get(r.client_id) === r) byClientId.delete(r.client_id);
    if (r.node) r.node.remove();
  }

  // Another conversation (identify merged us into an existing customer, or the first hello
  // had none yet): everything shown is stale until a sync from 0 confirms it by id. Whatever
  // the sync doesn't resend is removed on 'synced'. Same result as clearing the list, without
  // a flicker when the "new" conversation is the one we were already showing.
  function markAllStale() {
    records.forEach(function (r) { if (r.seq != null) r.stale = true; });
  }
  function dropStale() {
    records.filter(function (r) { return r.stale; }).forEach(removeRecord);
  }

  function nearBottom() {
    var m = ui.messages;
    return m.scrollHeight - m.scrollTop - m.clientHeight < 40;
  }
  function scrollToBottom() { ui.messages.scrollTop = ui.messages.scrollHeight; }

  function showPending(entry) {
    if (byClientId.has(entry.client_id)) return byClientId.get(entry.client_id);
    var r = { id: null, seq: null, client_id: entry.client_id, body: entry.body, author: { type: 'customer' }, pending: true };
    renderRecord(r);
    byClientId.set(r.client_id, r);
    place(r);
    return r;
  }

  // Messages queued by an earlier page (or another tab) that were never acknowledged.
  function showQueued() { readQueue().forEach(showPending); }

  function onMessageFrame(f) {
    if (f.id == null) return;
    if (byId.has(f.id)) { refresh(byId.get(f.id), f); return; }
    var r = {
      id: f.id, seq: typeof f.seq === 'number' ? f.seq : null, body: String(f.body == null ? '' : f.body),
      author: f.author || { type: 'agent' }, channel: f.channel, created_at: f.created_at
    };
    renderRecord(r);
    byId.set(r.id, r);
    place(r);
    if (r.author.type !== 'customer') { hideTyping(); countUnread(r); }
    emit('message', { id: r.id, seq: r.seq, body: r.body, author: r.author, channel: r.channel, created_at: r.created_at });
  }

  // A message we already show came again (sync after a conversation change): keep it, re-sort.
  function refresh(r, f) {
    r.stale = false;
    if (typeof f.seq === 'number' && f.seq !== r.seq) {
      r.seq = f.seq;
      updateRecordNode(r);
      place(r);
    }
  }

  function onAck(f) {
    dequeue(f.client_id);
    var r = byClientId.get(f.client_id);
    if (!r) return;
    byClientId.delete(f.client_id);
    if (byId.has(f.id)) { removeRecord(r); return; }  // its message frame got here first
    r.id = f.id;
    r.seq = f.seq;
    r.pending = false;
    r.failed = false;
    byId.set(r.id, r);
    updateRecordNode(r);
    place(r);
    markSeen();
  }

  /* ---------- unread ---------- */

  // Last seq the visitor has seen with the panel open, kept across page loads.
  var unread = 0;
  var historyLoad = false;   // true while a sync from 0 (re)loads the whole history

  function countUnread(r) {
    if (isOpen) { markSeen(); return; }
    var seen = readJson(KEY + 'seen', {});
    var sameConversation = seen.c == null || seen.c === conversationId;
    // Old history loaded on page load is not "new", unless it is past what was last seen.
    if (historyLoad && !(sameConversation && r.seq != null && r.seq > (seen.s || 0))) return;
    setUnread(unread + 1);
  }
  function setUnread(n) {
    if (n === unread) return;
    unread = n;
    ui.unread.textContent = n > 9 ? '9+' : String(n);
    ui.unread.hidden = n === 0;
    ui.launcher.setAttribute('aria-label', n ? 'Open chat (' + n + ' unread)' : 'Open chat');
    emit('unread', n);
  }
  function markSeen() {
    if (!isOpen) return;
    storeSet('localStorage', KEY + 'seen', JSON.stringify({ c: conversationId, s: highestSeq() }));
  }

  /* ---------- socket ---------- */

  var socket = null;
  var live = false;              // hello received on the current socket
  var everConnected = false;
  var attempt = 0;
  var reconnectTimer = null;
  var helloTimer = null;
  var conversationId;            // undefined until the first hello
  var lastIdentify = null;
  var identifySent = false;      // per socket: identify answers with a hello, which must not loop

  function socketUrl() {
    var visitor = storeGet('localStorage', KEY + 'visitor');
    return WS_URL + (visitor ? '&visitor=' + encodeURIComponent(visitor) : '');
  }

  function connect() {
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    var ws;
    try { ws = new WebSocket(socketUrl()); } catch (e) { scheduleReconnect(); return; }
    socket = ws;
    live = false;
    identifySent = false;
    helloTimer = setTimeout(function () { if (socket === ws && !live) ws.close(); }, HELLO_TIMEOUT);
    ws.onmessage = function (e) { if (socket === ws) onFrame(e.data); };
    ws.onerror = function () { try { ws.close(); } catch (err) { /* close follows anyway */ } };
    ws.onclose = function () {
      if (socket !== ws) return;
      socket = null;
      live = false;
      clearTimeout(helloTimer);
      hideTyping();
      setStatus('Reconnecting\u2026');
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (reconnectTimer) return;
    var delay = Math.min(BACKOFF_MAX, BACKOFF_MIN * Math.pow(2, attempt++));
    // Jitter so a restarted hub is not hit by every visitor in the same millisecond.
    delay = Math.min(BACKOFF_MAX, delay * (0.75 + Math.random() * 0.5));
    reconnectTimer = setTimeout(connect, delay);
  }

  function send(frame) {
    if (!socket || socket.readyState !== 1) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  function onFrame(data) {
    var f;
    try { f = JSON.parse(data); } catch (e) { return; }
    if (!f || typeof f !== 'object') return;
    switch (f.type) {
      case 'hello': onHello(f); break;
      case 'ack': onAck(f); break;
      case 'message': onMessageFrame(f); break;
      case 'synced': onSynced(); break;
      case 'typing': onTyping(f); break;
      case 'error': onError(f); break;
      default: break;  // unknown frames are ignored, as the protocol asks
    }
  }

  function onHello(f) {
    if (f.visitor) storeSet('localStorage', KEY + 'visitor', String(f.visitor));
    var first = !everConnected;
    live = true;
    everConnected = true;
    attempt = 0;
    clearTimeout(helloTimer);
    setStatus('');

    var conv = f.conversation_id == null ? null : f.conversation_id;
    if (conv !== conversationId) {
      markAllStale();
      conversationId = conv;
    }
    if (lastIdentify && !identifySent) {
      identifySent = true;
      send(identifyFrame(lastIdentify));
    }
    var after = highestSeq();
    historyLoad = after === 0;
    send({ type: 'sync', after_seq: after });
    resendPending();
    if (first) { readyFired = true; emit('ready'); }
  }

  function onSynced() {
    dropStale();
    historyLoad = false;
    markSeen();
  }

  // Same client_id every time: the hub answers a repeat with the same ack, never a second message.
  function resendPending() {
    if (!live) return;
    readQueue().forEach(function (entry) {
      var r = showPending(entry);
      if (r.failed) return;
      send({ type: 'message', client_id: entry.client_id, body: entry.body });
    });
  }

  var statusTimer = null;
  var connectionStatus = 'Connecting\u2026';
  function setStatus(text) {
    connectionStatus = text;
    if (!statusTimer) ui.status.textContent = text;
  }
  // Show a note for a few seconds, then fall back to the connection status.
  function flashStatus(text) {
    clearTimeout(statusTimer);
    ui.status.textContent = text;
    statusTimer = setTimeout(function () {
      statusTimer = null;
      ui.status.textContent = connectionStatus;
    }, 4000);
  }

  // Refusals that pass: the same message (same client_id) is sent again after a pause. Any other
  // refusal of a message is final; resending it on every reconnect would only be refused again.
  var RETRYABLE = { not_stored: true, rate_limited: true };
  var retryTimer = null;
  function onError(f) {
    flashStatus(f.message || f.error || 'Something went wrong');
    if (RETRYABLE[f.error]) {
      if (!retryTimer) retryTimer = setTimeout(function () { retryTimer = null; resendPending(); }, 3000);
      return;
    }
    if (!f.client_id) return;
    dequeue(f.client_id);   // also when another tab sent it: no tab should resend it
    var r = byClientId.get(f.client_id);
    if (r) {
      r.pending = false;
      r.failed = true;   // shown as not sent; the visitor may retry it by hand
      updateRecordNode(r);
    }
  }

  function retryMessage(r) {
    r.failed = false;
    r.pending = true;
    updateRecordNode(r);
    enqueue({ client_id: r.client_id, body: r.body, at: Date.now() });
    if (live) send({ type: 'message', client_id: r.client_id, body: r.body });
  }

  /* ---------- typing ---------- */

  var typingHideTimer = null;
  function onTyping(f) {
    if (!f.state) { hideTyping(); return; }
    ui.typing.textContent = (f.name || 'Support') + ' is typing\u2026';
    ui.typing.hidden = false;
    // If the "stopped" frame is lost, don't show a typing agent forever.
    clearTimeout(typingHideTimer);
    typingHideTimer = setTimeout(hideTyping, 15000);
  }
  function hideTyping() {
    clearTimeout(typingHideTimer);
    ui.typing.hidden = true;
    ui.typing.textContent = '';
  }

  var typingSentAt = 0;
  var typingIdleTimer = null;
  var typingOn = false;
  function onInputChange() {
    autosize();
    if (!ui.input.value.trim()) { stopTyping(); return; }
    var now = Date.now();
    if (live && now - typingSentAt >= TYPING_EVERY) {
      typingSentAt = now;
      typingOn = send({ type: 'typing', state: true }) || typingOn;
    }
    clearTimeout(typingIdleTimer);
    typingIdleTimer = setTimeout(stopTyping, TYPING_IDLE);
  }
  function stopTyping() {
    clearTimeout(typingIdleTimer);
    typingSentAt = 0;
    if (typingOn) send({ type: 'typing', state: false });
    typingOn = false;
  }

  /* ---------- composer ---------- */

  function onInputKey(e) {
    // Enter sends; Shift+Enter (and Enter while an IME is composing) stays a newline.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  }

  function autosize() {
    ui.input.style.height = 'auto';
    ui.input.style.height = Math.min(ui.input.scrollHeight + 2, 120) + 'px';
  }

  function submit() {
    var body = ui.input.value.trim();
    if (!body) return;
    if (body.length > MAX_CHARS || frameBytes(body) > MAX_FRAME_BYTES) {
      flashStatus('Message is too long (max ' + MAX_CHARS.toLocaleString() + ' characters).');
      return;
    }
    var entry = { client_id: newClientId(), body: body, at: Date.now() };
    enqueue(entry);   // first, so a reload or crash right now still sends it
    showPending(entry);
    ui.input.value = '';
    autosize();
    stopTyping();
    if (live) send({ type: 'message', client_id: entry.client_id, body: body });
    scrollToBottom();
    ui.input.focus();
  }

  // 60,000 characters of emoji is more than 64 KB on the wire; the hub would refuse the frame.
  function frameBytes(body) {
    var json = JSON.stringify({ type: 'message', client_id: '00000000-0000-0000-0000-000000000000', body: body });
    return window.TextEncoder ? new TextEncoder().encode(json).length : json.length * 3;
  }

  /* ---------- open / close / identify ---------- */

  var isOpen = false;
  var mounted = false;

  function open() { openPanel(true); }

  function openPanel(focus) {
    if (!mounted) { pendingCalls.push(['open']); return; }
    if (isOpen) { if (focus) ui.input.focus(); return; }
    isOpen = true;
    ui.panel.hidden = false;
    ui.root.classList.add('sb-open');
    ui.launcher.setAttribute('aria-expanded', 'true');
    storeSet('sessionStorage', KEY + 'open', '1');
    setUnread(0);
    markSeen();
    scrollToBottom();
    if (focus) ui.input.focus();
    emit('open');
  }

  function close() {
    if (!mounted) { pendingCalls.push(['close']); return; }
    if (!isOpen) return;
    isOpen = false;
    ui.panel.hidden = true;
    ui.root.classList.remove('sb-open');
    ui.launcher.setAttribute('aria-expanded', 'false');
    storeSet('sessionStorage', KEY + 'open', '0');
    stopTyping();
    emit('close');
  }

  function identifyFrame(who) {
    return { type: 'identify', id: who.id, email: who.email, name: who.name, phone: who.phone, user_hash: who.userHash };
  }

  /* ---------- reset (the site's logout) ---------- */

  function reset() {
    if (!mounted) { pendingCalls.push(['reset']); return; }
    // Storage first: a logout usually navigates away at once, and the next page must start fresh.
    ['visitor', 'pending', 'seen'].forEach(function (k) {
      try { window.localStorage.removeItem(KEY + k); } catch (e) { delete memoryStore['localStorage' + KEY + k]; }
    });
    lastIdentify = null;
    identifySent = false;
    records.slice().forEach(removeRecord);
    records = [];
    byId.clear();
    byClientId.clear();
    conversationId = null;
    hideTyping();
    stopTyping();
    setUnread(0);
    // A new socket without a token, not a reset frame on this one: a hello for the old visitor may
    // already be on its way here (the one naming their new conversation), and taken for the reset's
    // answer it would store the old visitor's token again. Frames of a dropped socket are ignored.
    if (socket) {
      var old = socket;
      socket = null;
      live = false;
      clearTimeout(helloTimer);
      try { old.close(); } catch (e) { /* gone already */ }
      connect();
    }
    emit('reset');
  }

  function identify(who) {
    if (!who || typeof who !== 'object') return;
    lastIdentify = { id: who.id, email: who.email, name: who.name, phone: who.phone, userHash: who.userHash };
    // Not connected yet: onHello sends it. Connected: send now and don't send it again on this socket.
    if (live) {
      identifySent = true;
      send(identifyFrame(lastIdentify));
    } else {
      identifySent = false;
    }
  }

  /* ---------- public API ---------- */

  var pendingCalls = [];   // open/close called before the DOM is ready
  var methods = { open: open, close: close, identify: identify, reset: reset, on: on };

  // Callable too, so a queue stub's `Switchboard('open')` style keeps working.
  function api(method) {
    var fn = methods[method];
    if (fn) return fn.apply(null, Array.prototype.slice.call(arguments, 1));
  }
  Object.keys(methods).forEach(function (k) { api[k] = methods[k]; });
  Object.defineProperty(api, '__switchboardWidget', { value: true });
  window.Switchboard = api;

  // Replay calls made on a queue stub before we loaded: entries look like [method, ...args].
  function replayStub(stub) {
    if (!stub) return;
    var queue = stub.q || stub._q || stub.queue;
    if (!Array.isArray(queue)) return;
    queue.forEach(function (call) {
      if (call && call.length) api.apply(null, Array.prototype.slice.call(call));
    });
  }

  /* ---------- start ---------- */

  function mount() {
    buildUi();
    mounted = true;
    showQueued();
    // Restored after a reload: open, but don't steal focus from the page.
    if (storeGet('sessionStorage', KEY + 'open') === '1') openPanel(false);
    pendingCalls.splice(0).forEach(function (call) { api.apply(null, call); });
    setStatus(connectionStatus);
    connect();
    // Back online: don't wait for the backoff timer.
    window.addEventListener('online', function () { if (!socket) connect(); });
    // Gone offline: a dead socket can take minutes to notice by itself.
    window.addEventListener('offline', function () { if (socket) socket.close(); });
  }

  replayStub(existing);
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
