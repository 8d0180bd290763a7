// The agent socket (/ws/agent?token=): frames in, frames out, and reconnecting with backoff and
// jitter after a drop or a hub restart. What to catch up on after a (re)connect is the caller's
// (onOpen); a close with 1008 and "session ended" means the token is dead (onSessionEnded).

/** Delay before reconnect attempt n (0-based): doubling from 500 ms up to 5 s, ±30% jitter. */
export function backoffDelay(attempt, random = Math.random) {
  const base = Math.min(5000, 500 * Math.pow(2, attempt));
  return Math.round(base * (0.7 + random() * 0.6));  // so agents don't stampede a restarted node
}

/** Whether a close means the session is over (as opposed to a drop worth reconnecting after). */
export function sessionEnded(code, reason) {
  return code === 1008 && /session ended/i.test(reason || '');
}

export function createSocket({ url, onFrame, onOpen, onDown, onSessionEnded, onUnsure }) {
  let ws = null;
  let attempt = 0;
  let timer = null;
  let stopped = false;
  let greeted = false;

  function connect() {
    clearTimeout(timer);
    if (stopped) return;
    let sock;
    try {
      sock = new WebSocket(url());
    } catch (e) {
      schedule();
      return;
    }
    ws = sock;
    greeted = false;
    // onmessage (not addEventListener): tests stand in for network latency by wrapping it
    sock.onmessage = e => {
      if (ws !== sock) return;
      let frame;
      try { frame = JSON.parse(e.data); } catch (err) { return; }
      if (!frame || typeof frame.type !== 'string') return;
      if (frame.type === 'hello') {
        greeted = true;
        attempt = 0;
        onFrame(frame);
        onOpen && onOpen(frame);
        return;
      }
      onFrame(frame);
    };
    sock.onclose = e => {
      if (ws !== sock) return;
      ws = null;
      if (stopped) return;
      if (sessionEnded(e.code, e.reason)) {
        stopped = true;
        onSessionEnded && onSessionEnded();
        return;
      }
      onDown && onDown();
      // never greeted: the token may be dead; the caller checks (a 401 signs out)
      if (!greeted || e.code === 1008) onUnsure && onUnsure();
      schedule();
    };
  }

  function schedule() {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(connect, backoffDelay(attempt++));
  }

  return {
    start() { stopped = false; attempt = 0; connect(); },
    stop() {
      stopped = true;
      clearTimeout(timer);
      const sock = ws;
      ws = null;
      if (sock) sock.close();
    },
    send(frame) {
      if (ws && ws.readyState === 1) {
        ws.send(JSON.stringify(frame));
        return true;
      }
      return false;
    },
    get live() { return !!ws && ws.readyState === 1 && greeted; }
  };
}
