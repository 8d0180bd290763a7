// The inbox store: reduce(state, event) for every server frame and user action, run by
// `node --test hub/src/test/js/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialState, reduce, listed, highestSeq, missedAfter, matchesView, viewersOf, createStore, listQuery }
  from '../../main/resources/webroot/inbox/lib/store.js';

const me = { id: 1, name: 'Ada', email: 'ada@example.com' };
const conv = (id, extra = {}) => ({ id, status: 'open', assignee_id: null, priority: 'none', tags: [], last_seq: 1,
  customer: { id: 100 + id, name: 'C' + id }, last_message_at: '2026-01-01T10:00:00Z', ...extra });
const msg = (id, seq, extra = {}) => ({ id, seq, conversation_id: 7, direction: 'in', body: 'm' + id,
  author: { type: 'customer' }, created_at: '2026-01-01T10:00:00Z', ...extra });

function signedIn(...events) {
  return [{ type: 'ui/signed-in', agent: me }, ...events].reduce(reduce, initialState());
}

function opened(messages = []) {
  return signedIn(
    { type: 'ui/list', conversations: [conv(7), conv(8)] },
    { type: 'ui/open', id: 7 },
    { type: 'ui/messages', conversationId: 7, messages });
}

test('message.created in the open conversation is added once, in seq order, whatever order frames come in', () => {
  let s = opened([msg(1, 1)]);
  s = reduce(s, { type: 'message.created', conversation_id: 7, message: msg(3, 3) });
  s = reduce(s, { type: 'message.created', conversation_id: 7, message: msg(2, 2) });
  s = reduce(s, { type: 'message.created', conversation_id: 7, message: msg(3, 3) });
  assert.deepEqual(s.messages.map(m => m.id), [1, 2, 3]);
  assert.equal(highestSeq(s), 3);
});

test('message.updated merges a delivery status into the message it names', () => {
  let s = opened([msg(1, 1, { direction: 'out', status: 'queued' })]);
  s = reduce(s, { type: 'message.updated', conversation_id: 7, message: { id: 1, seq: 1, status: 'failed', error: 'bounced' } });
  assert.equal(s.messages.length, 1);
  assert.equal(s.messages[0].status, 'failed');
  assert.equal(s.messages[0].body, 'm1', 'the rest of the message stays');
});

test('reduce never changes the state it was given', () => {
  const before = opened([msg(1, 1)]);
  const copy = JSON.parse(JSON.stringify(before));
  reduce(before, { type: 'message.created', conversation_id: 7, message: msg(2, 2) });
  reduce(before, { type: 'conversation.updated', conversation: conv(8, { status: 'resolved' }) });
  assert.deepEqual(JSON.parse(JSON.stringify(before)), copy);
});

test('a customer message in another conversation marks it unread and bumps its preview; one from me does not', () => {
  let s = opened();
  s = reduce(s, { type: 'message.created', conversation_id: 8, message: { ...msg(5, 2), conversation_id: 8, body: 'hello?' } });
  assert.equal(s.unread[8], true);
  assert.equal(s.list.byId[8].last_message.body, 'hello?');
  let t = opened();
  t = reduce(t, { type: 'message.created', conversation_id: 8,
    message: { ...msg(6, 2), conversation_id: 8, direction: 'out', author: { type: 'agent', id: 1 } } });
  assert.equal(t.unread[8], undefined);
});

test('a late sync replay of an old message does not mark the conversation unread', () => {
  let s = signedIn({ type: 'ui/list', conversations: [conv(8, { last_seq: 5 })] });
  s = reduce(s, { type: 'message.created', conversation_id: 8, message: { ...msg(9, 3), conversation_id: 8 } });
  assert.equal(s.unread[8], undefined);
});

test('opening a conversation clears its unread mark', () => {
  let s = signedIn({ type: 'ui/list', conversations: [conv(8)] });
  s = reduce(s, { type: 'message.created', conversation_id: 8, message: { ...msg(5, 2), conversation_id: 8 } });
  s = reduce(s, { type: 'ui/open', id: 8 });
  assert.deepEqual(s.unread, {});
});

test('conversation.updated moves a conversation out of a view it no longer fits, and into one it does', () => {
  let s = signedIn({ type: 'ui/view', view: { kind: 'unassigned', teamId: null } },
    { type: 'ui/list', conversations: [conv(7), conv(8)] });
  s = reduce(s, { type: 'conversation.updated', conversation: conv(8, { assignee_id: 1 }) });
  assert.deepEqual(listed(s).map(c => c.id), [7]);
  s = reduce(s, { type: 'conversation.updated', conversation: conv(9) });
  assert.deepEqual(listed(s).map(c => c.id).sort(), [7, 9]);
});

