package dev.switchboard.connectors.testkit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Calls a connector from a Vert.x context, as the hub's workers do. Called from a test's own
 * thread, an HTTP client's callbacks are handed to another event loop as tasks, and a short
 * response can end before its body handler is attached (Vert.x then refuses the handler): a race
 * the hub never meets and a test should not either.
 */
public final class OnContext {

  private OnContext() {}

  public static <T> Future<T> call(Vertx vertx, Supplier<Future<T>> work) {
    Promise<T> result = Promise.promise();
    vertx.runOnContext(v -> work.get().onComplete(result));
    return result.future();
  }
}
