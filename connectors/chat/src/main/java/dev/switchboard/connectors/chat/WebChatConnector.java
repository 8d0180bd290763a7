package dev.switchboard.connectors.chat;

import dev.switchboard.connectors.spi.ChannelCapabilities;
import dev.switchboard.connectors.spi.ChannelDescriptor;
import dev.switchboard.connectors.spi.ConfigKey;
import dev.switchboard.connectors.spi.Connector;
import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.LiveChannelContext;
import io.vertx.core.Future;
import java.util.List;
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
  private LiveChannelContext hub;
  private long pinger = -1;

  /** Visitors are known by their visitor id, or by the user id a site vouched for; replies go down the socket. */
  static final ChannelDescriptor WEB = new ChannelDescriptor("web", List.of(Identity.WEB_VISITOR, Identity.WEB_USER),
      ChannelCapabilities.outbox().withTyping().repliedThrough(ChannelCapabilities.Replies.LIVE_SOCKET),
      List.of(
          ConfigKey.of("allowed_origins", ConfigKey.Type.ORIGINS).withDefault(List.of()),
          ConfigKey.secret("identity_secret"),
          ConfigKey.of("require_identity", ConfigKey.Type.FLAG).withDefault(false),
          ConfigKey.of("new_visitors_per_minute", ConfigKey.Type.COUNT)
              .withDefault(WidgetSocketRoute.DEFAULT_NEW_VISITORS_PER_MINUTE)));

  @Override
  public List<ChannelDescriptor> channels() {
    return List.of(WEB);
  }

  @Override
  public Future<Void> start(ConnectorContext context) {
    if (context.live().isEmpty()) {
      return Future.failedFuture(new IllegalStateException("the web chat needs a hub that serves live sockets"));
    }
    hub = context.live().get();
    VisitorTokens tokens = new VisitorTokens(hub.signingKey("widget-visitor-token"));
    hub.mountSocket("/ws/widget", new WidgetSocketRoute(hub, tokens, sessions, new VisitorSockets()));
    pinger = hub.vertx().setPeriodic(PING_MILLIS, t -> sessions.forEach(WidgetSession::ping));
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
