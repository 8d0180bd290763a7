// The inbox's state and how it changes: reduce(state, event) is a pure function of the state and
// one event, a server frame ({type: 'message.created', ...}) or a user action ({type: 'ui/...'}).
// It never mutates its input, so views re-render by identity and Node's test runner checks it.

export const VIEWS = ['mine', 'unassigned', 'bot', 'all'];

export function initialState() {
  return {
    me: null,
    connection: 'offline',        // offline | connecting | live | reconnecting
    presence: 'online',
    agents: {},                   // id -> agent
    teams: [],
    tags: [],
    macros: [],
    channelsByKind: {},
    view: { kind: 'all', teamId: null },
    filters: { status: 'open', channel: '', tag: '', priority: '', q: '' },
    sort: 'waiting',
    list: { ids: [], byId: {}, nextCursor: null, loading: false },
    changedAt: {},                // conversation id -> the newest updated_at seen (frames may come out of order)
    counts: null,
    unread: {},                   // conversation id -> true
    selectedId: null,
    conversation: null,           // the open conversation (fresh from the hub or a frame)
    messages: [],                 // the open conversation's, by seq, each once
    cases: [],
    customer: null,               // GET /customers/{id} of the open conversation
    viewers: {},                  // conversation id -> {agent id: name}
    typing: null,                 // {who, name, until} in the open conversation
    quoting: null,                // id of the customer message the next reply answers (reply_to), or null
    drafts: [],                   // the open conversation's pending bot drafts (suggestions), oldest first
    draftsDecided: {},            // draft id -> true: sent or dismissed (a list read before that cannot bring it back)
    editingDraft: null,           // id of the draft the agent put in the composer to edit, or null
    draftTaken: null,             // {by, status}: a colleague decided the draft this agent was editing
    notifications: { items: [], unread: 0 }
  };
}

// ---------- selectors ----------

export function highestSeq(state) {
  const m = state.messages;
  return m.length ? m[m.length - 1].seq : 0;
}

export function listed(state) {
  return state.list.ids.map(id => state.list.byId[id]).filter(Boolean);
}

export function viewersOf(state, id) {
  return Object.values(state.viewers[id] || {});
}

/** Whether a conversation belongs in the list the agent is looking at (view + filters). */
export function matchesView(conv, view, filters, meId) {
  if (filters.q) return null;       // search matches server-side: don't guess locally
  if (view.kind === 'mine' && conv.assignee_id !== meId) return false;
  // unassigned: waiting for a human; a conversation a bot answers first is in the bot view instead
  if (view.kind === 'unassigned' && (conv.assignee_id != null || conv.bot_id != null)) return false;
  if (view.kind === 'bot' && conv.bot_id == null) return false;
  if (view.kind === 'team' && String(conv.team_id) !== String(view.teamId)) return false;
  if (filters.status && filters.status !== 'all' && conv.status !== filters.status) return false;
  if (filters.priority && conv.priority !== filters.priority) return false;
  if (filters.tag && !(conv.tags || []).includes(filters.tag)) return false;
  if (filters.channel && conv.channel !== filters.channel &&
      !(conv.last_message && conv.last_message.channel === filters.channel)) return false;
  return true;
}

/**
 * The list request's query for the view, filters and sort (and a "Load more" cursor). The view is
 * said once, as view= (with team_id= for a team's): the hub refuses view= and assignee= together.
 */
export function listQuery(state, { cursor = null, limit = 50 } = {}) {
  const view = state.view;
  const p = new URLSearchParams({ view: view.kind === 'team' ? 'all' : view.kind, limit: String(limit), sort: state.sort });
  if (view.kind === 'team') p.set('team_id', String(view.teamId));
  const f = state.filters;
  p.set('status', f.status || 'open');
  for (const k of ['channel', 'tag', 'priority', 'q']) if (f[k]) p.set(k, f[k]);
  if (cursor) p.set('cursor', cursor);
  return p.toString();
}

const time = iso => Date.parse(iso) || 0;

/** Waiting: longest-waiting customers first, then the rest by recent activity. Recent: newest first. */
export function compareConversations(sort) {
  const recent = (a, b) => time(b.last_message_at || b.updated_at) - time(a.last_message_at || a.updated_at) || b.id - a.id;
  if (sort === 'recent') return recent;
  return (a, b) => {
    const wa = a.waiting_since ? time(a.waiting_since) : null;
    const wb = b.waiting_since ? time(b.waiting_since) : null;
    if (wa != null && wb != null) return wa - wb || a.id - b.id;
    if (wa != null) return -1;
    if (wb != null) return 1;
    return recent(a, b);
  };
}

