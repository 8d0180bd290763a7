package dev.switchboard.hub.api;

import dev.switchboard.connectors.spi.ChannelDescriptor;
import dev.switchboard.hub.channel.Channels;
import dev.switchboard.hub.inbox.InboxConfigRules;
import dev.switchboard.hub.inbox.InboxService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Admin API for channel inboxes; secrets in {@code config} are write-only. Which channels exist and
 * what their config must look like comes from the connectors' descriptors.
 */
final class InboxRoutes {

  private final InboxService inboxes;
  private final Channels channels;

  InboxRoutes(InboxService inboxes, Channels channels) {
    this.inboxes = inboxes;
    this.channels = channels;
  }

  void list(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    inboxes.list().onSuccess(list -> Requests.json(ctx, 200, new JsonObject().put("inboxes", list)))
        .onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    long id = Requests.pathId(ctx, "id");
    inboxes.get(id).onSuccess(i -> {
      if (i == null) {
        ctx.fail(ApiError.notFound("inbox " + id));
      } else {
        Requests.json(ctx, 200, i);
      }
    }).onFailure(ctx::fail);
  }

  void create(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    JsonObject body = Requests.body(ctx);
    String name = Requests.string(body, "name", 200, true);
    String channel = Requests.string(body, "channel", 20, true);
    ChannelDescriptor descriptor = channels.descriptor(channel);
    if (descriptor == null) {
      throw ApiError.badRequest("channel must be one of " + String.join(", ", channels.names()));
    }
    JsonObject config = config(body);
    refuse(InboxConfigRules.problemsOfNew(descriptor, config));
    inboxes.create(name.trim(), channel, config)
        .onSuccess(i -> Requests.json(ctx, 201, i))
        .onFailure(ctx::fail);
  }

  void update(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    long id = Requests.pathId(ctx, "id");
    JsonObject body = Requests.body(ctx);
    String name = Requests.string(body, "name", 200, false);
    if (name != null && name.isBlank()) {
      throw ApiError.badRequest("name must not be empty");
    }
    Boolean enabled = Requests.bool(body, "enabled");
    JsonObject config = body.containsKey("config") ? config(body) : null;
    inboxes.get(id)
        .compose(existing -> {
          if (existing == null) {
            throw ApiError.notFound("inbox " + id);
          }
          if (config != null) {
            ChannelDescriptor descriptor = channels.descriptor(existing.getString("channel"));
            if (descriptor == null) {
              // without its schema we could not tell its secrets from the rest: change nothing
              throw ApiError.badRequest("no connector on this hub serves " + existing.getString("channel")
                  + "; its config cannot be changed");
            }
            refuse(InboxConfigRules.problemsOfChange(descriptor, config));
            refuseMovedSecrets(descriptor, existing, config);
          }
          return inboxes.update(id, name == null ? null : name.trim(), enabled, config);
        })
        .onSuccess(updated -> Requests.json(ctx, 200, updated))
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    long id = Requests.pathId(ctx, "id");
    inboxes.delete(id).onSuccess(found -> {
      if (found) {
        ctx.response().setStatusCode(204).end();
      } else {
        ctx.fail(ApiError.notFound("inbox " + id));
      }
    }).onFailure(ctx::fail);
  }

  private static void refuse(List<String> problems) {
    if (!problems.isEmpty()) {
      throw ApiError.badRequest("config: " + String.join("; ", problems));
    }
  }

  private static void refuseMovedSecrets(ChannelDescriptor channel, JsonObject existing, JsonObject config) {
    List<String> stored = existing.getJsonArray("secrets_set").stream().map(String::valueOf).toList();
    List<String> missing = InboxConfigRules.secretsToRepeat(channel, existing.getJsonObject("config"), stored, config);
    if (!missing.isEmpty()) {
      throw new ApiError(400, "secrets_required", "this change moves where the channel connects; give "
          + String.join(", ", missing) + " again in the same request (stored secrets never follow a changed endpoint)");
    }
  }

  private static JsonObject config(JsonObject body) {
    Object c = body.getValue("config");
    if (c == null) {
      return new JsonObject();
    }
    if (!(c instanceof JsonObject o)) {
      throw ApiError.badRequest("config must be an object");
    }
    return o;
  }
}
