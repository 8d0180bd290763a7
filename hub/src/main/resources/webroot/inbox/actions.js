// What the inbox does: REST calls and socket frames, each result dispatched into the store.
// Views call these; they never fetch on their own.
import { get, post, patch, api, saveToken, savedToken, onSessionExpired, ApiError } from './lib/api.js';
import { createSocket } from './lib/socket.js';
import { highestSeq, missedAfter, listQuery } from './lib/store.js';
import { channelsByKind } from './lib/format.js';

const PAGE_SIZE = 50;
const HISTORY_PAGE = 200;
const COUNTS_DEBOUNCE_MS = 500;
const TYPING_THROTTLE_MS = 2000;   // re-send typing:true at most this often
const TYPING_IDLE_MS = 3000;       // typing:false after this much silence

export function createActions(store, { toast, onFrame: frameListener } = {}) {
  const dispatch = store.dispatch;
  const state = store.get;
  let session = 0;
  let listToken = 0;
  let openToken = 0;
  let countsTimer = null;
  const typing = { active: false, sentAt: 0, idle: null, conversationId: null };
  const say = text => toast && toast(text);
  const quiet = err => { if (!(err instanceof ApiError && err.status === 401)) say(err.message); };

  const socket = createSocket({
    url: () => `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws/agent?token=${encodeURIComponent(savedToken() || '')}`,
    onFrame,
    onOpen: caughtUp,
    onDown: () => dispatch({ type: 'ui/connection', connection: 'reconnecting' }),
    onSessionEnded: () => signedOut('Your session has ended. Please sign in again.'),
    onUnsure: () => get('/api/v1/me').catch(() => {})  // a 401 signs out through onSessionExpired
  });

  onSessionExpired(() => { if (state().me) signedOut('Your session has expired. Please sign in again.'); });

  function onFrame(frame) {
    const s = state();
    if (frame.type === 'message.created') {
      const after = missedAfter(s, frame);
      if (after != null) socket.send({ type: 'sync', conversation_id: frame.conversation_id, after_seq: after });
      const convId = frame.conversation_id != null ? frame.conversation_id : frame.message && frame.message.conversation_id;
      if (convId != null && !s.list.byId[convId] && convId !== s.selectedId) fetchUnlisted(convId);
    }
    if (frame.type === 'error') say('Server: ' + (frame.message || frame.error));
    if (frame.type === 'conversation.updated') casesMayChange(frame.conversation);
    if (frame.type === 'message.created' && frame.message && frame.conversation_id === s.selectedId &&
        frame.message.direction === 'in' && !s.cases.some(c => !c.resolved_at)) loadCasesSoon(s.selectedId);
    dispatch(frame);
    if (frame.type === 'conversation.updated' || frame.type === 'message.created') refreshCountsSoon();
    if (frame.type === 'conversation.moved') moved(frame);
    if (frame.type === 'typing' && frame.state) setTimeout(() => {
      const t = state().typing;
      if (t && t.until <= Date.now()) dispatch({ type: 'ui/typing-expired' });
    }, 8100);
    frameListener && frameListener(frame);
  }

  /** Every hello (first connect or reconnect): catch up on what was missed, without a reload. */
  function caughtUp(hello) {
    const s = state();
    if (s.presence === 'away' && hello.agent && hello.agent.presence !== 'away') {
      socket.send({ type: 'presence', status: 'away' });
      dispatch({ type: 'ui/presence', presence: 'away' });
    }
    loadList();
    loadCounts();
    loadNotifications();
    if (s.selectedId != null) {
      socket.send({ type: 'viewing', conversation_id: s.selectedId, state: true });
      socket.send({ type: 'sync', conversation_id: s.selectedId, after_seq: highestSeq(s) });
      loadDrafts(s.selectedId);   // draft frames missed while offline
    }
  }

  // ---------- session ----------

  async function signIn(email, password) {
    const data = await post('/api/v1/auth/login', { email, password });
    saveToken(data.token);
    start(data.agent);
  }

  async function resume() {
    if (!savedToken()) return false;
    const agent = await get('/api/v1/me').catch(err => {
      if (err.status === 401) saveToken(null);  // a dead token: sign in afresh
      throw err;
    });
    start(agent);
    return true;
  }

  function start(agent) {
    session++;
    dispatch({ type: 'ui/signed-in', agent });
    get('/api/v1/agents').then(d => dispatch({ type: 'ui/agents', agents: d.agents })).catch(() => {});
    get('/api/v1/teams').then(d => dispatch({ type: 'ui/teams', teams: d.teams })).catch(() => {});
    loadTags();
    loadMacros();
    get('/api/v1/channels').then(d => dispatch({ type: 'ui/channels', channelsByKind: channelsByKind(d.channels) }))
      .catch(() => {});
    loadList().then(() => {
      const fromHash = /^#c\/(\d+)$/.exec(location.hash);
      if (fromHash && state().selectedId == null) open(Number(fromHash[1]));
    });
    loadCounts();
    socket.start();
  }

  function loadMacros() {
    return get('/api/v1/macros').then(d => dispatch({ type: 'ui/macros', macros: d.macros })).catch(() => {});
  }

  function loadTags() {
    return get('/api/v1/tags').then(d => dispatch({ type: 'ui/tags', tags: d.tags })).catch(() => {});
  }

  async function signOut() {
    leave();
    // revoke the token on the hub too: a copy of it (another tab, a stolen one) stops working
    await post('/api/v1/auth/logout').catch(() => {});
    signedOut();
  }

  let signedOutMessage = null;
  function signedOut(message) {
    session++;
    socket.stop();
    saveToken(null);
    signedOutMessage = message || null;
    dispatch({ type: 'ui/signed-out' });
  }

  // ---------- list ----------

  function listPath(cursor) {
    return '/api/v1/conversations?' + listQuery(state(), { cursor, limit: PAGE_SIZE });
  }

  function loadList() {
    const mine = ++listToken;
    const ses = session;
    dispatch({ type: 'ui/list-requested' });
    return get(listPath()).then(d => {
      if (mine !== listToken || ses !== session) return;
      dispatch({ type: 'ui/list', conversations: d.conversations, nextCursor: d.next_cursor });
    }).catch(err => {
      if (mine !== listToken) return;
      dispatch({ type: 'ui/list-failed' });
      quiet(new Error('Could not load conversations: ' + err.message));
    });
  }

  function loadMore() {
    const cursor = state().list.nextCursor;
    if (!cursor) return Promise.resolve();
    const mine = listToken;
    return get(listPath(cursor)).then(d => {
      if (mine !== listToken) return;
      dispatch({ type: 'ui/list', append: true, conversations: d.conversations, nextCursor: d.next_cursor });
    }).catch(err => quiet(err));
  }

  function loadCounts() {
    const status = state().filters.status || 'open';
    return get('/api/v1/conversations/counts?status=' + encodeURIComponent(status))
      .then(counts => dispatch({ type: 'ui/counts', counts }))
      .catch(() => {});  // not there yet on older hubs: no counts shown
  }

  function refreshCountsSoon() {
    clearTimeout(countsTimer);
    countsTimer = setTimeout(loadCounts, COUNTS_DEBOUNCE_MS);
  }

  function setView(view) {
    dispatch({ type: 'ui/view', view });
    loadList();
  }

  function setFilters(filters) {
    const statusChanged = filters.status !== undefined && filters.status !== state().filters.status;
    dispatch({ type: 'ui/filters', filters });
    loadList();
    if (statusChanged) loadCounts();
  }

  function setSort(sort) {
    dispatch({ type: 'ui/sort', sort });
    loadList();
  }

  // A message in a conversation not listed: it may belong in this view (the hub's own
  // conversation.updated usually says so first). Asked at most once a minute per conversation, so a
  // busy conversation outside the view does not cost a REST call per message.
  const askedAbout = new Map();
  function fetchUnlisted(id) {
    const now = Date.now();
    if (now - (askedAbout.get(id) || 0) < 60000) return;
    askedAbout.set(id, now);
    fetchConversation(id);
  }

  function fetchConversation(id) {
    return get('/api/v1/conversations/' + id)
      .then(conversation => dispatch({ type: 'ui/conversation', conversation }))
      .catch(() => {});
  }

  // ---------- open conversation ----------

  function open(id) {
    if (state().selectedId === id) return;
    leave();
    dispatch({ type: 'ui/open', id });
    history.replaceState(null, '', '#c/' + id);
    const mine = ++openToken;
    get('/api/v1/conversations/' + id).then(conversation => {
      if (mine !== openToken) return;
      dispatch({ type: 'ui/conversation', conversation });
      loadCustomer(conversation);
    }).catch(err => { if (mine === openToken) quiet(new Error('Could not open conversation: ' + err.message)); });
    loadHistory(id, 0, mine);
    loadCases(id);
    loadDrafts(id);
    // the catalogue and macros change in Settings (another tab): fresh for each conversation
    loadMacros();
    loadTags();
    socket.send({ type: 'viewing', conversation_id: id, state: true });
  }

  // Pages through history until a short page says we have it all.
  function loadHistory(id, afterSeq, mine) {
    return get(`/api/v1/conversations/${id}/messages?after_seq=${afterSeq}&limit=${HISTORY_PAGE}`).then(d => {
      if (mine !== openToken) return;
      const batch = d.messages || [];
      dispatch({ type: 'ui/messages', conversationId: id, messages: batch });
      const last = batch.length ? batch[batch.length - 1].seq : afterSeq;
      if (batch.length >= HISTORY_PAGE && last > afterSeq) return loadHistory(id, last, mine);
    }).catch(err => quiet(new Error('Could not load messages: ' + err.message)));
  }

  function loadCases(id) {
    const mine = openToken;
    return get('/api/v1/conversations/' + id + '/cases')
      .then(d => { if (mine === openToken) dispatch({ type: 'ui/cases', conversationId: id, cases: d.cases }); })
      .catch(() => {});
  }

  // Live messages carry no case_id and the cases list is not pushed: resolving ends a case and a
  // reopening (a customer's message, Open, a snooze ending) starts one, so fetch them again then.
  let casesTimer = null;
  function loadCasesSoon(id) {
    clearTimeout(casesTimer);
    casesTimer = setTimeout(() => { if (state().selectedId === id) loadCases(id); }, 300);
  }

  function casesMayChange(conv) {
    const s = state();
    if (!conv || conv.id !== s.selectedId || !s.conversation) return;
    if (conv.status && conv.status !== s.conversation.status) loadCasesSoon(conv.id);
  }

  // ---------- bot drafts ----------

  function loadDrafts(id) {
    const mine = openToken;
    // the suggestions shown as the request leaves: those missing from the answer were decided meanwhile
    const known = store.get().drafts.map(d => d.id);
    return get('/api/v1/conversations/' + id + '/drafts?status=pending')
      .then(d => { if (mine === openToken) dispatch({ type: 'ui/drafts', conversationId: id, drafts: d.drafts, known }); })
      .catch(() => {});
  }

  /**
   * Sends a bot's draft as this agent's reply: as it is, or the agent's edit ({body}). Collision
   * checked like a reply (answers {conflict}); a draft a colleague decided first answers {error}
   * and leaves the suggestions.
   */
  async function acceptDraft(draftId, { body = null, force = false } = {}) {
    const s = state();
    const id = s.selectedId;
    stopTyping();
    const payload = {};
    if (body != null) payload.body = body;
    if (s.messages.length) payload.expected_last_seq = highestSeq(s);
    if (force) payload.force = true;
    try {
      const msg = await post('/api/v1/drafts/' + draftId + '/accept', payload);
      if (msg && msg.id != null) dispatch({ type: 'ui/messages', conversationId: id, messages: [msg] });
      dispatch({ type: 'ui/draft-decided', draft: { id: draftId, conversation_id: id, status: msg && msg.draft && msg.draft.status } });
      return { ok: true };
    } catch (err) {
      return draftGoneOr(err, draftId, id) || conflictOr(err, id);
    }
  }

  async function dismissDraft(draftId) {
    const id = state().selectedId;
    try {
      const d = await post('/api/v1/drafts/' + draftId + '/dismiss');
      dispatch({ type: 'ui/draft-decided', draft: d || { id: draftId, conversation_id: id, status: 'dismissed' } });
      return { ok: true };
    } catch (err) {
      return draftGoneOr(err, draftId, id) || { error: err.message };
    }
  }

  // decided by a colleague a moment ago (409 draft_decided), or gone with its bot (404): the hub says which
  function draftGoneOr(err, draftId, id) {
    if (!((err.status === 409 && err.code === 'draft_decided') || err.status === 404)) return null;
    dispatch({ type: 'ui/draft-decided', draft: { id: draftId, conversation_id: id, status: 'gone' } });
    return { error: err.message };
  }

  function loadCustomer(conv) {
    const id = conv.customer && conv.customer.id;
    if (id == null) return;
    get('/api/v1/customers/' + id)
      .then(customer => dispatch({ type: 'ui/customer', conversationId: conv.id, customer }))
      .catch(() => {});
  }

  function leave() {
    const id = state().selectedId;
    if (id == null) return;
    stopTyping();
    socket.send({ type: 'viewing', conversation_id: id, state: false });
  }

  function close() {
    leave();
    openToken++;
    dispatch({ type: 'ui/close' });
    history.replaceState(null, '', location.pathname + location.search);
  }

  // Two customers were merged: their timelines are one now, renumbered. Reload what is shown.
  function moved(f) {
    const shown = state().selectedId;
    loadList();
    if (shown === f.conversation_id || shown === f.into) {
      dispatch({ type: 'ui/close' });
      open(f.into);
    }
  }

  /** PATCH the open conversation; answers {ok, warning} or {error} (e.g. over_capacity's message). */
  async function update(changes) {
    const id = state().selectedId;
    if (id == null) return { error: 'No conversation open' };
    try {
      const conv = await patch('/api/v1/conversations/' + id, changes);
      if (conv) {
        casesMayChange(conv.conversation || conv);
        dispatch({ type: 'ui/conversation', conversation: conv.conversation || conv });
      }
      refreshCountsSoon();
      return { ok: true, warning: conv && conv.warning };
    } catch (err) {
      return { error: err.message, code: err.code };
    }
  }

  /**
   * Sends a reply or note. A reply says what it answers (expected_last_seq): the hub refuses it
   * with 409 conflict if someone replied since, and this answers {conflict: [their messages]}.
   */
  async function send(body, { note = false, channel = null, force = false, attachmentIds = [], quote = false } = {}) {
    const s = state();
    const id = s.selectedId;
    const quoted = quote ? s.quoting : null;
    stopTyping();
    const payload = { body, private: note };
    if (attachmentIds.length) payload.attachment_ids = attachmentIds;
    if (quoted != null) payload.reply_to = quoted;
    if (channel && !note) payload.channel = channel;
    if (!note && s.messages.length) payload.expected_last_seq = highestSeq(s);
    if (force) payload.force = true;
    try {
      const msg = await post('/api/v1/conversations/' + id + '/messages', payload);
      if (msg && msg.id != null) dispatch({ type: 'ui/messages', conversationId: id, messages: [msg] });
      if (quoted != null && state().quoting === quoted) dispatch({ type: 'ui/quote', id: null });
      return { ok: true };
    } catch (err) {
      return conflictOr(err, id);
    }
  }

  function conflictOr(err, id) {
    if (err.status === 409 && err.code === 'conflict') {
      const newer = (err.data && err.data.messages) || [];
      dispatch({ type: 'ui/messages', conversationId: id, messages: newer });
      return { conflict: newer };
    }
    // the channel's reply window is closed (WhatsApp after 24 hours): the hub says why
    if (err.status === 422 && err.code === 'window_closed') return { windowClosed: err.message };
    return { error: err.message };
  }

  /** The inbox's approved templates (WhatsApp), for a reply whose window has closed. */
  function templates(inboxId) {
    return get('/api/v1/inboxes/' + inboxId + '/templates').then(d => (d && d.templates) || []);
  }

  /** Sends an approved template {name, language, parameters} instead of a free-form reply. */
  async function sendTemplate(channel, template) {
    const id = state().selectedId;
    try {
      const payload = { template };
      if (channel) payload.channel = channel;
      const msg = await post('/api/v1/conversations/' + id + '/messages', payload);
      if (msg && msg.id != null) dispatch({ type: 'ui/messages', conversationId: id, messages: [msg] });
      return { ok: true };
    } catch (err) {
      return { error: err.message };
    }
  }

  async function runMacro(macroId, force = false) {
    const s = state();
    const id = s.selectedId;
    const body = { expected_last_seq: highestSeq(s) };
    if (force) body.force = true;
    try {
      const d = await post(`/api/v1/conversations/${id}/macros/${macroId}`, body);
      if (d && d.conversation) {
        casesMayChange(d.conversation);
        dispatch({ type: 'ui/conversation', conversation: d.conversation });
      }
      if (d && d.messages) dispatch({ type: 'ui/messages', conversationId: id, messages: d.messages });
      refreshCountsSoon();
      return { ok: true, warning: d && d.warning };
    } catch (err) {
      return conflictOr(err, id);
    }
  }

  // ---------- typing (outgoing) ----------

  function typed(hasText) {
    const id = state().selectedId;
    if (id == null || !hasText) { stopTyping(); return; }
    const now = Date.now();
    if (!typing.active || now - typing.sentAt > TYPING_THROTTLE_MS) {
      typing.active = true;
      typing.sentAt = now;
      typing.conversationId = id;
      socket.send({ type: 'typing', conversation_id: id, state: true });
    }
    clearTimeout(typing.idle);
    typing.idle = setTimeout(stopTyping, TYPING_IDLE_MS);
  }

  function stopTyping() {
    clearTimeout(typing.idle);
    if (!typing.active) return;
    typing.active = false;
    socket.send({ type: 'typing', conversation_id: typing.conversationId, state: false });
  }

  // ---------- presence ----------

  async function togglePresence() {
    const next = state().presence === 'online' ? 'away' : 'online';
    try {
      await api('PUT', '/api/v1/me/presence', { status: next });
      dispatch({ type: 'ui/presence', presence: next });
    } catch (err) {
      say('Could not change presence: ' + err.message);
    }
  }

  // ---------- notifications ----------

  function loadNotifications() {
    return get('/api/v1/me/notifications?limit=30')
      .then(d => dispatch({ type: 'ui/notifications', items: d.notifications, unread: d.unread }))
      .catch(() => {});
  }

  function markRead(ids) {
    if (!ids.length) return;
    post('/api/v1/me/notifications/read', { ids })
      .then(d => dispatch({ type: 'ui/notifications-read', ids, unread: d && d.unread }))
      .catch(() => {});
  }

  // ---------- attachments ----------

  /**
   * Uploads a file for a reply to carry (POST /api/v1/attachments?filename=, the raw bytes with
   * their type); answers {id, filename, content_type, size} or throws the hub's refusal.
   */
  async function upload(file) {
    const res = await fetch('/api/v1/attachments?filename=' + encodeURIComponent(file.name || 'file'), {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + savedToken(), 'Content-Type': file.type || 'application/octet-stream' },
      body: file
    });
    const data = await res.json().catch(() => null);
    if (!res.ok) throw new ApiError(res.status, data);
    return data;
  }

  /** The file as a data: URL (the CSP allows data: images, not blob:), fetched with the token. */
  async function attachmentData(url) {
    const res = await fetch(url, { headers: { Authorization: 'Bearer ' + savedToken() } });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    const blob = await res.blob();
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
  }

  async function download(url, name) {
    try {
      const res = await fetch(url, { headers: { Authorization: 'Bearer ' + savedToken() } });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(await res.blob());
      link.download = name;
      document.body.appendChild(link);
      link.click();
      setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    } catch (err) {
      say('Could not download ' + name);
    }
  }

  return {
    signIn, resume, signOut, signedOutMessage: () => signedOutMessage,
    loadList, loadMore, loadCounts, setView, setFilters, setSort,
    open, close, update, send, sendTemplate,
    quote: id => dispatch({ type: 'ui/quote', id }), templates, runMacro, typed, stopTyping, leave,
    acceptDraft, dismissDraft, editDraft: id => dispatch({ type: 'ui/draft-edit', id }),
    draftTakenSeen: () => dispatch({ type: 'ui/draft-taken-seen' }),
    togglePresence, loadNotifications, loadTags, markRead, attachmentData, download, upload,
    cannedResponses: () => get('/api/v1/canned-responses').then(d => d.canned_responses || [])
  };
}
