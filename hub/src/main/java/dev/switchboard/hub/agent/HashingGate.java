package dev.switchboard.hub.agent;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;

/**
 * Runs password hashing on worker threads, at most {@code permits} at once on this node, with a
 * short waiting line; beyond that it fails at once with {@link AgentService.Busy}. PBKDF2 is slow
 * on purpose, so whoever reaches the login route could otherwise queue enough of it onto the
 * worker pool to take every core from the message path. Failing fast (rather than queueing) keeps
 * the wait of an admitted login short and tells a flood to back off.
 */
final class HashingGate {

  private record Waiting<T>(Context context, Callable<T> work, Promise<T> promise) {}

  private final Vertx vertx;
  private final int permits;
  private final int maxWaiting;
  private final ArrayDeque<Waiting<?>> waiting = new ArrayDeque<>();
  private int running;
  private int peak;

  HashingGate(Vertx vertx, int permits, int maxWaiting) {
    this.vertx = vertx;
    this.permits = permits;
    this.maxWaiting = maxWaiting;
  }

  /** Half the cores (at least one), and a line of four per permit: about a second of waiting at most. */
  static HashingGate forThisMachine(Vertx vertx) {
    int permits = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    return new HashingGate(vertx, permits, 4 * permits);
  }

  <T> Future<T> run(Callable<T> work) {
    Context context = vertx.getOrCreateContext();
    synchronized (this) {
      if (running >= permits) {
        if (waiting.size() >= maxWaiting) {
          return Future.failedFuture(new AgentService.Busy());
        }
        Promise<T> promise = Promise.promise();
        waiting.add(new Waiting<>(context, work, promise));
        return promise.future();
      }
      running++;
      peak = Math.max(peak, running);
    }
    return start(context, work);
  }

  /** The most hashes that ever ran at once on this node (tests check the bound with it). */
  synchronized int peak() {
    return peak;
  }

  int permits() {
    return permits;
  }

  private <T> Future<T> start(Context context, Callable<T> work) {
    // unordered: hashes of one event loop need not wait for each other, only for a permit
    return context.executeBlocking(work, false).andThen(done -> handOver());
  }

  /** A finished hash passes its permit to the next in line, or gives it back. */
  private void handOver() {
    Waiting<?> next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        running--;
        return;
      }
    }
    startWaiting(next);
  }

  private <T> void startWaiting(Waiting<T> w) {
    start(w.context(), w.work()).onComplete(done -> {
      if (done.succeeded()) {
        w.promise().complete(done.result());
      } else {
        w.promise().fail(done.cause());
      }
    });
  }
}