/**
 * Whether a message.created frame shows that frames were missed in the open conversation: seq is
 * gap-free, so a jump means the caller should send {type: 'sync', after_seq} (returned here).
 */
export function missedAfter(state, frame) {
  const msg = frame.message;
  if (!msg || frame.conversation_id !== state.selectedId || !state.messages.length) return null;
  const high = highestSeq(state);
  if (state.messages.some(m => m.id === msg.id)) return null;
  return msg.seq > high + 1 ? high : null;
}

/** The suggestions shown above the composer: the open conversation's pending drafts, oldest first. */
export function pendingDrafts(state) {
  return state.drafts;
}

/** The draft being edited in the composer, while it is still pending; else null. */
export function editedDraft(state) {
  return state.editingDraft == null ? null : state.drafts.find(d => d.id === state.editingDraft) || null;
}

// ---------- helpers ----------

/** Adds pending drafts of the open conversation (each once, oldest first), leaving out decided ones. */
function withDrafts(state, incoming) {
  const byId = new Map(state.drafts.map(d => [d.id, d]));
  for (const d of incoming) {
    if (!d || d.id == null || d.conversation_id !== state.selectedId) continue;
    if (d.status !== 'pending' || state.draftsDecided[d.id]) continue;
    byId.set(d.id, { ...(byId.get(d.id) || {}), ...d });
  }
  const drafts = [...byId.values()].sort((a, b) => a.id - b.id);
  return drafts.length === state.drafts.length && drafts.every((d, i) => d === state.drafts[i]) ? state : { ...state, drafts };
}

/**
 * A draft was sent or dismissed (here or by a colleague): it leaves the suggestions and the composer.
 * When a colleague decided the one this agent is editing, say so: the edit left in the box is not
 * the draft any more, and sending it would answer the customer a second time.
 */
function draftDecided(state, d, byFrame) {
  if (!d || d.id == null || d.conversation_id !== state.selectedId) return state;
  const mine = d.decided_by && state.me && d.decided_by.id === state.me.id;
  const taken = byFrame && state.editingDraft === d.id && !mine
    ? { by: (d.decided_by && d.decided_by.name) || 'A colleague', status: d.status } : state.draftTaken;
  return {
    ...state,
    drafts: state.drafts.filter(x => x.id !== d.id),
    draftsDecided: { ...state.draftsDecided, [d.id]: true },
    editingDraft: state.editingDraft === d.id ? null : state.editingDraft,
    draftTaken: taken
  };
}

