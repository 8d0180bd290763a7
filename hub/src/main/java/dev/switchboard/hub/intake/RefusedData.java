package dev.switchboard.hub.intake;

import io.vertx.pgclient.PgException;

/**
 * Recognises PostgreSQL refusing a message's data for good, as opposed to being unreachable, busy
 * or losing a race: SQLSTATE class 22 (data exception: a NUL or a character outside UTF-8, a value
 * out of range) and 54000 (program limit: a value too long for its index). Retrying such a message
 * gives the same answer every time, so it is set aside at once.
 */
public final class RefusedData {

  private RefusedData() {}

  /** The database's words for why it refused, or {@code null} when {@code e} is not such a refusal. */
  public static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PgException pg && pg.getSqlState() != null
          && (pg.getSqlState().startsWith("22") || "54000".equals(pg.getSqlState()))) {
        return "refused by the database (" + pg.getSqlState() + "): " + pg.getErrorMessage();
      }
    }
    return null;
  }
}
