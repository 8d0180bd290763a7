package dev.switchboard.hub;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A hub node for tests, against the real local PostgreSQL and Redis. Each test class gets its own
 * database and Redis key prefix (both removed by {@link #dropAll}); nodes of one class share them,
 * like the nodes of one deployment.
 */
public final class TestHub {

  private TestHub() {}

  /** A fresh configuration: own database, own Redis prefix, a free port. */
  public static HubConfig config(String name) {
    String id = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + "_"
        + UUID.randomUUID().toString().substring(0, 8);
    int port = freePort();
    return new HubConfig(port, "postgresql://localhost:5432/sbtest_" + id, "redis://localhost:6379",
        "http://localhost:" + port, "admin@example.com", "admin-password", "sbtest:" + id + ":",
        UUID.randomUUID().toString());
  }

  /** Another node of the same deployment: same database and Redis prefix, its own port and node id. */
  public static HubConfig secondNode(HubConfig first) {
    int port = freePort();
    return new HubConfig(port, first.pgUrl(), first.redisUrl(), "http://localhost:" + port, first.adminEmail(),
        first.adminPassword(), first.redisPrefix(), UUID.randomUUID().toString());
  }

  public static Hub start(HubConfig config) {
    try {
      return Hub.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("hub did not start", e);
    }
  }

  public static void stop(Hub hub) {
    if (hub == null) {
      return;
    }
    try {
      hub.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("hub did not stop", e);
    }
  }

  /** Drops the test database and every Redis key under the prefix. */
  public static void dropAll(HubConfig config) {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:5432/postgres", "postgres", null);
         var s = c.createStatement()) {
      s.execute("drop database if exists \"" + config.databaseName() + "\" with (force)");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    TestRedis.deletePrefix(config.redisPrefix());
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
