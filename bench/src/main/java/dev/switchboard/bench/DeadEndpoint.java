package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * A webhook endpoint that is there and never answers: it accepts TCP connections on 127.0.0.1,
 * reads and drops whatever arrives, and keeps the connection open until the sender gives up. The
 * worst kind of bot for the hub (each try holds a connection until its timeout), which must still
 * not slow the message path.
 */
final class DeadEndpoint {

  private final NetServer server;
  private final Set<NetSocket> open = new HashSet<>();
  private long accepted;

  private DeadEndpoint(NetServer server) {
    this.server = server;
  }

  static Future<DeadEndpoint> start(Vertx vertx) {
    NetServer server = vertx.createNetServer();
    DeadEndpoint endpoint = new DeadEndpoint(server);
    server.connectHandler(socket -> {
      endpoint.accepted++;
      endpoint.open.add(socket);
      socket.handler(bytes -> { });
      socket.closeHandler(v -> endpoint.open.remove(socket));
    });
    return server.listen(0, "127.0.0.1").map(s -> endpoint);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/webhook";
  }

  /** Connections accepted since it started (each a try the hub made). */
  long accepted() {
    return accepted;
  }

  Future<Void> close() {
    return server.close();
  }
}
