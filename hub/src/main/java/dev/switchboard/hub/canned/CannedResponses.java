package dev.switchboard.hub.canned;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.store.PgFailures;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The hub's canned responses: listed by any agent, kept by admins (the caller checks who may write). */
public final class CannedResponses {

  /** More than a team keeps; bounds one listing. */
  public static final int MAX_LISTED = 500;

  private final Pool pool;

  public CannedResponses(Pool pool) {
    this.pool = pool;
  }

  /** Those whose shortcut starts with {@code prefix} ("" for all), by shortcut. */
  public Future<List<CannedResponse>> list(String prefix) {
    String escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return pool.preparedQuery(CannedSql.LIST).execute(Tuple.of(escaped, MAX_LISTED)).map(CannedResponses::all)
        .recover(PgFailures::recover);
  }

  /** Fails with {@link HubError#conflict} when another response has {@code shortcut}. */
  public Future<CannedResponse> create(String shortcut, String body, long createdBy) {
    return pool.preparedQuery(CannedSql.INSERT).execute(Tuple.of(shortcut, body, createdBy))
        .map(rows -> one(rows).orElseThrow())
        .recover(CannedResponses::duplicate);
  }

  /** A null field keeps its value; empty when there is no such id. */
  public Future<Optional<CannedResponse>> update(long id, String shortcut, String body) {
    return pool.preparedQuery(CannedSql.UPDATE).execute(Tuple.of(id, shortcut, body))
        .map(CannedResponses::one)
        .recover(CannedResponses::duplicate);
  }

  /** True when it existed. */
  public Future<Boolean> delete(long id) {
    return pool.preparedQuery(CannedSql.DELETE).execute(Tuple.of(id)).map(rows -> rows.rowCount() > 0)
        .recover(PgFailures::recover);
  }

  private static <T> Future<T> duplicate(Throwable e) {
    if (e instanceof PgException pg && "23505".equals(pg.getSqlState())
        && CannedSql.UNIQUE_SHORTCUT.equals(pg.getConstraint())) {
      return Future.failedFuture(HubError.conflict("a canned response with this shortcut exists"));
    }
    return PgFailures.recover(e);
  }

  private static List<CannedResponse> all(RowSet<Row> rows) {
    List<CannedResponse> out = new ArrayList<>();
    rows.forEach(r -> out.add(of(r)));
    return out;
  }

  private static Optional<CannedResponse> one(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(of(it.next())) : Optional.empty();
  }

  private static CannedResponse of(Row r) {
    return new CannedResponse(r.getLong("id"), r.getString("shortcut"), r.getString("body"),
        r.getLong("created_by"), r.getOffsetDateTime("created_at").toInstant(),
        r.getOffsetDateTime("updated_at").toInstant());
  }
}
