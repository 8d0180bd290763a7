package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.agent.Agent;
import dev.switchboard.hub.notify.Notifications;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** The caller's notifications ({@code /api/v1/me/notifications}): only ever their own. */
final class NotificationRoutes {

  static final int MAX_IDS = 500;

  private final Notifications notifications;

  NotificationRoutes(Notifications notifications) {
    this.notifications = notifications;
  }

  void list(RoutingContext ctx) {
    Agent me = Requests.agent(ctx);
    int limit = (int) Math.max(1, Math.min(200, Requests.queryLong(ctx, "limit", 50)));
    String unread = ctx.request().getParam("unread");
    if (unread != null && !unread.equals("true") && !unread.equals("false")) {
      throw HubError.invalid("unread must be true or false");
    }
    notifications.list(me.id(), "true".equals(unread), limit)
        .compose(list -> notifications.unread(me.id()).map(count -> {
          JsonArray out = new JsonArray();
          list.forEach(n -> out.add(n.toJson()));
          return new JsonObject().put("notifications", out).put("unread", count);
        }))
        .onSuccess(body -> Requests.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  void read(RoutingContext ctx) {
    Agent me = Requests.agent(ctx);
    Object v = Requests.body(ctx).getValue("ids");
    if (!(v instanceof JsonArray a) || a.size() > MAX_IDS) {
      throw HubError.invalid("ids must be a list of at most " + MAX_IDS + " notification ids");
    }
    List<Long> ids = new ArrayList<>();
    for (Object o : a) {
      if (!(o instanceof Number n) || n.doubleValue() != n.longValue()) {
        throw HubError.invalid("ids must hold notification ids");
      }
      ids.add(n.longValue());
    }
    notifications.markRead(me.id(), ids)
        .compose(changed -> notifications.unread(me.id()))
        .onSuccess(count -> Requests.json(ctx, 200, new JsonObject().put("unread", count)))
        .onFailure(ctx::fail);
  }
}
