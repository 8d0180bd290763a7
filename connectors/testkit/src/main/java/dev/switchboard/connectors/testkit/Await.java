package dev.switchboard.connectors.testkit;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waiting in a test for what a fake provider received: polls, and names what never came. */
public final class Await {

  /** How long a fake waits for a call by default: outbox retries and webhooks take a moment. */
  public static final Duration DEFAULT = Duration.ofSeconds(10);

  private Await() {}

  /** The first item of {@code items} that {@code match} accepts, within {@code within}. */
  public static <T> T first(Supplier<List<T>> items, Predicate<T> match, Duration within, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      for (T item : items.get()) {
        if (match.test(item)) {
          return item;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " never came; received: " + items.get());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what);
      }
    }
  }
}
