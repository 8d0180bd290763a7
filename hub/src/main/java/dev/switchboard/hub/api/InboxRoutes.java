package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.connectors.spi.ChannelDescriptor;
import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.hub.access.Visibility;
import dev.switchboard.hub.bots.BotScope;
import dev.switchboard.hub.bots.Bots;
import dev.switchboard.hub.channel.Channels;
import dev.switchboard.hub.events.HubEvent.InboxMembersChanged;
import dev.switchboard.hub.events.Publisher;
import dev.switchboard.hub.inbox.Inbox;
import dev.switchboard.hub.inbox.InboxConfigRules;
import dev.switchboard.hub.inbox.InboxMembers;
import dev.switchboard.hub.inbox.InboxService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Admin API for channel inboxes; secrets in {@code config} are write-only. Which channels exist and
 * what their config must look like comes from the connectors' descriptors. {@code member_ids} are
 * the agents who work an inbox: with none, every agent sees its conversations.
 */
final class InboxRoutes {

  /** More members than any inbox has; bounds the work one request can ask for. */
  private static final int MAX_MEMBERS = 1_000;

  private final InboxService inboxes;
  private final InboxMembers members;
  private final Visibility visibility;
  private final Publisher events;
  private final Channels channels;
  private final Bots bots;

  InboxRoutes(InboxService inboxes, InboxMembers members, Visibility visibility, Publisher events,
      Channels channels, Bots bots) {
    this.inboxes = inboxes;
    this.bots = bots;
    this.channels = channels;
    this.members = members;
    this.visibility = visibility;
    this.events = events;
  }

  void list(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    inboxes.list().map(InboxRoutes::json).compose(this::withMembers)
        .onSuccess(list -> Requests.json(ctx, 200, new JsonObject().put("inboxes", list)))
        .onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    long id = Requests.pathId(ctx, "id");
    inboxes.get(id).onSuccess(i -> {
      if (i == null) {
        ctx.fail(HubError.notFound("inbox " + id));
      } else {
        withMembers(i.toJson()).onSuccess(json -> Requests.json(ctx, 200, json)).onFailure(ctx::fail);
      }
    }).onFailure(ctx::fail);
  }

  /**
   * {@code GET /api/v1/inboxes/{id}/templates}: the inbox's provider-approved message templates
   * (WhatsApp), for any agent who writes replies; an empty list on channels without templates.
   */
  void templates(RoutingContext ctx) {
    long id = Requests.pathId(ctx, "id");
    inboxes.get(id).compose(i -> {
      if (i == null || !i.enabled()) {
        return Future.failedFuture(HubError.notFound("inbox " + id));
      }
      ChannelDescriptor d = channels.descriptor(i.channel());
      if (d == null || !d.capabilities().templates()) {
        return Future.succeededFuture(List.<JsonObject>of());
      }
      return channels.connector(i.channel()).templates(String.valueOf(id)).recover(e -> Future.failedFuture(
          e instanceof ConnectorContext.NoSuchInboxException ? HubError.notFound("inbox " + id)
              : new HubError(502, "templates_unavailable", e.getMessage() == null
                  ? "The provider could not be asked for the templates now." : e.getMessage())));
    }).onSuccess(list -> Requests.json(ctx, 200, new JsonObject().put("templates", new JsonArray(List.copyOf(list)))))
        .onFailure(ctx::fail);
  }

  void create(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    JsonObject body = Requests.body(ctx);
    String name = Requests.string(body, "name", 200, true);
    String channel = Requests.string(body, "channel", 20, true);
    ChannelDescriptor descriptor = channels.descriptor(channel);
    if (descriptor == null) {
      throw HubError.invalid("channel must be one of " + String.join(", ", channels.names()));
    }
    JsonObject config = InboxConfigRules.withGenerated(descriptor, config(body));
    refuse(InboxConfigRules.problemsOfNew(descriptor, config));
    if (config.getValue("bot_id") != null) {
      // the bot must serve the inbox, which has no id yet
      throw botRefused("a new inbox cannot answer with a bot first yet: create it, add it to the bot's inboxes, "
          + "then set bot_id");
    }
    Set<Long> memberIds = memberIds(body);
    refuseUnknownAgents(memberIds)
        .compose(v -> inboxes.create(name.trim(), channel, config))
        .compose(i -> setMembers(i.id(), memberIds).compose(v -> withMembers(i.toJson())))
        .onSuccess(i -> {
          kickSetup(ctx);
          Requests.json(ctx, 201, i);
        })
        .onFailure(ctx::fail);
  }

  void update(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    long id = Requests.pathId(ctx, "id");
    JsonObject body = Requests.body(ctx);
    String name = Requests.string(body, "name", 200, false);
    if (name != null && name.isBlank()) {
      throw HubError.invalid("name must not be empty");
    }
    Boolean enabled = Requests.bool(body, "enabled");
    JsonObject config = body.containsKey("config") ? config(body) : null;
    Set<Long> memberIds = memberIds(body);
    refuseUnknownAgents(memberIds)
        .compose(v -> config == null ? Future.succeededFuture() : answeringBot(id, config.getValue("bot_id")))
        .compose(v -> inboxes.get(id))
        .compose(existing -> {
          if (existing == null) {
            throw HubError.notFound("inbox " + id);
          }
          if (config != null) {
            ChannelDescriptor descriptor = channels.descriptor(existing.channel());
            if (descriptor == null) {
              // without its schema we could not tell its secrets from the rest: change nothing
              throw HubError.invalid("no connector on this hub serves " + existing.channel()
                  + "; its config cannot be changed");
            }
            refuse(InboxConfigRules.problemsOfChange(descriptor, config));
            refuseMovedSecrets(descriptor, existing, config);
          }
          return inboxes.update(id, name == null ? null : name.trim(), enabled, config);
        })
        .compose(updated -> updated == null ? Future.<JsonObject>failedFuture(HubError.notFound("inbox " + id))
            : setMembers(id, memberIds).compose(v -> withMembers(updated.toJson())))
        .onSuccess(updated -> {
          kickSetup(ctx);
          Requests.json(ctx, 200, updated);
        })
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    long id = Requests.pathId(ctx, "id");
    inboxes.delete(id).onSuccess(found -> {
      if (found) {
        ctx.response().setStatusCode(204).end();
      } else {
        ctx.fail(HubError.notFound("inbox " + id));
      }
    }).onFailure(ctx::fail);
  }

