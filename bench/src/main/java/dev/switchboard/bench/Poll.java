package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;

/** Waits, without blocking, until a condition holds or time runs out; tells which happened. */
final class Poll {

  private static final long EVERY_MILLIS = 20;

  private Poll() {}

  static Future<Boolean> until(Vertx vertx, BooleanSupplier condition, long timeoutMillis) {
    Promise<Boolean> done = Promise.promise();
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    check(vertx, condition, deadline, done);
    return done.future();
  }

  private static void check(Vertx vertx, BooleanSupplier condition, long deadline, Promise<Boolean> done) {
    if (condition.getAsBoolean()) {
      done.complete(true);
    } else if (System.nanoTime() > deadline) {
      done.complete(false);
    } else {
      vertx.setTimer(EVERY_MILLIS, t -> check(vertx, condition, deadline, done));
    }
  }
}
