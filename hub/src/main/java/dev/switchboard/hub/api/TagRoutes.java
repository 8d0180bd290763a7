package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.tags.Tags;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/v1/tags}: every agent lists the catalogue (pickers, macros); admins add and delete
 * tags. Deleting a tag leaves conversations that have it as they are.
 */
final class TagRoutes {

  private final Tags tags;

  TagRoutes(Tags tags) {
    this.tags = tags;
  }

  void list(RoutingContext ctx) {
    tags.list().onSuccess(names -> {
      JsonArray out = new JsonArray();
      names.forEach(n -> out.add(new JsonObject().put("name", n)));
      Requests.json(ctx, 200, new JsonObject().put("tags", out));
    }).onFailure(ctx::fail);
  }

  /** {@code POST {name}}: 201 when new, 200 when the catalogue had it already. */
  void create(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    JsonObject body = Requests.body(ctx);
    String name = Tags.name(body.getValue("name"), "name");
    tags.create(name)
        .onSuccess(created -> Requests.json(ctx, created ? 201 : 200, new JsonObject().put("name", name)))
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    String name = ctx.pathParam("name").trim();
    tags.delete(name).onSuccess(existed -> {
      if (existed) {
        ctx.response().setStatusCode(204).end();
      } else {
        ctx.fail(HubError.notFound("tag " + name));
      }
    }).onFailure(ctx::fail);
  }
}
