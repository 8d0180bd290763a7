package dev.switchboard.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.switchboard.hub.HubError;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

/** PostgreSQL's refusals become the errors a client sees, with the same codes as before HubError. */
class PgFailuresTest {

  @Test
  void noDataIsNotFoundInTheDatabasesWords() {
    HubError e = translated(pg("P0002", "both customers must exist and not be merged already"));
    assertEquals(404, e.status());
    assertEquals("not_found", e.code());
    assertEquals("both customers must exist and not be merged already", e.getMessage());
  }

  @Test
  void dataExceptionsAndDanglingReferencesAreTheClientsBadRequest() {
    for (String state : new String[] {"22023", "22P02", "22021", "23503"}) {
      HubError e = translated(pg(state, "refused " + state));
      assertEquals(400, e.status(), state);
      assertEquals("bad_request", e.code(), state);
      assertEquals("refused " + state, e.getMessage());
    }
  }

  @Test
  void aCancelledStatementIsATimeout() {
    HubError e = translated(pg("57014", "canceling statement due to statement timeout"));
    assertEquals(503, e.status());
    assertEquals("timeout", e.code());
    assertEquals(0, e.retryAfterSeconds());
  }

  @Test
  void aFullPoolIsBusyForASecond() {
    HubError e = translated(new ConnectionPoolTooBusyException("queue full"));
    assertEquals(503, e.status());
    assertEquals("busy", e.code());
    assertEquals("the hub is busy; try again in a moment", e.getMessage());
    assertEquals(1, e.retryAfterSeconds());
  }

  @Test
  void anythingElseStaysAsItIs() {
    PgException unique = pg("23505", "duplicate key");
    assertSame(unique, PgFailures.translate(unique));
    IllegalStateException other = new IllegalStateException("boom");
    assertSame(other, PgFailures.translate(other));
  }

  @Test
  void theOriginalFailureIsKeptAsTheCause() {
    PgException data = pg("22021", "invalid byte sequence");
    assertSame(data, PgFailures.translate(data).getCause());
  }

  private static HubError translated(Throwable e) {
    return assertInstanceOf(HubError.class, PgFailures.translate(e));
  }

  private static PgException pg(String state, String message) {
    return new PgException(message, "ERROR", state, null);
  }
}
