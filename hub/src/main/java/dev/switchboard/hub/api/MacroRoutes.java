package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.agent.Agent;
import dev.switchboard.hub.conversation.Conversation;
import dev.switchboard.hub.conversation.ConversationService;
import dev.switchboard.hub.conversation.ConversationService.Author;
import dev.switchboard.hub.conversation.ConversationService.Patch;
import dev.switchboard.hub.conversation.Message;
import dev.switchboard.hub.events.ConversationScope;
import dev.switchboard.hub.macros.Macro;
import dev.switchboard.hub.macros.MacroAction;
import dev.switchboard.hub.macros.Macros;
import dev.switchboard.hub.ops.Metrics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/macros}: every agent lists and runs them; admins create, change and delete them
 * ({@code {name, actions:[{type, value}]}}, checked when saved, see {@link Macros}). Running one on a
 * conversation ({@code POST /conversations/{id}/macros/{macroId} {expected_last_seq?, force?}}) checks
 * it again, then sends its replies (with the collision check of the messages route), then its notes,
 * then makes all its field changes in one update, as a PATCH would.
 */
final class MacroRoutes {

  private static final Set<String> FIELDS = Set.of("name", "actions");

  private final Macros macros;
  private final ConversationService conversations;
  private final ConversationRoutes conversationRoutes;
  private final ConversationChanges changes;
  private final Metrics metrics;

  MacroRoutes(Macros macros, ConversationService conversations, ConversationRoutes conversationRoutes,
      ConversationChanges changes, Metrics metrics) {
    this.macros = macros;
    this.conversations = conversations;
    this.conversationRoutes = conversationRoutes;
    this.changes = changes;
    this.metrics = metrics;
  }

  void list(RoutingContext ctx) {
    macros.list().onSuccess(all -> {
      JsonArray out = new JsonArray();
      all.forEach(m -> out.add(m.toJson()));
      Requests.json(ctx, 200, new JsonObject().put("macros", out));
    }).onFailure(ctx::fail);
  }

  void create(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    JsonObject body = checked(Requests.body(ctx));
    String name = Macros.name(body.getValue("name"));
    List<MacroAction> actions = Macros.actions(body.getValue("actions"));
    macros.create(name, actions, Requests.agent(ctx).id())
        .onSuccess(m -> Requests.json(ctx, 201, m.toJson()))
        .onFailure(ctx::fail);
  }

  /** {@code PATCH {name?, actions?}}: {@code actions} replaces all of them. */
  void update(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    long id = Requests.pathId(ctx, "id");
    JsonObject body = checked(Requests.body(ctx));
    if (body.isEmpty()) {
      throw HubError.invalid("give name, actions or both");
    }
    String name = body.containsKey("name") ? Macros.name(body.getValue("name")) : null;
    List<MacroAction> actions = body.containsKey("actions") ? Macros.actions(body.getValue("actions")) : null;
    macros.update(id, name, actions)
        .map(found -> found.orElseThrow(() -> HubError.notFound("macro " + id)))
        .onSuccess(m -> Requests.json(ctx, 200, m.toJson()))
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    long id = Requests.pathId(ctx, "id");
    macros.delete(id).onSuccess(existed -> {
      if (existed) {
        ctx.response().setStatusCode(204).end();
      } else {
        ctx.fail(HubError.notFound("macro " + id));
      }
    }).onFailure(ctx::fail);
  }

  /**
   * Runs the macro: nothing is written until it is checked again (409 naming an agent or team that
   * went, or {@code over_capacity}); a reply that collides answers 409 as the messages route does,
   * with nothing changed. Answers {@code {conversation, messages, warning?}}.
   */
  void run(RoutingContext ctx) {
    long id = Requests.pathId(ctx, "id");
    long macroId = Requests.pathId(ctx, "macroId");
    JsonObject body = ctx.body() == null || ctx.body().length() == 0 ? new JsonObject() : Requests.body(ctx);
    Long expectedLastSeq = ConversationRoutes.expectedLastSeq(body);
    Agent me = Requests.agent(ctx);
    conversationRoutes.visible(ctx, id)
        .compose(before -> macros.get(macroId)
            .map(found -> found.orElseThrow(() -> HubError.notFound("macro " + macroId)))
            .compose(macro -> macros.check(macro.actions(), 409).compose(v -> conversations.get(id))
                .compose(now -> run(me, before, now, macro, expectedLastSeq))))
        .onSuccess(out -> Requests.json(ctx, 200, out))
        .onFailure(e -> ConversationRoutes.failed(ctx, e));
  }

