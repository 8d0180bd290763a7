package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.bots.Bot;
import dev.switchboard.hub.bots.Handoffs;
import dev.switchboard.hub.conversation.Conversation;
import dev.switchboard.hub.conversation.ConversationService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/conversations/{id}/handoff {reason?}}: a bot answering a conversation first
 * (a bot-first inbox) gives it to the humans. The {@link BotGate} has checked the {@code handoff}
 * scope and the bot's inboxes already.
 */
final class HandoffRoutes {

  private final Handoffs handoffs;
  private final ConversationService conversations;

  HandoffRoutes(Handoffs handoffs, ConversationService conversations) {
    this.handoffs = handoffs;
    this.conversations = conversations;
  }

  /**
   * 200 {@code {conversation}} after the hand-off; 409 {@code handed_off} when the humans have it
   * already, 409 {@code not_with_bot} when no bot answers it, 403 when another bot does.
   */
  void handOff(RoutingContext ctx) {
    Bot bot = Requests.bot(ctx);
    if (bot == null) {
      throw HubError.forbidden("only a bot hands a conversation off; assign it to take it over from the bot");
    }
    long id = Requests.pathId(ctx, "id");
    boolean empty = ctx.body() == null || ctx.body().asString() == null || ctx.body().asString().isBlank();
    String given = empty ? null : Requests.string(Requests.body(ctx), "reason", Handoffs.MAX_REASON_CHARS, false);
    String reason = given == null || given.isBlank() ? null : given.strip();
    handoffs.handOff(id, bot.id(), Handoffs.Cause.BOT, reason, new Handoffs.By("bot", bot.id(), bot.name()), true)
        .compose(c -> c != null ? Future.succeededFuture(c) : conversations.get(id).compose(this::refusal))
        .onSuccess(c -> Requests.json(ctx, 200, new JsonObject().put("conversation", c.toJson(false))))
        .onFailure(ctx::fail);
  }

  /** Why nothing was handed off. */
  private Future<Conversation> refusal(Conversation c) {
    if (c == null) {
      return Future.failedFuture(HubError.notFound("conversation"));
    }
    if (c.botId() != null) {
      return Future.failedFuture(HubError.forbidden("another bot answers conversation " + c.id()));
    }
    if (c.handedOffAt() != null) {
      return Future.failedFuture(new HubError(409, "handed_off", "conversation " + c.id()
          + " was handed to a human already, at " + c.handedOffAt().toInstant()));
    }
    return Future.failedFuture(new HubError(409, "not_with_bot", "no bot answers conversation " + c.id()
        + " first (its inbox has no bot_id, or its case began before it had)"));
  }
}