test('an older state of a conversation arriving after a newer one is ignored (frames from two nodes cross)', () => {
  let s = signedIn({ type: 'ui/view', view: { kind: 'mine', teamId: null } }, { type: 'ui/list', conversations: [] });
  s = reduce(s, { type: 'conversation.updated',
    conversation: conv(8, { assignee_id: 1, updated_at: '2026-01-01T10:00:02.500Z' }) });
  s = reduce(s, { type: 'conversation.updated',
    conversation: conv(8, { assignee_id: null, updated_at: '2026-01-01T10:00:02.100Z' }) });
  assert.deepEqual(listed(s).map(c => c.id), [8]);
  assert.equal(listed(s)[0].assignee_id, 1);
  // a newer change still applies
  s = reduce(s, { type: 'conversation.updated',
    conversation: conv(8, { assignee_id: 2, updated_at: '2026-01-01T10:00:03Z' }) });
  assert.deepEqual(listed(s).map(c => c.id), []);
});

test('a conversation assigned to me while Mine was loading stays listed when the older page arrives', () => {
  let s = signedIn({ type: 'ui/view', view: { kind: 'mine', teamId: null } }, { type: 'ui/list-requested' });
  s = reduce(s, { type: 'conversation.updated',
    conversation: conv(8, { assignee_id: 1, updated_at: '2026-01-01T10:00:02Z' }) });
  // the page was read before the assignment: it does not hold conversation 8
  s = reduce(s, { type: 'ui/list', conversations: [] });
  assert.deepEqual(listed(s).map(c => c.id), [8]);
  // a later page holds what it holds: nothing is kept from before it was asked for
  s = reduce(s, { type: 'ui/list-requested' });
  s = reduce(s, { type: 'ui/list', conversations: [conv(9, { assignee_id: 1 })] });
  assert.deepEqual(listed(s).map(c => c.id), [9]);
});

test('a resolved conversation leaves the Open list but stays listed while it is the open one', () => {
  let s = opened();
  s = reduce(s, { type: 'conversation.updated', conversation: conv(8, { status: 'resolved' }) });
  s = reduce(s, { type: 'conversation.updated', conversation: conv(7, { status: 'resolved' }) });
  assert.deepEqual(listed(s).map(c => c.id), [7]);
  assert.equal(s.conversation.status, 'resolved');
});

test('Mine holds what is assigned to me; a team view holds its team', () => {
  const f = initialState().filters;
  assert.equal(matchesView(conv(1, { assignee_id: 1 }), { kind: 'mine' }, f, 1), true);
  assert.equal(matchesView(conv(1, { assignee_id: 2 }), { kind: 'mine' }, f, 1), false);
  assert.equal(matchesView(conv(1, { team_id: 3 }), { kind: 'team', teamId: 3 }, f, 1), true);
  assert.equal(matchesView(conv(1, { team_id: 4 }), { kind: 'team', teamId: 3 }, f, 1), false);
  assert.equal(matchesView(conv(1), { kind: 'all' }, { ...f, q: 'x' }, 1), null, 'search results are the server\'s');
});

test('a conversation a bot answers first is in the Bot view, not Unassigned, until it is handed off', () => {
  const f = initialState().filters;
  const withBot = conv(1, { assignee_id: null, bot_id: 9 });
  assert.equal(matchesView(withBot, { kind: 'unassigned' }, f, 1), false);
  assert.equal(matchesView(withBot, { kind: 'bot' }, f, 1), true);
  assert.equal(matchesView(withBot, { kind: 'all' }, f, 1), true);
  const handedOff = conv(1, { assignee_id: null, bot_id: null, handed_off_at: '2026-01-01T09:00:00Z' });
  assert.equal(matchesView(handedOff, { kind: 'unassigned' }, f, 1), true);
  assert.equal(matchesView(handedOff, { kind: 'bot' }, f, 1), false);
  const s = reduce(signedIn({ type: 'ui/list', conversations: [] }), { type: 'ui/view', view: { kind: 'bot', teamId: null } });
  assert.equal(new URLSearchParams(listQuery(s)).get('view'), 'bot');
});