  private Future<JsonObject> run(Agent me, ConversationScope before, Conversation now, Macro macro,
      Long expectedLastSeq) {
    Patch patch = patch(macro.actions(), now);
    return changes.admit(me, before, patch).compose(warning -> {
      List<Message> sent = new ArrayList<>();
      Author author = new Author("agent", me.id(), me.name());
      Future<Void> chain = Future.succeededFuture();
      // replies first, then notes, each in the macro's order; only the first reply is checked for a
      // collision (the ones after it follow the agent's own)
      boolean checked = false;
      for (MacroAction a : macro.actions()) {
        if (MacroAction.REPLY.equals(a.type())) {
          Long expected = checked ? null : expectedLastSeq;
          checked = true;
          chain = chain.compose(v -> conversations.reply(now.id(), author, a.text(), null, false, expected))
              .map(m -> {
                metrics.messageSent(m.channel());
                sent.add(m);
                return null;
              });
        }
      }
      for (MacroAction a : macro.actions()) {
        if (MacroAction.NOTE.equals(a.type())) {
          chain = chain.compose(v -> conversations.reply(now.id(), author, a.text(), null, true, null))
              .map(m -> {
                sent.add(m);
                return null;
              });
        }
      }
      Future<ConversationChanges.Applied> applied = chain.compose(v -> patch.isEmpty()
          ? conversations.get(now.id()).map(c -> new ConversationChanges.Applied(c, warning))
          : changes.apply(me, before, patch, warning));
      return applied.map(a -> {
        JsonArray messages = new JsonArray();
        sent.forEach(m -> messages.add(m.toAgentJson()));
        JsonObject out = new JsonObject().put("conversation", a.conversation().toJson(false)).put("messages", messages);
        return a.warning() == null ? out : out.put("warning", a.warning());
      });
    });
  }

  /** The field changes of the actions, the later winning; tags start from the conversation's. */
  static Patch patch(List<MacroAction> actions, Conversation now) {
    String status = null;
    OffsetDateTime snoozedUntil = null;
    boolean assigneeGiven = false;
    Long assignee = null;
    boolean teamGiven = false;
    Long team = null;
    String priority = null;
    Set<String> tags = null;
    for (MacroAction a : actions) {
      switch (a.type()) {
        case MacroAction.STATUS -> {
          status = a.text();
          snoozedUntil = null;
        }
        case MacroAction.SNOOZE -> {
          status = "snoozed";
          snoozedUntil = OffsetDateTime.now(ZoneOffset.UTC).plus(Duration.ofMinutes(a.minutes()));
        }
        case MacroAction.ASSIGN -> {
          assigneeGiven = true;
          assignee = a.id();
        }
        case MacroAction.TEAM -> {
          teamGiven = true;
          team = a.id();
        }
        case MacroAction.PRIORITY -> priority = a.text();
        case MacroAction.ADD_TAGS -> {
          tags = tags == null ? new LinkedHashSet<>(now.tags()) : tags;
          tags.addAll(a.tags());
        }
        case MacroAction.REMOVE_TAGS -> {
          tags = tags == null ? new LinkedHashSet<>(now.tags()) : tags;
          tags.removeAll(a.tags());
        }
        default -> { } // reply, note: sent before
      }
    }
    return new Patch(status, assigneeGiven, assignee, priority, tags == null ? null : new ArrayList<>(tags), teamGiven,
        team, snoozedUntil);
  }

  private static JsonObject checked(JsonObject body) {
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw HubError.invalid("unknown field '" + field + "'; expected name or actions");
      }
    }
    return body;
  }
}
