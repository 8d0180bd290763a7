package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.bots.Bot;
import dev.switchboard.hub.bots.BotAudit;
import dev.switchboard.hub.bots.BotPolicy;
import dev.switchboard.hub.conversation.ConversationService;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Every request a bot makes passes here, once, before any route: it is written to the audit log
 * (when its answer ends, whatever it was), checked against {@link BotPolicy} (the route and the scope
 * it needs: 403 otherwise) and, for a route naming a conversation, against the bot's inboxes (403
 * when the conversation's inbox is not one of them). The routes then see the bot in the context
 * ({@link Requests#bot}) and the conversation's scope already checked ({@link Requests#SCOPE}).
 */
final class BotGate {

  private final ConversationService conversations;
  private final BotAudit audit;

  BotGate(ConversationService conversations, BotAudit audit) {
    this.conversations = conversations;
    this.audit = audit;
  }

  void handle(RoutingContext ctx, Bot bot) {
    long started = System.nanoTime();
    String method = ctx.request().method().name();
    String path = ctx.request().path();
    ctx.addEndHandler(done -> audit.record(new BotAudit.Entry(bot.id(), method, path,
        ctx.response().getStatusCode(), (int) ((System.nanoTime() - started) / 1_000_000),
        OffsetDateTime.now(ZoneOffset.UTC))));
    ctx.put(Requests.BOT, bot);
    BotPolicy.Rule rule = BotPolicy.rule(method, ctx.normalizedPath());
    if (rule == null) {
      ctx.fail(HubError.forbidden("bots may not call " + method + " " + path + "; it is for agents"));
      return;
    }
    if (!bot.has(rule.scope())) {
      ctx.fail(HubError.forbidden("this bot does not have the " + rule.scope().wire() + " scope"));
      return;
    }
    if (!rule.conversation()) {
      ctx.next();
      return;
    }
    long id;
    try {
      id = BotPolicy.conversationId(rule, ctx.normalizedPath());
    } catch (NumberFormatException e) {
      ctx.fail(HubError.notFound("conversation"));
      return;
    }
    conversations.scope(id).onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
      } else if (done.result() == null) {
        ctx.fail(HubError.notFound("conversation " + id));
      } else if (!bot.serves(done.result().inboxId())) {
        ctx.fail(HubError.forbidden("this bot does not serve the inbox of conversation " + id));
      } else {
        ctx.put(Requests.SCOPE, done.result());
        ctx.next();
      }
    });
  }
}
