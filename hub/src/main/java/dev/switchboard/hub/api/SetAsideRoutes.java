package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.intake.SetAsideStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Admin API: the inbound messages set aside instead of stored (refused data, auto-replies, bounces). */
final class SetAsideRoutes {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;

  private final SetAsideStore store;

  SetAsideRoutes(SetAsideStore store) {
    this.store = store;
  }

  /** {@code GET /api/v1/set-aside?limit=&before=}: newest first; {@code before} is the last id of the page before. */
  void list(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    long limit = Requests.queryLong(ctx, "limit", DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw HubError.invalid("limit must be between 1 and " + MAX_LIMIT);
    }
    long before = Requests.queryLong(ctx, "before", Long.MAX_VALUE);
    store.newest(before, (int) limit).onSuccess(items -> {
      JsonObject page = new JsonObject().put("set_aside", new JsonArray(items));
      if (items.size() == limit) {
        page.put("next_before", items.get(items.size() - 1).getLong("id"));
      }
      Requests.json(ctx, 200, page);
    }).onFailure(ctx::fail);
  }
}
