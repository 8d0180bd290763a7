package dev.switchboard.hub.store;

import dev.switchboard.hub.HubConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import org.flywaydb.core.Flyway;

/** The one PostgreSQL pool of a node, and the schema migrations that run before it is used. */
public final class Database {

  /** Far above the message path's peak (600 visitors with 4 messages in flight each). */
  static final int MAX_WAITING = 5_000;

  private Database() {}

  /** Creates the database if missing and applies pending migrations (JDBC, on a worker thread). */
  public static Future<Void> migrate(Vertx vertx, HubConfig config) {
    return vertx.executeBlocking(() -> {
      String jdbc = jdbcUrl(config.pgUrl());
      createDatabaseIfMissing(jdbc, config);
      Flyway.configure()
          .dataSource(jdbc, user(config.pgUrl()), password(config.pgUrl()))
          .locations("classpath:db/migration")
          .load()
          .migrate();
      return null;
    });
  }

  public static Pool pool(Vertx vertx, HubConfig config) {
    PgConnectOptions connect = PgConnectOptions.fromUri(config.pgUrl())
        .setCachePreparedStatements(true)
        // measured: pipelining bought nothing on the message path, and a statement waiting on a row
        // lock would hold up everything queued behind it on that connection
        .setPipeliningLimit(1);
    // PgConnectOptions defaults to user "user"; our URLs without credentials mean the local postgres role
    connect.setUser(user(config.pgUrl()));
    String password = password(config.pgUrl());
    if (password != null) {
      connect.setPassword(password);
    }
    // a bounded queue: past it a request fails at once (503) instead of waiting without end
    PoolOptions pool = new PoolOptions().setMaxSize(32).setMaxWaitQueueSize(MAX_WAITING).setShared(false)
        .setName("postgres");  // the pool_name label of the vertx_pool_* metrics
    return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
  }

  static String jdbcUrl(String pgUrl) {
    URI uri = URI.create(pgUrl);
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    String query = uri.getQuery() == null ? "" : "?" + uri.getQuery();
    return "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getPath() + query;
  }

  static String user(String pgUrl) {
    String info = URI.create(pgUrl).getUserInfo();
    return info == null ? "postgres" : info.split(":", 2)[0];
  }

  static String password(String pgUrl) {
    String info = URI.create(pgUrl).getUserInfo();
    return info == null || !info.contains(":") ? null : info.split(":", 2)[1];
  }

  private static void createDatabaseIfMissing(String jdbc, HubConfig config) throws Exception {
    String name = config.databaseName();
    String admin = jdbc.replaceFirst("/[^/?]+(\\?|$)", "/postgres$1");
    try (Connection c = DriverManager.getConnection(admin, user(config.pgUrl()), password(config.pgUrl()));
         var check = c.prepareStatement("select 1 from pg_database where datname = ?")) {
      check.setString(1, name);
      if (!check.executeQuery().next()) {
        try (var create = c.createStatement()) {
          create.execute("create database \"" + name.replace("\"", "") + "\"");
        } catch (java.sql.SQLException raced) {
          // another node created it first: fine
        }
      }
    }
  }
}
