package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.access.Visibility;
import dev.switchboard.hub.agent.Agent;
import dev.switchboard.hub.bots.Bot;
import dev.switchboard.hub.bots.Draft;
import dev.switchboard.hub.bots.Drafts;
import dev.switchboard.hub.conversation.ConversationService;
import dev.switchboard.hub.events.ConversationScope;
import dev.switchboard.hub.ops.Metrics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Draft replies: a bot with the {@code draft} scope suggests one for a conversation of its inboxes
 * (the {@link BotGate} checked both); agents who may see the conversation list them and send one
 * (as is or edited) or dismiss it. Only an agent's action sends a draft.
 */
final class DraftRoutes {

  private static final Set<String> STATUSES = Set.of(Draft.PENDING, Draft.ACCEPTED, Draft.EDITED, Draft.DISMISSED);

  private final Drafts drafts;
  private final ConversationRoutes conversations;
  private final ConversationService conversationService;
  private final Visibility visibility;
  private final Metrics metrics;

  DraftRoutes(Drafts drafts, ConversationRoutes conversations, ConversationService conversationService,
      Visibility visibility, Metrics metrics) {
    this.metrics = metrics;
    this.drafts = drafts;
    this.conversations = conversations;
    this.conversationService = conversationService;
    this.visibility = visibility;
  }

  /** {@code POST /conversations/{id}/drafts {body, note?}} (bots) → 201 the pending draft. */
  void create(RoutingContext ctx) {
    Bot bot = Requests.bot(ctx);
    if (bot == null) {
      throw HubError.forbidden("drafts are suggested by bots; agents reply with POST /conversations/{id}/messages");
    }
    JsonObject body = Requests.body(ctx);
    String text = limited(body, "body", Drafts.MAX_BODY_CHARS, true);
    if (text.isBlank()) {
      throw HubError.invalid("body must not be empty");
    }
    String note = limited(body, "note", Drafts.MAX_NOTE_CHARS, false);
    ConversationScope scope = ctx.get(Requests.SCOPE); // checked against the bot's inboxes by the BotGate
    drafts.create(bot, scope, text, note == null || note.isBlank() ? null : note)
        .onSuccess(d -> Requests.json(ctx, 201, d.toJson()))
        .onFailure(ctx::fail);
  }

  /**
   * {@code GET /conversations/{id}/drafts?status=pending|accepted|edited|dismissed|all} → {@code {drafts}}, newest
   * first: all of them for agents, a bot's own for a bot.
   */
  void list(RoutingContext ctx) {
    long id = Requests.pathId(ctx, "id");
    String status = ctx.request().getParam("status");
    if (status == null || status.isEmpty() || "all".equals(status)) {
      status = null;
    } else if (!STATUSES.contains(status)) {
      throw HubError.invalid("status must be one of pending, accepted, edited, dismissed, all");
    }
    String only = status;
    // a bot sees its own suggestions only: two vendors' bots on one inbox do not read each other's
    Bot bot = Requests.bot(ctx);
    conversations.visible(ctx, id)
        .compose(scope -> drafts.list(id, only))
        .onSuccess(list -> {
          JsonArray out = new JsonArray();
          list.stream().filter(d -> bot == null || d.botId() == bot.id()).forEach(d -> out.add(d.toJson()));
          Requests.json(ctx, 200, new JsonObject().put("drafts", out));
        })
        .onFailure(ctx::fail);
  }

  /**
   * {@code POST /drafts/{id}/accept {body?, expected_last_seq?, force?}} (agents) → 201 the sent message
   * (with {@code draft}). With {@code body} the agent's edit is sent instead (counted as edited when it
   * differs). The collision check is a reply's: 409 {@code conflict} with the newer replies.
   */
  void accept(RoutingContext ctx) {
    Agent me = agentOnly(ctx);
    long id = Requests.pathId(ctx, "id");
    JsonObject body = ctx.body() == null || ctx.body().length() == 0 ? new JsonObject() : Requests.body(ctx);
    String edited = limited(body, "body", Drafts.MAX_BODY_CHARS, false);
    if (edited != null && edited.isBlank()) {
      throw HubError.invalid("body must not be empty; leave it out to send the draft as it is");
    }
    Long expected = ConversationRoutes.expectedLastSeq(body);
    ConversationService.Author author = new ConversationService.Author("agent", me.id(), me.name());
    visibleDraft(me, id)
        .compose(found -> drafts.accept(found.draft(), found.scope(), author, edited, expected))
        .onSuccess(sent -> {
          metrics.messageSent(sent.message().channel());
          Requests.json(ctx, 201, sent.message().toAgentJson().put("draft", new JsonObject()
              .put("id", sent.draft().id()).put("status", sent.draft().status())
              .put("bot", new JsonObject().put("id", sent.draft().botId()).put("name", sent.draft().botName()))));
        })
        .onFailure(e -> ConversationRoutes.failed(ctx, e));
  }

  /** {@code POST /drafts/{id}/dismiss} (agents) → 200 the dismissed draft. */
  void dismiss(RoutingContext ctx) {
    Agent me = agentOnly(ctx);
    long id = Requests.pathId(ctx, "id");
    visibleDraft(me, id)
        .compose(found -> drafts.dismiss(found.draft(), found.scope(), me.id()))
        .onSuccess(d -> Requests.json(ctx, 200, d.toJson()))
        .onFailure(ctx::fail);
  }

  private record Found(Draft draft, ConversationScope scope) {}

  /** The draft and its conversation's scope when the agent may see that conversation; a 404 otherwise. */
  private Future<Found> visibleDraft(Agent me, long id) {
    return drafts.get(id).compose(d -> conversationService.scope(d.conversationId()).map(scope -> {
      if (scope == null || !visibility.sees(me, scope)) {
        throw HubError.notFound("draft " + id);
      }
      return new Found(d, scope);
    }));
  }

  private static Agent agentOnly(RoutingContext ctx) {
    Agent me = Requests.agent(ctx);
    if (me == null) {
      throw HubError.forbidden("only an agent sends or dismisses a draft");
    }
    return me;
  }

  /** A text field whose excess is a 413 saying the limit (a draft is refused whole, never cut). */
  private static String limited(JsonObject body, String field, int max, boolean required) {
    Object v = body.getValue(field);
    if (v instanceof String s && s.length() > max) {
      throw new HubError(413, "too_large", field + " is " + s.length() + " characters; at most " + max
          + " are allowed");
    }
    return Requests.string(body, field, max, required);
  }
}
