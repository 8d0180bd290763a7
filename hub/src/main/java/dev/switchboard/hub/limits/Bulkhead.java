package dev.switchboard.hub.limits;

import dev.switchboard.hub.HubError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Supplier;

/**
 * At most {@code maxRunning} of one kind of expensive work at once on this node, a few more
 * waiting, and the rest refused at once with {@link BusyException}: work anyone can trigger
 * (searches, password hashing) must not take every connection or thread the message path needs.
 */
public final class Bulkhead {

  private final String what;
  private final int maxRunning;
  private final int maxWaiting;
  private final Queue<Runnable> waiting = new ArrayDeque<>();
  private int running;
  private int peak;

  public Bulkhead(String what, int maxRunning, int maxWaiting) {
    this.what = what;
    this.maxRunning = maxRunning;
    this.maxWaiting = maxWaiting;
  }

  /** Runs {@code work} now, later (queued), or not at all (a failed future with {@link BusyException}). */
  public <T> Future<T> run(Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    Runnable task = () -> {
      Future<T> started;
      try {
        started = work.get();
      } catch (RuntimeException e) {
        started = Future.failedFuture(e);
      }
      started.onComplete(result -> {
        finished();
        done.handle(result);
      });
    };
    synchronized (this) {
      if (running < maxRunning) {
        running++;
        peak = Math.max(peak, running);
      } else if (waiting.size() < maxWaiting) {
        waiting.add(task);
        return done.future();
      } else {
        return Future.failedFuture(new BusyException(what));
      }
    }
    task.run();
    return done.future();
  }

  /** The most ever running at once: never above {@code maxRunning}. */
  public synchronized int peak() {
    return peak;
  }

  private void finished() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        running--;
      }
    }
    if (next != null) {
      next.run();
    }
  }

  /** Too much of this work is running already; the client should retry in a moment (503 busy, Retry-After: 1). */
  public static final class BusyException extends HubError {
    public BusyException(String what) {
      super(503, "busy", "too many " + what + " at once; try again in a moment", 1, null);
    }
  }
}
