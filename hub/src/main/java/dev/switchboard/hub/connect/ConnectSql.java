package dev.switchboard.hub.connect;

/** All SQL of the connector host, in one place: connectors' durable state. */
final class ConnectSql {

  private ConnectSql() {}

  static final String LOAD_STATE = "select value from connector_state where key = $1";

  static final String SAVE_STATE = """
      insert into connector_state (key, value) values ($1, $2)
      on conflict (key) do update set value = excluded.value, updated_at = now()""";
}
