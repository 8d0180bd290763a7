// The inbox store's bot drafts: suggestions of the open conversation, live by draft.created and
// draft.updated frames, loaded with the conversation, and the "Edit" hand-over to the composer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialState, reduce, pendingDrafts, editedDraft } from '../../main/resources/webroot/inbox/lib/store.js';

const me = { id: 1, name: 'Ada' };
const conv = id => ({ id, status: 'open', assignee_id: null, priority: 'none', tags: [], last_seq: 1,
  customer: { id: 100 + id }, last_message_at: '2026-01-01T10:00:00Z' });
const draft = (id, extra = {}) => ({ id, conversation_id: 7, status: 'pending', body: 'Suggestion ' + id,
  note: null, bot: { id: 3, name: 'Helper' }, created_at: '2026-01-01T10:00:00Z', ...extra });

function opened(...events) {
  return [{ type: 'ui/signed-in', agent: me }, { type: 'ui/list', conversations: [conv(7), conv(8)] },
    { type: 'ui/open', id: 7 }, ...events].reduce(reduce, initialState());
}

test('draft.created for the open conversation shows the suggestion once, oldest first', () => {
  let s = opened();
  s = reduce(s, { type: 'draft.created', conversation_id: 7, draft: draft(12) });
  s = reduce(s, { type: 'draft.created', conversation_id: 7, draft: draft(11) });
  s = reduce(s, { type: 'draft.created', conversation_id: 7, draft: draft(12) });
  assert.deepEqual(pendingDrafts(s).map(d => d.id), [11, 12]);
});

test("another conversation's draft is not shown in the open one", () => {
  const s = opened();
  const after = reduce(s, { type: 'draft.created', conversation_id: 8, draft: draft(20, { conversation_id: 8 }) });
  assert.equal(after, s, 'state unchanged');
  assert.deepEqual(pendingDrafts(after), []);
});

test('draft.updated (sent or dismissed by anyone) takes the suggestion away', () => {
  let s = opened({ type: 'ui/drafts', conversationId: 7, drafts: [draft(11), draft(12)] });
  s = reduce(s, { type: 'draft.updated', conversation_id: 7, draft: draft(11, { status: 'accepted', message_id: 50 }) });
  assert.deepEqual(pendingDrafts(s).map(d => d.id), [12]);
  s = reduce(s, { type: 'draft.updated', conversation_id: 7, draft: draft(12, { status: 'dismissed' }) });
  assert.deepEqual(pendingDrafts(s), []);
});

test('a list of drafts read before a decision cannot bring the decided draft back', () => {
  let s = opened();
  s = reduce(s, { type: 'draft.created', conversation_id: 7, draft: draft(13) });
  s = reduce(s, { type: 'draft.updated', conversation_id: 7, draft: draft(11, { status: 'edited' }) });
  // the GET answered with what it read before draft 11 was sent and before draft 13 was made
  s = reduce(s, { type: 'ui/drafts', conversationId: 7, drafts: [draft(11), draft(12)] });
  assert.deepEqual(pendingDrafts(s).map(d => d.id), [12, 13]);
});

test("drafts loaded for a conversation no longer open are dropped, and opening another clears them", () => {
  let s = opened({ type: 'ui/drafts', conversationId: 7, drafts: [draft(11)] });
  s = reduce(s, { type: 'ui/open', id: 8 });
  assert.deepEqual(pendingDrafts(s), []);
  s = reduce(s, { type: 'ui/drafts', conversationId: 7, drafts: [draft(11)] });
  assert.deepEqual(pendingDrafts(s), []);
});

test('Edit puts a pending draft in the composer until it is decided, here or by a colleague', () => {
  let s = opened({ type: 'ui/drafts', conversationId: 7, drafts: [draft(11), draft(12)] });
  s = reduce(s, { type: 'ui/draft-edit', id: 99 });
  assert.equal(editedDraft(s), null, 'only a shown draft can be edited');
  s = reduce(s, { type: 'ui/draft-edit', id: 12 });
  assert.equal(editedDraft(s).body, 'Suggestion 12');
  s = reduce(s, { type: 'ui/draft-decided', draft: draft(11, { status: 'dismissed' }) });
  assert.equal(editedDraft(s).id, 12, 'deciding another draft keeps the edit');
  s = reduce(s, { type: 'draft.updated', conversation_id: 7, draft: draft(12, { status: 'accepted' }) });
  assert.equal(editedDraft(s), null, "a colleague sent it: the composer's text is an ordinary reply now");
  assert.equal(s.editingDraft, null);
});

test('stopping an edit, or closing the conversation, forgets the edited draft', () => {
  let s = opened({ type: 'ui/drafts', conversationId: 7, drafts: [draft(11)] }, { type: 'ui/draft-edit', id: 11 });
  s = reduce(s, { type: 'ui/draft-edit', id: null });
  assert.equal(editedDraft(s), null);
  s = reduce(s, { type: 'ui/draft-edit', id: 11 });
  s = reduce(s, { type: 'ui/close' });
  assert.equal(s.editingDraft, null);
  assert.deepEqual(pendingDrafts(s), []);
});

test("a colleague deciding the draft this agent is editing is said, once; the agent's own decision is not", () => {
  const bob = { id: 2, name: 'Bob' };
  let s = opened({ type: 'ui/drafts', conversationId: 7, drafts: [draft(11), draft(12)] }, { type: 'ui/draft-edit', id: 11 });
  s = reduce(s, { type: 'draft.updated', conversation_id: 7, draft: draft(11, { status: 'accepted', decided_by: bob }) });
  assert.deepEqual(s.draftTaken, { by: 'Bob', status: 'accepted' });
  assert.equal(editedDraft(s), null);
  s = reduce(s, { type: 'ui/draft-taken-seen' });
  assert.equal(s.draftTaken, null);

  // this agent sends draft 12 edited: its own frame (even before the hub's answer) is no news
  s = reduce(s, { type: 'ui/draft-edit', id: 12 });
  s = reduce(s, { type: 'draft.updated', conversation_id: 7, draft: draft(12, { status: 'edited', decided_by: me }) });
  assert.equal(s.draftTaken, null);
  assert.equal(editedDraft(s), null);
});

test('a colleague deciding a draft nobody here is editing only removes the suggestion', () => {
  let s = opened({ type: 'ui/drafts', conversationId: 7, drafts: [draft(11)] });
  s = reduce(s, { type: 'draft.updated', conversation_id: 7, draft: draft(11, { status: 'dismissed', decided_by: { id: 2, name: 'Bob' } }) });
  assert.equal(s.draftTaken, null);
  assert.deepEqual(pendingDrafts(s), []);
});

test('after a reconnect, suggestions decided while the page was away go; one made meanwhile stays', () => {
  let s = opened({ type: 'ui/drafts', conversationId: 7, drafts: [draft(11), draft(12)] });
  s = reduce(s, { type: 'ui/draft-edit', id: 11 });
  // the page was offline: a colleague sent 11; when the reload's request left, 11 and 12 were shown
  const known = pendingDrafts(s).map(d => d.id);
  s = reduce(s, { type: 'draft.created', conversation_id: 7, draft: draft(14) });
  s = reduce(s, { type: 'ui/drafts', conversationId: 7, drafts: [draft(12)], known });
  assert.deepEqual(pendingDrafts(s).map(d => d.id), [12, 14]);
  assert.equal(editedDraft(s), null, 'the edited one is gone with it');
});
