package dev.switchboard.hub.tags;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.store.PgFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tags catalogue: the names agents pick from and macros may name. A conversation's tags are
 * registered here when they are set ({@link #register}); deleting a tag leaves conversations as
 * they are. The caller checks who may write.
 */
public final class Tags {

  public static final int MAX_NAME = 64;
  /** More than a helpdesk keeps; bounds one listing. */
  public static final int MAX_LISTED = 2000;

  private final Pool pool;

  public Tags(Pool pool) {
    this.pool = pool;
  }

  /**
   * A tag name as stored: trimmed of white space, 1–64 characters, no control characters; anything else is a 400
   * naming {@code field}.
   */
  public static String name(Object raw, String field) {
    if (!(raw instanceof String s)) {
      throw HubError.invalid(field + " must be a tag name (a string)");
    }
    String t = s.strip();
    if (t.isEmpty() || t.length() > MAX_NAME) {
      throw HubError.invalid(field + ": a tag name is 1 to " + MAX_NAME + " characters");
    }
    if (t.chars().anyMatch(Character::isISOControl)) {
      throw HubError.invalid(field + ": a tag name must not contain control characters");
    }
    return t;
  }

  /** By name. */
  public Future<List<String>> list() {
    return pool.preparedQuery(TagSql.LIST).execute(Tuple.of(MAX_LISTED)).map(rows -> {
      List<String> out = new ArrayList<>();
      rows.forEach(r -> out.add(r.getString("name")));
      return out;
    }).recover(PgFailures::recover);
  }

  /** True when it is new. */
  public Future<Boolean> create(String name) {
    return pool.preparedQuery(TagSql.INSERT).execute(Tuple.of(name)).map(rows -> rows.size() > 0)
        .recover(PgFailures::recover);
  }

  /** True when it existed. Conversations keep it. */
  public Future<Boolean> delete(String name) {
    return pool.preparedQuery(TagSql.DELETE).execute(Tuple.of(name)).map(rows -> rows.rowCount() > 0)
        .recover(PgFailures::recover);
  }

  /** Those of {@code names} the catalogue does not know, in their order. */
  public Future<List<String>> unknown(List<String> names) {
    if (names.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(TagSql.KNOWN).execute(Tuple.tuple().addArrayOfString(names.toArray(String[]::new))).map(rows -> {
      Set<String> known = new HashSet<>();
      rows.forEach(r -> known.add(r.getString("name")));
      return names.stream().filter(n -> !known.contains(n)).toList();
    }).recover(PgFailures::recover);
  }

  /** Adds the names not yet in the catalogue, in the caller's transaction (a conversation's tags being set). */
  public static Future<Void> register(SqlClient tx, List<String> names) {
    if (names == null || names.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(TagSql.REGISTER).execute(Tuple.tuple().addArrayOfString(names.toArray(String[]::new))).mapEmpty();
  }
}
