package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.agent.AgentService;
import dev.switchboard.hub.bots.Bots;
import dev.switchboard.hub.limits.RateLimiter;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets a request through only with a valid {@code Authorization: Bearer TOKEN}; 401 otherwise. A bot's
 * token ({@link Bots#TOKEN_PREFIX}) makes the caller that bot, and its request goes through the
 * {@link BotGate} (scopes, inboxes, audit) before any route.
 */
final class BearerAuth implements Handler<RoutingContext> {

  /** Requests per token per minute: far above what the inbox does, far below a runaway script. */
  static final int PER_MINUTE = 1200;

  /** Where the caller's token is kept in the context, for logout. */
  static final String TOKEN = "bearer-token";

  private final AgentService agents;
  private final RateLimiter limiter;
  private final Bots bots;
  private final BotGate gate;

  BearerAuth(AgentService agents, RateLimiter limiter, Bots bots, BotGate gate) {
    this.agents = agents;
    this.limiter = limiter;
    this.bots = bots;
    this.gate = gate;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("authorization");
    String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    if (token != null && token.startsWith(Bots.TOKEN_PREFIX)) {
      bot(ctx, token);
      return;
    }
    agents.authenticate(token).onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
      } else if (done.result() == null) {
        ctx.fail(new HubError(401, "unauthorized", "a valid bearer token is required"));
      } else {
        limiter.allow("token:" + done.result().id() + ":" + Integer.toHexString(token.hashCode()), PER_MINUTE, 60)
            .onSuccess(ok -> {
              if (!ok) {
                ctx.fail(new HubError(429, "rate_limited", "too many requests; slow down"));
                return;
              }
              ctx.put(Requests.AGENT, done.result());
              ctx.put(TOKEN, token);
              ctx.next();
            });
      }
    });
  }

  private void bot(RoutingContext ctx, String token) {
    bots.authenticate(token).onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
      } else if (done.result() == null) {
        ctx.fail(new HubError(401, "unauthorized", "a valid bearer token is required"));
      } else {
        limiter.allow("bot:" + done.result().id(), PER_MINUTE, 60).onSuccess(ok -> {
          if (!ok) {
            ctx.fail(new HubError(429, "rate_limited", "too many requests; slow down"));
          } else {
            gate.handle(ctx, done.result());
          }
        });
      }
    });
  }
}
