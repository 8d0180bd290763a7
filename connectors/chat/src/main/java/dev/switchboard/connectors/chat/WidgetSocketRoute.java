package dev.switchboard.connectors.chat;

import dev.switchboard.connectors.spi.LiveChannelContext;
import dev.switchboard.connectors.spi.InboxConfig;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * {@code GET /ws/widget?inbox=ID[&visitor=TOKEN]}: checks the inbox and the page's origin before
 * upgrading, and caps the sockets one visitor token may hold on this node; a bad or expired visitor
 * token is let through, and gets an error frame and a fresh visitor.
 */
final class WidgetSocketRoute implements Handler<RoutingContext> {

  /** New visitors per address and minute; an office behind one NAT rarely opens more. */
  static final int DEFAULT_NEW_VISITORS_PER_MINUTE = 60;

  private final LiveChannelContext hub;
  private final VisitorTokens tokens;
  private final Set<WidgetSession> sessions;
  private final VisitorSockets visitorSockets;

  WidgetSocketRoute(LiveChannelContext hub, VisitorTokens tokens, Set<WidgetSession> sessions,
      VisitorSockets visitorSockets) {
    this.hub = hub;
    this.tokens = tokens;
    this.sessions = sessions;
    this.visitorSockets = visitorSockets;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String inboxId = ctx.request().getParam("inbox");
    if (inboxId == null || inboxId.isEmpty()) {
      refuse(ctx, 400, "bad_request", "the inbox parameter is required");
      return;
    }
    // the upgrade must find the request unread after our asynchronous checks
    ctx.request().pause();
    hub.inbox(inboxId).onComplete(found -> {
      if (found.failed() || !"web".equals(found.result().channel())) {
        // the id is not echoed: anyone can send anything here
        refuse(ctx, 404, "not_found", "no such web chat inbox");
        return;
      }
      InboxConfig inbox = found.result();
      if (!originAllowed(inbox, ctx.request().getHeader("origin"))) {
        refuse(ctx, 403, "forbidden", "this site may not embed inbox " + inboxId);
        return;
      }
      String token = ctx.request().getParam("visitor");
      String visitorId = tokens.verify(token, inbox.id());
      if (visitorId != null) {
        // counted before the upgrade, so sockets racing in on one token cannot all slip through
        if (!visitorSockets.tryOpen(visitorId)) {
          refuse(ctx, 429, "too_many_sockets", "too many open chats for this visitor; close a tab");
          return;
        }
        upgrade(ctx, inbox, visitorId, false);
        return;
      }
      // a returning visitor is welcome any time; new visitors per address are counted, so a
      // script cannot fill the inbox with strangers
      String address = hub.clientAddress(ctx.request());
      hub.allow("widget-new-visitor:" + inbox.id() + ":" + address, newVisitorsPerMinute(inbox), 60)
          .onComplete(allowed -> {
            if (allowed.succeeded() && !allowed.result()) {
              refuse(ctx, 429, "rate_limited", "too many new chats from this address; try again in a minute");
            } else {
              upgrade(ctx, inbox, null, token != null);
            }
          });
    });
  }

  /** {@code visitorId}: a returning visitor, already counted in {@link VisitorSockets}; null for a new one. */
  private void upgrade(RoutingContext ctx, InboxConfig inbox, String visitorId, boolean tokenRefused) {
    ctx.request().toWebSocket()
        .onSuccess(ws -> new WidgetSession(hub, tokens, inbox, ws, sessions, visitorSockets)
            .start(visitorId, tokenRefused))
        .onFailure(e -> {
          if (visitorId != null) {
            visitorSockets.closed(visitorId);
          }
          ctx.fail(e);
        });
  }

  static int newVisitorsPerMinute(InboxConfig inbox) {
    return inbox.config().getValue("new_visitors_per_minute") instanceof Number n ? n.intValue()
        : DEFAULT_NEW_VISITORS_PER_MINUTE;
  }

  /** A page without an Origin header is not a browser page: browsers always send one on WebSockets. */
  static boolean originAllowed(InboxConfig inbox, String origin) {
    if (origin == null) {
      return true;
    }
    Object configured = inbox.config().getValue("allowed_origins");
    JsonArray allowed = configured instanceof JsonArray a ? a : new JsonArray();
    for (Object o : allowed) {
      if ("*".equals(o) || (o instanceof String s && s.equalsIgnoreCase(origin.replaceAll("/+$", "")))) {
        return true;
      }
    }
    return false;
  }

  private static void refuse(RoutingContext ctx, int status, String code, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }
}
