package dev.switchboard.hub.store;

import dev.switchboard.hub.HubError;
import io.vertx.core.Future;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;

/**
 * PostgreSQL's refusals in the hub's terms, applied where the SQL runs ({@code .recover(PgFailures::recover)}):
 * P0002 (no data, raised by our functions) is not found; class 22 (data exception: the input was
 * unusable, not the hub broken) and 23503 (a reference to nothing) are the client's 400; 57014
 * (statement timeout) is a timeout; a full pool wait queue is busy. Anything else stays as it is (a 500).
 * The original failure is kept as the cause.
 */
public final class PgFailures {

  private PgFailures() {}

  public static Throwable translate(Throwable e) {
    if (e instanceof PgException pg && pg.getSqlState() != null) {
      String state = pg.getSqlState();
      if ("P0002".equals(state)) {
        return HubError.notFound(pg.getErrorMessage(), pg);
      }
      if (state.startsWith("22") || "23503".equals(state)) {
        return HubError.invalid(pg.getErrorMessage(), pg);
      }
      if ("57014".equals(state)) {
        return HubError.timeout("that took too long and was stopped; narrow the search", pg);
      }
    } else if (e instanceof ConnectionPoolTooBusyException) {
      return HubError.busy("the hub is busy; try again in a moment", e);
    }
    return e;
  }

  /** For {@code future.recover(PgFailures::recover)}: fails with the translated failure. */
  public static <T> Future<T> recover(Throwable e) {
    return Future.failedFuture(translate(e));
  }
}
