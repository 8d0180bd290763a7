package dev.switchboard.connectors.chat;

import dev.switchboard.connectors.spi.Connector;
import dev.switchboard.connectors.spi.ConnectorContext;
import io.vertx.core.Future;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The website chat widget's channel: {@code /ws/widget}. Replies reach visitors through the
 * conversation's events, so there is nothing to {@code deliver}: the socket is the delivery.
 */
public final class WebChatConnector implements Connector {

  /** Pings keep proxies from closing idle sockets and keep the visitor marked online. */
  private static final long PING_MILLIS = 20_000;

  private final Set<WidgetSession> sessions = ConcurrentHashMap.newKeySet();
  private ConnectorContext hub;
  private long pinger = -1;

  @Override
  public String channel() {
    return "web";
  }

  @Override
  public Future<Void> start(ConnectorContext context) {
    hub = context;
    VisitorTokens tokens = new VisitorTokens(context.signingKey("widget-visitor-token"));
    context.router().get("/ws/widget").handler(new WidgetSocketRoute(context, tokens, sessions, new VisitorSockets()));
    pinger = context.vertx().setPeriodic(PING_MILLIS, t -> sessions.forEach(WidgetSession::ping));
    return Future.succeededFuture();
  }

  @Override
  public int openSockets() {
    return sessions.size();
  }

  @Override
  public Future<Void> stop() {
    if (pinger >= 0) {
      hub.vertx().cancelTimer(pinger);
    }
    return Future.succeededFuture();
  }
}
