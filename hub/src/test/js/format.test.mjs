// The inbox's pure helpers (lib/format.js) and the socket's backoff (lib/socket.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timelineRows, snoozeChoices, waitingFor, cannedPrefix, mentionPrefix, mentionHandle, replyChannels,
  channelsByKind, customerName, previewText } from '../../main/resources/webroot/inbox/lib/format.js';
import { backoffDelay, sessionEnded } from '../../main/resources/webroot/inbox/lib/socket.js';

const at = '2026-01-01T10:00:00Z';
const m = (id, seq, caseId) => ({ id, seq, case_id: caseId, created_at: at, direction: 'in', body: 'b' });

test('the timeline marks where each case opens and, once resolved, where it ends', () => {
  const cases = [{ id: 1, number: 1, opened_at: at, resolved_at: at }, { id: 2, number: 2, opened_at: at, resolved_at: null }];
  const rows = timelineRows([m(1, 1, 1), m(2, 2, 1), m(3, 3, 2)], cases, Date.parse(at));
  assert.deepEqual(rows.map(r => r.kind === 'message' ? r.message.id : r.text),
    ['Case #1 opened', 'Today', 1, 2, 'Case #1 resolved', 'Case #2 opened', 3]);
  assert.equal(new Set(rows.map(r => r.key)).size, rows.length, 'keys are unique');
});

test('without cases (an older hub) the timeline is just days and messages', () => {
  const rows = timelineRows([m(1, 1), m(2, 2)], [], Date.parse(at));
  assert.deepEqual(rows.map(r => r.kind), ['day', 'message', 'message']);
});

test('snooze choices are an hour from now, tomorrow 9:00 and next Monday 9:00', () => {
  const now = new Date(2026, 0, 7, 15, 30);   // a Wednesday
  const [hour, tomorrow, week] = snoozeChoices(now).map(c => new Date(c.until));
  assert.equal(hour.getTime() - now.getTime(), 3600000);
  assert.deepEqual([tomorrow.getDate(), tomorrow.getHours(), tomorrow.getMinutes()], [8, 9, 0]);
  assert.deepEqual([week.getDay(), week.getDate(), week.getHours()], [1, 12, 9]);
});

test('waiting time reads in minutes, hours, days', () => {
  const now = Date.parse(at);
  assert.equal(waitingFor('2026-01-01T09:55:00Z', now), 'waiting 5m');
  assert.equal(waitingFor('2026-01-01T07:50:00Z', now), 'waiting 2h 10m');
  assert.equal(waitingFor('2025-12-29T10:00:00Z', now), 'waiting 3d');
  assert.equal(waitingFor(null, now), '');
});

test('"/" opens canned responses only at the start; "@" mentions only outside words', () => {
  assert.equal(cannedPrefix('/gre', 4), 'gre');
  assert.equal(cannedPrefix('hi /gre', 7), null);
  assert.equal(mentionPrefix('ask @be', 7), 'be');
  assert.equal(mentionPrefix('mail bea@ex', 11), null);
  assert.equal(mentionHandle({ name: 'Bea Kim', email: 'bea.kim@example.com' }), 'bea.kim');
  assert.equal(mentionHandle({ name: 'Bea Kim' }), 'BeaKim');
});

test('a reply can take every channel reaching one of the customer\'s identities, the last used first', () => {
  const byKind = channelsByKind([{ name: 'web', identity_kind: 'visitor' }, { name: 'sms', identity_kinds: ['phone'] },
    { name: 'whatsapp', identity_kinds: ['phone'] }, { name: 'email', identity_kind: 'email' }]);
  assert.deepEqual(replyChannels(byKind, [{ kind: 'phone' }, { kind: 'visitor' }], 'web'), ['sms', 'whatsapp', 'web']);
  assert.deepEqual(replyChannels(byKind, [], 'web'), ['web']);
});

test('names and previews', () => {
  assert.equal(customerName({ id: 3, customer: { id: 9 } }), 'Visitor #9');
  assert.equal(customerName({ id: 3, customer: { id: 9, phone: '+4915112345678' } }), '+4915112345678', 'a texter by their number');
  assert.equal(customerName({ id: 3, customer: { id: 9, email: 'a@example.org', phone: '+4915112345678' } }), 'a@example.org');
  assert.equal(previewText({ last_message: { direction: 'note', body: 'x' } }), 'Note: x');
  assert.equal(previewText({}), 'No messages yet');
});

test('reconnects back off from 0.5 s to 5 s with jitter, and only a dead session stops them', () => {
  assert.equal(backoffDelay(0, () => 0.5), 500);
  assert.equal(backoffDelay(3, () => 0.5), 4000);
  assert.equal(backoffDelay(10, () => 0.5), 5000);
  assert.equal(backoffDelay(10, () => 0), 3500);
  assert.equal(backoffDelay(10, () => 1), 6500);
  assert.equal(sessionEnded(1008, 'session ended'), true);
  assert.equal(sessionEnded(1008, 'role changed; reconnect'), false);
  assert.equal(sessionEnded(1006, ''), false);
});

test('a live message without case_id joins the latest open case, after the resolved one ends', () => {
  const resolved = { id: 1, number: 1, opened_at: at, resolved_at: at };
  // before the cases are fetched again: it stays with the case before it
  let rows = timelineRows([m(1, 1, 1), m(2, 2, null)], [resolved], Date.parse(at));
  assert.deepEqual(rows.map(r => r.kind === 'message' ? r.message.id : r.text),
    ['Case #1 opened', 'Today', 1, 2, 'Case #1 resolved']);
  // the customer's message reopened it as case #2
  rows = timelineRows([m(1, 1, 1), m(2, 2, null)], [resolved, { id: 2, number: 2, opened_at: at, resolved_at: null }], Date.parse(at));
  assert.deepEqual(rows.map(r => r.kind === 'message' ? r.message.id : r.text),
    ['Case #1 opened', 'Today', 1, 'Case #1 resolved', 'Case #2 opened', 2]);
});
