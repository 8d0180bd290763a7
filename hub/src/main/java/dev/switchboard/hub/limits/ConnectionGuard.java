package dev.switchboard.hub.limits;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps connections that do nothing useful from piling up on a node: a connection must send its
 * request headers within {@link #HEADER_TIMEOUT_MILLIS} (silent sockets and slowloris alike are
 * closed), again after each response on a kept-alive connection, and one address may hold at most
 * {@code maxPerAddress} connections at once. Trusted proxies carry many clients and are not capped.
 * Upgraded WebSockets leave the header clock; their own heartbeats close them when they go silent.
 */
public final class ConnectionGuard {

  /** Browsers send their headers at once; ten seconds is generous even on a bad mobile link. */
  public static final long HEADER_TIMEOUT_MILLIS = 10_000;

  private final Vertx vertx;
  private final ClientAddress addresses;
  private final int maxPerAddress;
  private final Map<String, Integer> open = new ConcurrentHashMap<>();
  private final Map<HttpConnection, Long> deadlines = new ConcurrentHashMap<>();

  public ConnectionGuard(Vertx vertx, ClientAddress addresses, int maxPerAddress) {
    this.vertx = vertx;
    this.addresses = addresses;
    this.maxPerAddress = maxPerAddress;
  }

  /** For {@code HttpServer.connectionHandler}: counts the connection, or closes it when its address has too many. */
  public void connected(HttpConnection connection) {
    String peer = connection.remoteAddress() == null ? "unknown" : connection.remoteAddress().hostAddress();
    int count = open.merge(peer, 1, Integer::sum);
    connection.closeHandler(v -> {
      open.computeIfPresent(peer, (k, n) -> n <= 1 ? null : n - 1);
      Long timer = deadlines.remove(connection);
      if (timer != null) {
        vertx.cancelTimer(timer);
      }
    });
    if (count > maxPerAddress && !addresses.isTrustedPeer(peer)) {
      connection.close();
      return;
    }
    awaitHeaders(connection);
  }

  /** For every request, before routing: its headers arrived in time. */
  public void requestArrived(HttpServerRequest request) {
    Long timer = deadlines.remove(request.connection());
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }

  /**
   * The router's first handler: once the response is out, a kept-alive connection has the header
   * deadline again for its next request (an end handler of the routing context, so it composes
   * with any other handler's).
   */
  public void rearmAfterResponse(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!"websocket".equalsIgnoreCase(request.getHeader("upgrade"))) {
      HttpConnection connection = request.connection();
      ctx.addEndHandler(done -> {
        if (done.succeeded()) {
          awaitHeaders(connection);
        }
      });
    }
    ctx.next();
  }

  /** Open connections from this address on this node. */
  public int openFrom(String address) {
    return open.getOrDefault(address, 0);
  }

  private void awaitHeaders(HttpConnection connection) {
    long timer = vertx.setTimer(HEADER_TIMEOUT_MILLIS, t -> {
      if (deadlines.remove(connection) != null) {
        connection.close();
      }
    });
    Long previous = deadlines.put(connection, timer);
    if (previous != null) {
      vertx.cancelTimer(previous);
    }
  }
}