test('waiting sort puts the longest-waiting customer first; recent puts the newest activity first', () => {
  let s = signedIn({ type: 'ui/list', conversations: [] });
  s = reduce(s, { type: 'conversation.updated', conversation: conv(1, { waiting_since: '2026-01-01T09:00:00Z' }) });
  s = reduce(s, { type: 'conversation.updated', conversation: conv(2, { last_message_at: '2026-01-02T10:00:00Z' }) });
  s = reduce(s, { type: 'conversation.updated', conversation: conv(3, { waiting_since: '2026-01-01T08:00:00Z' }) });
  assert.deepEqual(listed(s).map(c => c.id), [3, 1, 2]);
  s = reduce(s, { type: 'ui/sort', sort: 'recent' });
  s = reduce(s, { type: 'conversation.updated', conversation: conv(2, { last_message_at: '2026-01-02T10:00:00Z' }) });
  assert.equal(listed(s)[0].id, 2);
});

test('Load more appends a page after the first one', () => {
  let s = signedIn({ type: 'ui/list', conversations: [conv(1), conv(2)], nextCursor: 'abc' });
  assert.equal(s.list.nextCursor, 'abc');
  s = reduce(s, { type: 'ui/list', append: true, conversations: [conv(3)], nextCursor: null });
  assert.deepEqual(s.list.ids, [1, 2, 3]);
  assert.equal(s.list.nextCursor, null);
});

test('a refetch after reconnect marks conversations with missed customer messages unread', () => {
  let s = signedIn({ type: 'ui/list', conversations: [conv(1, { last_seq: 2 })] });
  s = reduce(s, { type: 'ui/list', conversations: [conv(1, { last_seq: 4, last_message: { direction: 'in', body: 'x' } })] });
  assert.equal(s.unread[1], true);
});

test('a jump in seq asks for a sync after the highest seq held; a known or next message does not', () => {
  const s = opened([msg(1, 1), msg(2, 2)]);
  assert.equal(missedAfter(s, { type: 'message.created', conversation_id: 7, message: msg(5, 5) }), 2);
  assert.equal(missedAfter(s, { type: 'message.created', conversation_id: 7, message: msg(3, 3) }), null);
  assert.equal(missedAfter(s, { type: 'message.created', conversation_id: 7, message: msg(2, 2) }), null);
  assert.equal(missedAfter(s, { type: 'message.created', conversation_id: 8, message: msg(9, 9) }), null);
});

test('typing shows for the open conversation only, never my own, and a customer message ends it', () => {
  let s = opened();
  s = reduce(s, { type: 'typing', conversation_id: 8, who: 'customer', state: true });
  assert.equal(s.typing, null);
  s = reduce(s, { type: 'typing', conversation_id: 7, who: 'agent', agent_id: 1, state: true });
  assert.equal(s.typing, null);
  s = reduce(s, { type: 'typing', conversation_id: 7, who: 'customer', state: true });
  assert.equal(s.typing.who, 'customer');
  s = reduce(s, { type: 'message.created', conversation_id: 7, message: msg(1, 1) });
  assert.equal(s.typing, null);
});

test('viewing frames track who else has a conversation open; hello starts that over', () => {
  let s = opened();
  s = reduce(s, { type: 'viewing', conversation_id: 7, agent_id: 2, name: 'Bea', state: true });
  s = reduce(s, { type: 'viewing', conversation_id: 7, agent_id: 1, name: 'Ada', state: true });
  assert.deepEqual(viewersOf(s, 7), ['Bea']);
  s = reduce(s, { type: 'viewing', conversation_id: 7, agent_id: 2, state: false });
  assert.deepEqual(viewersOf(s, 7), []);
  s = reduce(s, { type: 'viewing', conversation_id: 7, agent_id: 2, name: 'Bea', state: true });
  s = reduce(s, { type: 'hello', agent: me, agents: [] });
  assert.deepEqual(viewersOf(s, 7), []);
  assert.equal(s.connection, 'live');
});

test('presence: an agent\'s status, my own toggle, a customer going online in list and header', () => {
  let s = opened();
  s = reduce(s, { type: 'ui/agents', agents: [{ id: 2, name: 'Bea', presence: 'online' }] });
  s = reduce(s, { type: 'presence', kind: 'agent', id: 2, status: 'away' });
  assert.equal(s.agents[2].presence, 'away');
  s = reduce(s, { type: 'presence', kind: 'agent', id: 1, status: 'away' });
  assert.equal(s.presence, 'away');
  s = reduce(s, { type: 'presence', kind: 'customer', id: 107, conversation_id: 7, status: 'online' });
  assert.equal(s.list.byId[7].customer.online, true);
  assert.equal(s.conversation.customer.online, true);
});

