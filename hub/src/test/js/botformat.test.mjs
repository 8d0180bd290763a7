// The Bots settings page's pure helpers (settings/bot-format.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { botStatus, draftCountsText, canRetry, deliveryStatusText, httpStatusText, durationText, webhookUrlOf }
  from '../../main/resources/webroot/inbox/settings/bot-format.js';

const d = (status, more = {}) => ({ status, attempts: 0, max_attempts: 8, last_status_code: null, last_error: null, ...more });

test('a disabled bot says why, and an admin-deactivated one says so', () => {
  assert.deepEqual(botStatus({ active: true }), { active: true, text: 'Active' });
  assert.equal(botStatus({ active: false, disabled_reason: '410 Gone: the bot was disabled' }).reason,
    '410 Gone: the bot was disabled');
  assert.equal(botStatus({ active: false, disabled_reason: null }).reason, 'deactivated by an admin');
});

test('draft counts show when the hub sends them, in a fixed order', () => {
  assert.equal(draftCountsText({ dismissed: 2, created: 12, accepted: 5, edited: 3 }),
    '12 created · 5 accepted · 3 edited · 2 dismissed');
  assert.equal(draftCountsText({ created: 0, accepted: 0, edited: 0, dismissed: 0 }),
    '0 created · 0 accepted · 0 edited · 0 dismissed');
  assert.equal(draftCountsText(undefined), null);
  assert.equal(draftCountsText({}), null);
});

test('dead and failing deliveries can be retried; delivered, stored and fresh ones cannot', () => {
  assert.equal(canRetry(d('dead', { attempts: 8, last_status_code: 503 })), true);
  assert.equal(canRetry(d('pending', { attempts: 2, last_error: 'timed out' })), true);
  assert.equal(canRetry(d('pending')), false);
  assert.equal(canRetry(d('pending', { attempts: 1 })), false, 'a first try under way');
  assert.equal(canRetry(d('delivered', { attempts: 1, last_status_code: 200 })), false);
  assert.equal(canRetry(d('stored')), false);
});

test('a delivery reads as a person would say it', () => {
  assert.equal(deliveryStatusText(d('pending')), 'Queued');
  assert.equal(deliveryStatusText(d('pending', { attempts: 3, last_status_code: 500 })), 'Failing, will retry');
  assert.equal(deliveryStatusText(d('dead', { attempts: 8 })), 'Dead');
  assert.equal(deliveryStatusText(d('stored')), 'Stored (no webhook)');
  assert.equal(httpStatusText(d('dead', { attempts: 8, last_error: 'timed out' })), 'no answer');
  assert.equal(httpStatusText(d('dead', { attempts: 8, last_status_code: 503, last_error: 'HTTP 503' })), '503');
  assert.equal(httpStatusText(d('pending')), '');
  assert.equal(durationText(12), '12 ms');
  assert.equal(durationText(5003), '5.0 s');
  assert.equal(durationText(null), '');
  assert.equal(webhookUrlOf('  '), null);
  assert.equal(webhookUrlOf(' https://b.example.com/x '), 'https://b.example.com/x');
});
