package dev.switchboard.hub.realtime;

import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;


/**
 * Turns a customer's typing signals (from any number of their sockets, as fast as they come) into
 * at most one change per conversation per {@link #WINDOW_MILLIS}: the first change goes out at
 * once, changes within the window are folded into the last state, sent when the window ends — so
 * agents always end up seeing the true state, and a script toggling typing cannot flood them.
 */
public final class TypingCoalescer {

  /** Where coalesced changes go: {@code (conversationId, typing)}. */
  public interface Sink {
    void typing(long conversationId, boolean typing);
  }

  static final long WINDOW_MILLIS = 1_000;

  /** Per conversation in a window: what agents were last told, and the latest state heard. */
  private static final class Window {
    final boolean told;
    boolean latest;

    Window(boolean told) {
      this.told = told;
      this.latest = told;
    }
  }

  private final Vertx vertx;
  private final Sink sink;
  /** Signals come from sockets on every event loop; few and cheap, so one lock keeps them simple. */
  private final Map<Long, Window> open = new HashMap<>();

  public TypingCoalescer(Vertx vertx, Sink sink) {
    this.vertx = vertx;
    this.sink = sink;
  }

  public void signal(long conversationId, boolean typing) {
    synchronized (open) {
      Window w = open.get(conversationId);
      if (w != null) {
        w.latest = typing;
        return;
      }
      open.put(conversationId, new Window(typing));
    }
    sink.typing(conversationId, typing);
    vertx.setTimer(WINDOW_MILLIS, t -> close(conversationId));
  }

  private void close(long conversationId) {
    Window w;
    synchronized (open) {
      w = open.remove(conversationId);
    }
    if (w != null && w.latest != w.told) {
      // a change at the window's end opens the next window, so the rate stays bounded
      signal(conversationId, w.latest);
    }
  }
}
