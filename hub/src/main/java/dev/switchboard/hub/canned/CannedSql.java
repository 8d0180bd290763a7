package dev.switchboard.hub.canned;

/** Every statement on {@code canned_response}, in one place. */
final class CannedSql {

  private CannedSql() {}

  static final String COLUMNS = "id, shortcut, body, created_by, created_at, updated_at";

  /** {@code $1}: a shortcut prefix, already escaped for {@code like} ("" lists all); {@code $2}: at most this many. */
  static final String LIST = "select " + COLUMNS + """
       from canned_response
      where shortcut like $1 || '%'
      order by shortcut limit $2""";

  static final String INSERT = """
      insert into canned_response (shortcut, body, created_by) values ($1, $2, $3)
      returning\s""" + COLUMNS;

  /** {@code $2}, {@code $3}: a null keeps the current value. */
  static final String UPDATE = """
      update canned_response
         set shortcut = coalesce($2, shortcut), body = coalesce($3, body), updated_at = now()
       where id = $1
      returning\s""" + COLUMNS;

  static final String DELETE = "delete from canned_response where id = $1";

  /** The unique constraint PostgreSQL names after the column: a duplicate shortcut. */
  static final String UNIQUE_SHORTCUT = "canned_response_shortcut_key";
}
