package dev.switchboard.hub.macros;

/** Every statement on {@code macro}, in one place. */
final class MacroSql {

  private MacroSql() {}

  static final String COLUMNS = "id, name, actions, created_by, created_at, updated_at";

  static final String LIST = "select " + COLUMNS + " from macro order by name, id limit $1";

  static final String ONE = "select " + COLUMNS + " from macro where id = $1";

  static final String INSERT = """
      insert into macro (name, actions, created_by) values ($1, $2, $3)
      returning\s""" + COLUMNS;

  /** {@code $2}, {@code $3}: a null keeps the current value. */
  static final String UPDATE = """
      update macro set name = coalesce($2, name), actions = coalesce($3, actions), updated_at = now()
       where id = $1
      returning\s""" + COLUMNS;

  static final String DELETE = "delete from macro where id = $1";

  /** The unique constraint PostgreSQL names after the column: a duplicate name. */
  static final String UNIQUE_NAME = "macro_name_key";
}