test('a notification frame adds to the list and the unread count once', () => {
  let s = signedIn({ type: 'ui/notifications', items: [], unread: 0 });
  const n = { id: 5, kind: 'mention', conversation_id: 7, created_at: '2026-01-01T10:00:00Z' };
  s = reduce(s, { type: 'notification', notification: n });
  s = reduce(s, { type: 'notification', notification: n });
  assert.equal(s.notifications.unread, 1);
  assert.equal(s.notifications.items.length, 1);
  s = reduce(s, { type: 'ui/notifications-read', ids: [5], unread: 0 });
  assert.equal(s.notifications.unread, 0);
  assert.ok(s.notifications.items[0].read_at);
});

test('a merge (conversation.moved) takes the merged-away conversation off the list', () => {
  let s = opened();
  s = reduce(s, { type: 'conversation.moved', conversation_id: 8, into: 7 });
  assert.deepEqual(listed(s).map(c => c.id), [7]);
});

test('signing out forgets everything', () => {
  const s = reduce(opened([msg(1, 1)]), { type: 'ui/signed-out' });
  assert.deepEqual(s, initialState());
});

test('messages for a conversation no longer open are dropped', () => {
  let s = opened();
  s = reduce(s, { type: 'ui/open', id: 8 });
  s = reduce(s, { type: 'ui/messages', conversationId: 7, messages: [msg(1, 1)] });
  assert.deepEqual(s.messages, []);
});

test('the store tells subscribers about changes only', () => {
  const store = createStore();
  let calls = 0;
  store.subscribe(() => calls++);
  store.dispatch({ type: 'no-such-event' });
  store.dispatch({ type: 'ui/signed-in', agent: me });
  assert.equal(calls, 1);
  assert.equal(store.get().me.id, 1);
});

test('closing a conversation snoozed while open takes it off the Open list; one still open stays', () => {
  let s = opened();
  s = reduce(s, { type: 'conversation.updated', conversation: conv(7, { status: 'snoozed', snoozed_until: '2026-01-02T09:00:00Z' }) });
  assert.deepEqual(listed(s).map(c => c.id).sort(), [7, 8], 'kept while it is the open one');
  s = reduce(s, { type: 'ui/close' });
  assert.deepEqual(listed(s).map(c => c.id), [8]);
  s = reduce(reduce(s, { type: 'ui/open', id: 8 }), { type: 'ui/close' });
  assert.deepEqual(listed(s).map(c => c.id), [8]);
});

test('the list query names the view once (view=, never assignee= too, which the hub refuses) with filters, sort and cursor', () => {
  const q = s => Object.fromEntries(new URLSearchParams(listQuery(s, { limit: 50 })));
  let s = signedIn({ type: 'ui/view', view: { kind: 'mine', teamId: null } });
  assert.deepEqual(q(s), { view: 'mine', limit: '50', sort: 'waiting', status: 'open' });
  s = reduce(s, { type: 'ui/view', view: { kind: 'unassigned', teamId: null } });
  assert.deepEqual(q(s), { view: 'unassigned', limit: '50', sort: 'waiting', status: 'open' });
  s = reduce(s, { type: 'ui/view', view: { kind: 'team', teamId: 4 } });
  s = reduce(s, { type: 'ui/filters', filters: { q: 'refund', channel: 'sms', status: 'all' } });
  s = reduce(s, { type: 'ui/sort', sort: 'recent' });
  assert.deepEqual(q(s), { view: 'all', team_id: '4', limit: '50', sort: 'recent', status: 'all', channel: 'sms', q: 'refund' });
  assert.equal(new URLSearchParams(listQuery(s, { cursor: 'abc', limit: 50 })).get('cursor'), 'abc');
});

test('"Reply to this" quotes a customer message of the open conversation until removed or another is opened', () => {
  let s = opened([msg(1, 1), msg(2, 2, { direction: 'out', author: { type: 'agent', id: 1 } })]);
  assert.equal(s.quoting, null);
  s = reduce(s, { type: 'ui/quote', id: 2 });
  assert.equal(s.quoting, null, 'an agent reply cannot be quoted');
  s = reduce(s, { type: 'ui/quote', id: 99 });
  assert.equal(s.quoting, null, 'nor a message not in this conversation');
  s = reduce(s, { type: 'ui/quote', id: 1 });
  assert.equal(s.quoting, 1);
  assert.equal(reduce(s, { type: 'ui/quote', id: null }).quoting, null, 'removed');
  assert.equal(reduce(s, { type: 'ui/open', id: 8 }).quoting, null, 'another conversation quotes nothing');
  assert.equal(reduce(s, { type: 'ui/close' }).quoting, null);
});
