package dev.switchboard.hub.tags;

/** Every statement on {@code tag}, in one place. */
final class TagSql {

  private TagSql() {}

  static final String LIST = "select name from tag order by name limit $1";

  /** Returns the row only when it is new. */
  static final String INSERT = "insert into tag (name) values ($1) on conflict do nothing returning name";

  /** {@code $1}: names; those already known are left alone. */
  static final String REGISTER = "insert into tag (name) select unnest($1::text[]) on conflict do nothing";

  static final String DELETE = "delete from tag where name = $1";

  /** Those of {@code $1} the catalogue knows. */
  static final String KNOWN = "select name from tag where name = any($1::text[])";
}
