package dev.switchboard.assistant.bot;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Supplier;

/**
 * Asynchronous jobs run a few at a time, with a bounded number waiting: a burst of events never
 * becomes an unbounded pile of searches and model calls. {@link #offer} says no when it is full,
 * and the webhook then answers 503 so the hub delivers the event again later.
 */
final class WorkQueue {

  private final int parallel;
  private final int capacity;
  private final Queue<Supplier<Future<?>>> waiting = new ArrayDeque<>();
  private int running;

  WorkQueue(int parallel, int capacity) {
    this.parallel = parallel;
    this.capacity = capacity;
  }

  synchronized boolean offer(Supplier<Future<?>> job) {
    if (running < parallel) {
      running++;
      start(job);
      return true;
    }
    if (waiting.size() >= capacity) {
      return false;
    }
    waiting.add(job);
    return true;
  }

  synchronized int pending() {
    return running + waiting.size();
  }

  private void start(Supplier<Future<?>> job) {
    Future<?> f;
    try {
      f = job.get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(done -> next());
  }

  private void next() {
    Supplier<Future<?>> job;
    synchronized (this) {
      job = waiting.poll();
      if (job == null) {
        running--;
        return;
      }
    }
    start(job);
  }
}
