// The agent socket's life: hello → caught up, a drop → reconnect with backoff, a dead session →
// stop. A fake WebSocket stands in for the browser's; Node's mock timers stand in for the wait.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from '../../main/resources/webroot/inbox/lib/socket.js';

class FakeSocket {
  static all = [];
  constructor(url) {
    this.url = url;
    this.readyState = 1;
    this.sent = [];
    FakeSocket.all.push(this);
  }
  send(text) { this.sent.push(JSON.parse(text)); }
  close() { this.readyState = 3; }
  frame(f) { this.onmessage({ data: JSON.stringify(f) }); }
  drop(code = 1006, reason = '') { this.readyState = 3; this.onclose({ code, reason }); }
}

function harness() {
  FakeSocket.all = [];
  globalThis.WebSocket = FakeSocket;
  const seen = { frames: [], opens: 0, downs: 0, ended: 0, unsure: 0 };
  const socket = createSocket({
    url: () => 'ws://hub/ws/agent?token=t',
    onFrame: f => seen.frames.push(f.type),
    onOpen: () => seen.opens++,
    onDown: () => seen.downs++,
    onSessionEnded: () => seen.ended++,
    onUnsure: () => seen.unsure++
  });
  return { socket, seen };
}

test('every hello (first connect and each reconnect) triggers a catch-up; a drop reconnects by itself', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { socket, seen } = harness();
    socket.start();
    FakeSocket.all[0].frame({ type: 'hello', agent: { id: 1 } });
    FakeSocket.all[0].frame({ type: 'message.created', message: { id: 1 } });
    assert.equal(seen.opens, 1);
    assert.deepEqual(seen.frames, ['hello', 'message.created']);
    assert.equal(socket.send({ type: 'sync', conversation_id: 7, after_seq: 3 }), true);
    assert.deepEqual(FakeSocket.all[0].sent, [{ type: 'sync', conversation_id: 7, after_seq: 3 }]);

    FakeSocket.all[0].drop();
    assert.equal(seen.downs, 1);
    assert.equal(FakeSocket.all.length, 1, 'waits before reconnecting');
    mock.timers.tick(700);
    assert.equal(FakeSocket.all.length, 2, 'reconnected after the backoff');
    FakeSocket.all[1].frame({ type: 'hello', agent: { id: 1 } });
    assert.equal(seen.opens, 2);
  } finally {
    mock.timers.reset();
  }
});

test('frames of a replaced socket are ignored, and a socket that never said hello makes the caller check the session', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { socket, seen } = harness();
    socket.start();
    const first = FakeSocket.all[0];
    first.drop();
    assert.equal(seen.unsure, 1);
    mock.timers.tick(700);
    first.onmessage({ data: JSON.stringify({ type: 'hello' }) });
    assert.equal(seen.opens, 0);
  } finally {
    mock.timers.reset();
  }
});

test('"session ended" (1008) stops reconnecting and signs out; stop() ends it quietly', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { socket, seen } = harness();
    socket.start();
    FakeSocket.all[0].frame({ type: 'hello' });
    FakeSocket.all[0].drop(1008, 'session ended');
    mock.timers.tick(10000);
    assert.equal(seen.ended, 1);
    assert.equal(FakeSocket.all.length, 1, 'no reconnect');

    const other = harness();
    other.socket.start();
    other.socket.stop();
    mock.timers.tick(10000);
    assert.equal(FakeSocket.all.length, 1);
    assert.equal(other.seen.downs, 0);
    assert.equal(other.socket.send({ type: 'ping' }), false);
  } finally {
    mock.timers.reset();
  }
});
