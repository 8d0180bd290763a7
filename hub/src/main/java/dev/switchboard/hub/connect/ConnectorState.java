package dev.switchboard.hub.connect;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** Connectors' durable bookkeeping (an IMAP mailbox's UIDVALIDITY and last UID), in PostgreSQL. */
public final class ConnectorState {

  private final Pool pool;

  public ConnectorState(Pool pool) {
    this.pool = pool;
  }

  public Future<JsonObject> load(String key) {
    return pool.preparedQuery(ConnectSql.LOAD_STATE).execute(Tuple.of(key))
        .map(rows -> rows.size() == 0 ? new JsonObject() : (JsonObject) rows.iterator().next().getValue("value"));
  }

  public Future<Void> save(String key, JsonObject value) {
    return pool.preparedQuery(ConnectSql.SAVE_STATE)
        .execute(Tuple.of(key, value)).mapEmpty();
  }
}