/** Inserts or merges messages by id (later fields win: status updates), keeping seq order. */
export function mergeMessages(current, incoming) {
  if (!incoming.length) return current;
  const byId = new Map(current.map(m => [m.id, m]));
  for (const m of incoming) {
    if (!m || m.id == null) continue;
    const had = byId.get(m.id);
    byId.set(m.id, had ? { ...had, ...m } : m);
  }
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/** Whether {@code conv} is older than a state of it already seen: two nodes' frames can cross. */
function stale(state, conv) {
  const seen = state.changedAt[conv.id];
  return seen != null && conv.updated_at != null && Date.parse(conv.updated_at) < seen;
}

function seen(state, conv) {
  const at = conv.updated_at != null ? Date.parse(conv.updated_at) : NaN;
  if (Number.isNaN(at) || state.changedAt[conv.id] >= at) return state;
  return { ...state, changedAt: { ...state.changedAt, [conv.id]: at } };
}

function setConversation(state, conv) {
  if (stale(state, conv)) return state;
  state = seen(state, conv);
  // a list page is on its way: remember what arrived live, so a page read before it cannot undo it
  if (state.list.live) state = { ...state, list: { ...state.list, live: { ...state.list.live, [conv.id]: conv } } };
  const byId = { ...state.list.byId };
  let ids = state.list.ids;
  const there = ids.includes(conv.id);
  const fits = matchesView(conv, state.view, state.filters, state.me && state.me.id);
  const keep = conv.id === state.selectedId || fits === true || (fits === null && there);
  if (keep) {
    byId[conv.id] = there ? { ...byId[conv.id], ...conv } : conv;
    ids = there ? ids : [...ids, conv.id];
  } else if (there) {
    delete byId[conv.id];
    ids = ids.filter(id => id !== conv.id);
  }
  const cmp = compareConversations(state.sort);
  ids = [...ids].sort((a, b) => cmp(byId[a], byId[b]));
  const open = conv.id === state.selectedId ? { ...(state.conversation || {}), ...conv } : state.conversation;
  return { ...state, list: { ...state.list, ids, byId }, conversation: open };
}

function bumpPreview(state, convId, msg) {
  const conv = state.list.byId[convId];
  if (!conv || msg.direction === 'event' || (conv.last_seq && msg.seq < conv.last_seq)) return state;
  const next = {
    ...conv,
    last_message: { body: msg.body, direction: msg.direction, channel: msg.channel, created_at: msg.created_at },
    last_message_at: msg.created_at,
    last_seq: msg.seq
  };
  return setConversation(state, next);
}

// ---------- the reducer ----------

const handlers = {
  // ----- server frames -----
  hello(state, f) {
    const agents = { ...state.agents };
    for (const a of f.agents || []) agents[a.id] = a;
    if (f.agent) agents[f.agent.id] = { ...agents[f.agent.id], ...f.agent };
    return { ...state, connection: 'live', agents, me: f.agent || state.me, viewers: {} };
  },

  'message.created'(state, f) {
    const msg = f.message;
    const convId = f.conversation_id != null ? f.conversation_id : msg && msg.conversation_id;
    if (!msg || convId == null) return state;
    let next = state;
    if (convId === state.selectedId) {
      next = { ...next, messages: mergeMessages(next.messages, [msg]) };
      if (msg.author && msg.author.type === 'customer') next = { ...next, typing: null };
    } else if (f.type === 'message.created') {
      const fromMe = msg.author && msg.author.type === 'agent' && state.me && msg.author.id === state.me.id;
      const known = state.list.byId[convId];
      const newer = !known || !known.last_seq || msg.seq > known.last_seq;
      if (!fromMe && msg.direction !== 'event' && newer) next = { ...next, unread: { ...next.unread, [convId]: true } };
    }
    if (f.type === 'message.created') next = bumpPreview(next, convId, msg);
    return next;
  },

  'message.updated'(state, f) {
    return handlers['message.created'](state, f);
  },

  'conversation.updated'(state, f) {
    return f.conversation ? setConversation(state, f.conversation) : state;
  },

  typing(state, f) {
    if (f.conversation_id !== state.selectedId) return state;
    if (f.who === 'agent' && state.me && f.agent_id === state.me.id) return state;
    if (!f.state) return { ...state, typing: null };
    return { ...state, typing: { who: f.who, name: f.name || null, until: (f.at || Date.now()) + 8000 } };
  },

  viewing(state, f) {
    if (state.me && f.agent_id === state.me.id) return state;
    const set = { ...(state.viewers[f.conversation_id] || {}) };
    if (f.state) set[f.agent_id] = f.name || 'Another agent';
    else delete set[f.agent_id];
    return { ...state, viewers: { ...state.viewers, [f.conversation_id]: set } };
  },

  presence(state, f) {
    if (f.kind === 'agent') {
      const agent = state.agents[f.id];
      const agents = agent ? { ...state.agents, [f.id]: { ...agent, presence: f.status } } : state.agents;
      const mine = state.me && f.id === state.me.id && (f.status === 'online' || f.status === 'away');
      return { ...state, agents, presence: mine ? f.status : state.presence };
    }
    if (f.kind === 'customer') {
      const online = f.status === 'online';
      const byId = { ...state.list.byId };
      for (const id of state.list.ids) {
        const c = byId[id];
        if (c.id === f.conversation_id || (c.customer && c.customer.id === f.id)) {
          byId[id] = { ...c, customer: { ...c.customer, online } };
        }
      }
      let conversation = state.conversation;
      if (conversation && (conversation.id === f.conversation_id || (conversation.customer && conversation.customer.id === f.id))) {
        conversation = { ...conversation, customer: { ...conversation.customer, online } };
      }
      return { ...state, list: { ...state.list, byId }, conversation };
    }
    return state;
  },

  notification(state, f) {
    const n = f.notification;
    if (!n || state.notifications.items.some(x => x.id === n.id)) return state;
    return { ...state, notifications: {
      items: [n, ...state.notifications.items].slice(0, 30),
      unread: state.notifications.unread + (n.read_at ? 0 : 1)
    } };
  },

  'draft.created'(state, f) {
    return f.draft ? withDrafts(state, [f.draft]) : state;
  },

  'draft.updated'(state, f) {
    const d = f.draft;
    if (!d) return state;
    return d.status === 'pending' ? withDrafts(state, [d]) : draftDecided(state, d, true);
  },

  'conversation.moved'(state, f) {
    const byId = { ...state.list.byId };
    delete byId[f.conversation_id];
    const list = { ...state.list, byId, ids: state.list.ids.filter(id => id !== f.conversation_id) };
    return { ...state, list };
  },

  // ----- the socket's own state -----
  'ui/connection'(state, a) {
    return { ...state, connection: a.connection };
  },

  // ----- session -----
  'ui/signed-in'(state, a) {
    const fresh = initialState();
    const agents = a.agent ? { [a.agent.id]: a.agent } : {};
    return { ...fresh, me: a.agent, agents, connection: 'connecting', view: state.view, filters: state.filters, sort: state.sort,
      presence: a.agent && a.agent.presence === 'away' ? 'away' : 'online' };
  },
  'ui/signed-out'() {
    return initialState();
  },
  'ui/presence'(state, a) {
    return { ...state, presence: a.presence };
  },

  // ----- reference data -----
  'ui/agents'(state, a) {
    const agents = { ...state.agents };
    for (const x of a.agents || []) agents[x.id] = { ...agents[x.id], ...x };
    return { ...state, agents };
  },
  'ui/teams'(state, a) { return { ...state, teams: a.teams || [] }; },
  'ui/tags'(state, a) { return { ...state, tags: a.tags || [] }; },
  'ui/macros'(state, a) { return { ...state, macros: a.macros || [] }; },
  'ui/channels'(state, a) { return { ...state, channelsByKind: a.channelsByKind || {} }; },

  // ----- list -----
  'ui/view'(state, a) {
    return { ...state, view: a.view, list: { ...state.list, loading: true } };
  },
  'ui/filters'(state, a) {
    return { ...state, filters: { ...state.filters, ...a.filters }, list: { ...state.list, loading: true } };
  },
  'ui/sort'(state, a) {
    return { ...state, sort: a.sort, list: { ...state.list, loading: true } };
  },
  /** A first page is asked for: conversation changes from now on are kept until it arrives. */
  'ui/list-requested'(state) {
    return { ...state, list: { ...state.list, live: {} } };
  },
  /** A list page: replace (first page) or append (Load more); the open one is kept listed. */
  'ui/list'(state, a) {
    const byId = a.append ? { ...state.list.byId } : {};
    const ids = a.append ? [...state.list.ids] : [];
    let unread = state.unread;
    for (const c of a.conversations || []) {
      const old = state.list.byId[c.id];
      // a reconnect's refetch: customer messages missed while offline count as unread
      if (old && c.last_seq > old.last_seq && c.id !== state.selectedId &&
          c.last_message && c.last_message.direction === 'in') unread = { ...unread, [c.id]: true };
      if (!ids.includes(c.id)) ids.push(c.id);
      byId[c.id] = c;
    }
    if (!a.append && state.selectedId != null && !byId[state.selectedId] && state.list.byId[state.selectedId]) {
      byId[state.selectedId] = state.list.byId[state.selectedId];
      ids.push(state.selectedId);
    }
    let next = { ...state, unread, list: { ids, byId, nextCursor: a.nextCursor || null, loading: false } };
    for (const c of a.conversations || []) next = seen(next, c);
    // the page was read before the changes that came live meanwhile: those win where they are newer
    if (!a.append) {
      for (const c of Object.values(state.list.live || {})) {
        const paged = byId[c.id];
        if (!paged || !paged.updated_at || !c.updated_at || c.updated_at >= paged.updated_at) next = setConversation(next, c);
      }
    }
    return next;
  },
  'ui/list-failed'(state) {
    return { ...state, list: { ...state.list, loading: false, live: null } };
  },
  'ui/counts'(state, a) {
    return { ...state, counts: a.counts };
  },
  /** A conversation learned about outside a list page (opened by link, fetched after a frame). */
  'ui/conversation'(state, a) {
    return setConversation(state, a.conversation);
  },

  // ----- the open conversation -----
  'ui/open'(state, a) {
    if (state.selectedId === a.id) return state;
    const unread = { ...state.unread };
    delete unread[a.id];
    return { ...state, selectedId: a.id, conversation: state.list.byId[a.id] || null, messages: [], cases: [],
      customer: null, typing: null, quoting: null, unread, drafts: [], draftsDecided: {}, editingDraft: null,
      draftTaken: null };
  },
  /** Closing lets go of the open conversation: kept listed while open, it leaves a list it no longer fits (snoozed). */
  'ui/close'(state) {
    const closed = { ...state, selectedId: null, conversation: null, messages: [], cases: [], customer: null, typing: null,
      quoting: null, drafts: [], draftsDecided: {}, editingDraft: null, draftTaken: null };
    const conv = state.selectedId != null && state.list.byId[state.selectedId];
    return conv ? setConversation(closed, { ...conv, ...(state.conversation || {}) }) : closed;
  },
  /** "Reply to this": the next reply quotes this customer message of the open conversation; null stops quoting. */
  'ui/quote'(state, a) {
    if (a.id == null) return state.quoting == null ? state : { ...state, quoting: null };
    const m = state.messages.find(x => x.id === a.id);
    return m && m.direction === 'in' ? { ...state, quoting: a.id } : state;
  },
  /**
   * The open conversation's pending drafts, as the hub listed them. Frames that came meanwhile are
   * kept; a draft shown when the request left ({@code known}) and missing from the answer was decided
   * while this page was not listening (a reconnect), and goes.
   */
  'ui/drafts'(state, a) {
    if (a.conversationId !== state.selectedId) return state;
    const listed = new Set((a.drafts || []).map(d => d.id));
    const gone = new Set((a.known || []).filter(id => !listed.has(id)));
    const kept = gone.size === 0 ? state : {
      ...state,
      drafts: state.drafts.filter(d => !gone.has(d.id)),
      editingDraft: gone.has(state.editingDraft) ? null : state.editingDraft,
    };
    return withDrafts(kept, a.drafts || []);
  },
  /** This agent sent or dismissed a draft (the hub's answer; the frame may come before or after). */
  'ui/draft-decided'(state, a) {
    return draftDecided(state, a.draft, false);
  },
  'ui/draft-taken-seen'(state) {
    return state.draftTaken ? { ...state, draftTaken: null } : state;
  },
  /** "Edit": the draft's text goes to the composer; sending it accepts the draft as edited. null: stop. */
  'ui/draft-edit'(state, a) {
    if (a.id == null) return state.editingDraft == null ? state : { ...state, editingDraft: null };
    return state.drafts.some(d => d.id === a.id) ? { ...state, editingDraft: a.id, draftTaken: null } : state;
  },
  'ui/messages'(state, a) {
    if (a.conversationId !== state.selectedId) return state;
    return { ...state, messages: mergeMessages(state.messages, a.messages || []) };
  },
  'ui/cases'(state, a) {
    if (a.conversationId !== state.selectedId) return state;
    return { ...state, cases: a.cases || [] };
  },
  'ui/customer'(state, a) {
    if (a.conversationId !== state.selectedId) return state;
    return { ...state, customer: a.customer };
  },
  'ui/typing-expired'(state) {
    return state.typing ? { ...state, typing: null } : state;
  },

  // ----- notifications -----
  'ui/notifications'(state, a) {
    return { ...state, notifications: { items: a.items || [], unread: a.unread || 0 } };
  },
  'ui/notifications-read'(state, a) {
    const now = new Date().toISOString();
    const items = state.notifications.items.map(n => (a.ids.includes(n.id) && !n.read_at ? { ...n, read_at: now } : n));
    return { ...state, notifications: { items, unread: a.unread != null ? a.unread : items.filter(n => !n.read_at).length } };
  }
};

/** The next state after one event; unknown events leave it as it was. */
export function reduce(state, event) {
  const fn = event && handlers[event.type];
  return fn ? fn(state, event) : state;
}

/** A tiny observable holder for the state: the socket, the actions and the views share one. */
export function createStore(init = initialState()) {
  let state = init;
  const listeners = new Set();
  return {
    get: () => state,
    dispatch(event) {
      const next = reduce(state, event);
      if (next !== state) {
        state = next;
        listeners.forEach(fn => fn(state));
      }
      return state;
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    }
  };
}
