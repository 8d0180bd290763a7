package dev.switchboard.hub.api;

import dev.switchboard.hub.agent.Agent;
import dev.switchboard.hub.agent.AgentService;
import dev.switchboard.hub.limits.ClientAddress;
import dev.switchboard.hub.limits.RateLimiter;
import dev.switchboard.hub.presence.PresenceService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/** Login, the current agent, the team list with presence, and creating agents (admins). */
final class AgentRoutes {

  /** Login attempts per address and email in 5 minutes: slows password guessing to a crawl. */
  static final int LOGINS_PER_WINDOW = 10;

  private final AgentService agents;
  private final PresenceService presence;
  private final RateLimiter limiter;
  private final ClientAddress addresses;

  AgentRoutes(AgentService agents, PresenceService presence, RateLimiter limiter, ClientAddress addresses) {
    this.agents = agents;
    this.presence = presence;
    this.limiter = limiter;
    this.addresses = addresses;
  }

  void login(RoutingContext ctx) {
    JsonObject body = Requests.body(ctx);
    String email = Requests.string(body, "email", 320, true);
    String password = Requests.string(body, "password", 1000, true);
    String who = addresses.of(ctx.request()) + ":" + email.trim().toLowerCase(java.util.Locale.ROOT);
    limiter.allow("login:" + who, LOGINS_PER_WINDOW, 300)
        .compose(ok -> {
          if (!ok) {
            throw new ApiError(429, "rate_limited", "too many login attempts; wait a few minutes");
          }
          return agents.login(email, password);
        })
        .compose(token -> {
          if (token == null) {
            throw new ApiError(401, "invalid_login", "wrong email or password");
          }
          return agents.authenticate(token).map(agent -> new JsonObject().put("token", token)
              .put("agent", agent.toJson()));
        })
        .onSuccess(reply -> Requests.json(ctx, 200, reply))
        .onFailure(ctx::fail);
  }

  void me(RoutingContext ctx) {
    Agent me = Requests.agent(ctx);
    presence.agentStatuses(List.of(me.id()))
        .onSuccess(s -> Requests.json(ctx, 200, me.toJson().put("presence", s.get(me.id()))))
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    agents.list()
        .compose(list -> presence.agentStatuses(list.stream().map(Agent::id).toList()).map(statuses -> {
          JsonArray out = new JsonArray();
          list.forEach(a -> out.add(a.toJson().put("presence", statuses.get(a.id()))));
          return new JsonObject().put("agents", out);
        }))
        .onSuccess(reply -> Requests.json(ctx, 200, reply))
        .onFailure(ctx::fail);
  }

  void create(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    JsonObject body = Requests.body(ctx);
    String email = Requests.string(body, "email", 320, true);
    String name = Requests.string(body, "name", 200, true);
    String password = Requests.string(body, "password", 1000, true);
    String role = body.containsKey("role") ? Requests.string(body, "role", 20, true) : "agent";
    if (!email.contains("@")) {
      throw ApiError.badRequest("email must be an email address");
    }
    if (password.length() < 8) {
      throw ApiError.badRequest("password must have at least 8 characters");
    }
    if (!Set.of("admin", "agent").contains(role)) {
      throw ApiError.badRequest("role must be admin or agent");
    }
    agents.create(email, name.trim(), password, role)
        .onSuccess(a -> Requests.json(ctx, 201, a.toJson()))
        .onFailure(ctx::fail);
  }

  void setPresence(RoutingContext ctx) {
    String status = Requests.string(Requests.body(ctx), "status", 20, true);
    if (!Set.of("online", "away").contains(status)) {
      throw ApiError.badRequest("status must be online or away");
    }
    presence.agentHeartbeat(Requests.agent(ctx).id(), status)
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }
}
