package dev.switchboard.connectors.chat;

import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.InboxConfig;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * {@code GET /ws/widget?inbox=ID[&visitor=TOKEN]}: checks the inbox and the page's origin before
 * upgrading; the visitor token is checked after, so a bad one gets an error frame and a fresh visitor.
 */
final class WidgetSocketRoute implements Handler<RoutingContext> {

  private final ConnectorContext hub;
  private final VisitorTokens tokens;
  private final Set<WidgetSession> sessions;

  WidgetSocketRoute(ConnectorContext hub, VisitorTokens tokens, Set<WidgetSession> sessions) {
    this.hub = hub;
    this.tokens = tokens;
    this.sessions = sessions;
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
        refuse(ctx, 404, "not_found", "no web chat inbox " + inboxId);
        return;
      }
      InboxConfig inbox = found.result();
      String origin = ctx.request().getHeader("origin");
      if (!originAllowed(inbox, origin)) {
        refuse(ctx, 403, "forbidden", "this site may not embed inbox " + inboxId);
        return;
      }
      String token = ctx.request().getParam("visitor");
      ctx.request().toWebSocket()
          .onSuccess(ws -> new WidgetSession(hub, tokens, inbox, ws, token, sessions).start())
          .onFailure(ctx::fail);
    });
  }

  /** A page without an Origin header is not a browser page: browsers always send one on WebSockets. */
  static boolean originAllowed(InboxConfig inbox, String origin) {
    if (origin == null) {
      return true;
    }
    JsonArray allowed = inbox.config().getJsonArray("allowed_origins", new JsonArray());
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