  /** This node's set-up worker runs at once instead of at its next poll (other nodes' poll anyway). */
  private static void kickSetup(RoutingContext ctx) {
    ctx.vertx().eventBus().send(InboxService.SETUP_KICK, null);
  }

  /** {@code member_ids}: distinct agent ids, or {@code null} when not given (members unchanged). */
  private static Set<Long> memberIds(JsonObject body) {
    if (!body.containsKey("member_ids")) {
      return null;
    }
    if (!(body.getValue("member_ids") instanceof JsonArray list) || list.size() > MAX_MEMBERS) {
      throw HubError.invalid("member_ids must be a list of at most " + MAX_MEMBERS + " agent ids");
    }
    Set<Long> ids = new LinkedHashSet<>();
    for (Object o : list) {
      if (!(o instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < 1) {
        throw HubError.invalid("member_ids must be a list of agent ids");
      }
      ids.add(n.longValue());
    }
    return ids;
  }

  private Future<Void> refuseUnknownAgents(Set<Long> ids) {
    if (ids == null) {
      return Future.succeededFuture();
    }
    return members.unknownAgents(ids).compose(unknown -> unknown.isEmpty() ? Future.succeededFuture()
        : Future.failedFuture(HubError.invalid("member_ids: no agent " + unknown)));
  }

  /**
   * Stores the members, then makes this node see by them before answering (so the caller's next
   * request does) and tells the other nodes.
   */
  private Future<Void> setMembers(long inboxId, Set<Long> ids) {
    if (ids == null) {
      return Future.succeededFuture();
    }
    return members.set(inboxId, ids)
        .compose(v -> visibility.refresh())
        .onSuccess(v -> events.publish(new InboxMembersChanged(inboxId)));
  }

  private static List<JsonObject> json(List<Inbox> inboxes) {
    return inboxes.stream().map(Inbox::toJson).toList();
  }

  private Future<JsonObject> withMembers(JsonObject inbox) {
    return withMembers(List.of(inbox)).map(list -> list.get(0));
  }

  private Future<List<JsonObject>> withMembers(List<JsonObject> list) {
    List<Long> ids = new ArrayList<>();
    list.forEach(i -> ids.add(i.getLong("id")));
    return members.of(ids).map(byInbox -> {
      list.forEach(i -> i.put("member_ids", new JsonArray(byInbox.get(i.getLong("id")))));
      return list;
    });
  }

  /**
   * The bot a config's {@code bot_id} names must be able to answer this inbox first: active, serving
   * it, allowed to reply. Otherwise 422, so an inbox never waits on a bot that cannot answer.
   */
  private Future<Void> answeringBot(long inboxId, Object botId) {
    if (!(botId instanceof Number n)) {
      return Future.succeededFuture();
    }
    return bots.get(n.longValue()).recover(e -> e instanceof HubError h && h.status() == 404
        ? Future.succeededFuture(null) : Future.failedFuture(e)).compose(bot -> {
      if (bot == null) {
        return Future.failedFuture(botRefused("bot_id: there is no bot " + n.longValue()));
      }
      if (!bot.active()) {
        return Future.failedFuture(botRefused("bot_id: bot " + bot.id() + " is disabled"
            + (bot.disabledReason() == null ? "" : " (" + bot.disabledReason() + ")")));
      }
      if (!bot.serves(inboxId)) {
        return Future.failedFuture(botRefused("bot_id: bot " + bot.id() + " does not serve inbox " + inboxId
            + "; add the inbox to the bot's inboxes first"));
      }
      if (!bot.has(BotScope.REPLY)) {
        return Future.failedFuture(botRefused("bot_id: bot " + bot.id() + " lacks the reply scope, so it "
            + "cannot answer customers first"));
      }
      return Future.succeededFuture();
    });
  }

  private static HubError botRefused(String message) {
    return new HubError(422, "invalid_bot", message);
  }

  private static void refuse(List<String> problems) {
    if (!problems.isEmpty()) {
      throw HubError.invalid("config: " + String.join("; ", problems));
    }
  }

  private static void refuseMovedSecrets(ChannelDescriptor channel, Inbox existing, JsonObject config) {
    List<String> stored = List.copyOf(existing.secretKeys());
    List<String> missing = InboxConfigRules.secretsToRepeat(channel, existing.config(), stored, config);
    if (!missing.isEmpty()) {
      throw new HubError(400, "secrets_required", "this change moves where the channel connects; give "
          + String.join(", ", missing) + " again in the same request (stored secrets never follow a changed endpoint)");
    }
  }

  private static JsonObject config(JsonObject body) {
    Object c = body.getValue("config");
    if (c == null) {
      return new JsonObject();
    }
    if (!(c instanceof JsonObject o)) {
      throw HubError.invalid("config must be an object");
    }
    return o;
  }
}
