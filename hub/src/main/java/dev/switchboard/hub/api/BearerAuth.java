package dev.switchboard.hub.api;

import dev.switchboard.hub.agent.AgentService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Lets a request through only with a valid {@code Authorization: Bearer TOKEN}; 401 otherwise. */
final class BearerAuth implements Handler<RoutingContext> {

  private final AgentService agents;

  BearerAuth(AgentService agents) {
    this.agents = agents;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("authorization");
    String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    agents.authenticate(token).onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
      } else if (done.result() == null) {
        ctx.fail(new ApiError(401, "unauthorized", "a valid bearer token is required"));
      } else {
        ctx.put(Requests.AGENT, done.result());
        ctx.next();
      }
    });
  }
}
