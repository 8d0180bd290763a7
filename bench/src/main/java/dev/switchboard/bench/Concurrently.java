package dev.switchboard.bench;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Runs {@code count} asynchronous tasks with at most {@code limit} under way: opening 10,000 sockets
 * at once would measure the accept queue, not the hub. Call it on one context; results keep order.
 */
final class Concurrently {

  private Concurrently() {}

  static <R> Future<List<AsyncResult<R>>> run(int count, int limit, IntFunction<Future<R>> task) {
    Promise<List<AsyncResult<R>>> done = Promise.promise();
    List<AsyncResult<R>> results = new ArrayList<>(Collections.nCopies(count, null));
    if (count == 0) {
      return Future.succeededFuture(results);
    }
    new Object() {
      int next;
      int finished;

      void launch() {
        int i = next++;
        task.apply(i).onComplete(ar -> {
          results.set(i, ar);
          if (++finished == count) {
            done.complete(results);
          } else if (next < count) {
            launch();
          }
        });
      }

      void start() {
        for (int k = 0; k < Math.min(limit, count); k++) {
          launch();
        }
      }
    }.start();
    return done.future();
  }
}
