package dev.switchboard.hub.store;

/** The SQL of the store itself, in one place: the hub's own secret. (Functions: db/migration/R__functions.sql.) */
final class StoreSql {

  private StoreSql() {}

  /** Made once by whichever node starts first; every later start keeps it. */
  static final String CREATE_SECRET = "insert into hub_secret (id, secret) values (1, $1) on conflict (id) do nothing";

  static final String SECRET = "select secret from hub_secret where id = 1";
}
