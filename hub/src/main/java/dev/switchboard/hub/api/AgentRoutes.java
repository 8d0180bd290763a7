package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.agent.Agent;
import dev.switchboard.hub.agent.AgentChanges;
import dev.switchboard.hub.agent.AgentService;
import dev.switchboard.hub.limits.ClientAddress;
import dev.switchboard.hub.limits.RateLimiter;
import dev.switchboard.hub.presence.PresenceService;
import dev.switchboard.hub.routing.AgentRouting;
import dev.switchboard.hub.routing.AutoAssign;
import dev.switchboard.hub.routing.Teams;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Login and logout, the current agent, the team list with presence, and managing agents (admins). */
final class AgentRoutes {

  /** Fields of {@code PATCH /api/v1/agents/{id}}. */
  private static final Set<String> PATCHABLE = Set.of("name", "role", "active", "capacity", "team_ids");
  /** Fields of {@code PATCH /api/v1/me}. */
  private static final Set<String> ME_PATCHABLE = Set.of("name", "current_password", "password");
  private static final int MAX_CAPACITY = 1000;
  private static final int MIN_PASSWORD = 8;

  private final AgentService agents;
  private final PresenceService presence;
  private final LoginLimits limits;
  private final ClientAddress addresses;
  private final Teams teams;
  private final AutoAssign routing;

  AgentRoutes(AgentService agents, PresenceService presence, RateLimiter limiter, ClientAddress addresses,
      Teams teams, AutoAssign routing) {
    this.agents = agents;
    this.teams = teams;
    this.routing = routing;
    this.presence = presence;
    this.limits = new LoginLimits(limiter);
    this.addresses = addresses;
  }

  void login(RoutingContext ctx) {
    JsonObject body = Requests.body(ctx);
    String email = Requests.string(body, "email", 320, true);
    String password = Requests.string(body, "password", 1000, true);
    String address = addresses.of(ctx.request());
    limits.admit(address, email.trim().toLowerCase(Locale.ROOT))
        .compose(ok -> {
          if (!ok) {
            ctx.response().putHeader("retry-after", String.valueOf(LoginLimits.WINDOW_SECONDS));
            throw new HubError(429, "rate_limited", "too many login attempts; wait a few minutes");
          }
          return agents.login(email, password);
        })
        .compose(token -> {
          if (token == null) {
            throw new HubError(401, "invalid_login", "wrong email or password");
          }
          return limits.succeeded(address).compose(v -> agents.authenticate(token))
              .map(agent -> new JsonObject().put("token", token).put("agent", agent.toJson()));
        })
        .onSuccess(reply -> Requests.json(ctx, 200, reply))
        .onFailure(ctx::fail);
  }

  /** Revokes the token of this request: it is refused at once on every node, its sockets close. */
  void logout(RoutingContext ctx) {
    agents.logout(ctx.get(BearerAuth.TOKEN))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** The caller, with presence, capacity and teams (the profile page shows them). */
  void me(RoutingContext ctx) {
    Agent me = Requests.agent(ctx);
    presence.agentStatuses(List.of(me.id()))
        .compose(s -> withRouting(List.of(me.toJson().put("presence", s.get(me.id())))))
        .onSuccess(list -> Requests.json(ctx, 200, list.get(0)))
        .onFailure(ctx::fail);
  }

  /**
   * {@code PATCH /api/v1/me {name?, current_password?, password?}}: the caller's own name, and their
   * password when they give the current one. A password change ends their other sessions. Password
   * checks count against the login limits: a stolen token guesses no faster than the login form.
   */
  void updateMe(RoutingContext ctx) {
    Agent me = Requests.agent(ctx);
    JsonObject body = Requests.body(ctx);
    for (String field : body.fieldNames()) {
      if (!ME_PATCHABLE.contains(field)) {
        throw HubError.invalid("unknown field '" + field + "'; expected name, current_password or password");
      }
    }
    String name = Requests.string(body, "name", 200, body.containsKey("name"));
    String password = Requests.string(body, "password", 1000, body.containsKey("password"));
    String current = Requests.string(body, "current_password", 1000, password != null);
    if (name == null && password == null) {
      throw HubError.invalid("give name, or password with current_password");
    }
    if (password != null && password.length() < MIN_PASSWORD) {
      throw HubError.invalid("password must have at least " + MIN_PASSWORD + " characters");
    }
    String address = addresses.of(ctx.request());
    Future<Void> passwordChanged = password == null ? Future.succeededFuture()
        : limits.admit(address, me.email())
            .compose(ok -> {
              if (!ok) {
                ctx.response().putHeader("retry-after", String.valueOf(LoginLimits.WINDOW_SECONDS));
                throw new HubError(429, "rate_limited", "too many password attempts; wait a few minutes");
              }
              return agents.changePassword(me.id(), ctx.get(BearerAuth.TOKEN), current, password);
            })
            .map(ok -> {
              if (!ok) {
                throw new HubError(400, "wrong_password", "current_password is not your password");
              }
              return null;
            });
    passwordChanged
        .compose(v -> name == null ? Future.succeededFuture(me)
            : agents.update(me.id(), me.id(), new AgentChanges(name.trim(), null, null)))
        .compose(a -> withRouting(List.of(a.toJson())))
        .onSuccess(list -> Requests.json(ctx, 200, list.get(0)))
        .onFailure(ctx::fail);
  }

  /** Adds each agent's {@code capacity} and {@code team_ids}. */
  private Future<List<JsonObject>> withRouting(List<JsonObject> list) {
    return teams.agents(list.stream().map(a -> a.getLong("id")).toList()).map(routing -> {
      list.forEach(a -> {
        AgentRouting r = routing.get(a.getLong("id"));
        if (r != null) {
          a.put("capacity", r.capacity()).put("team_ids", new JsonArray(List.copyOf(r.teamIds())));
        }
      });
      return list;
    });
  }

  /** Active agents; admins may ask for the deactivated ones too with {@code include_inactive=true}. */
  void list(RoutingContext ctx) {
    String inactive = ctx.request().getParam("include_inactive");
    if (inactive != null && !Set.of("true", "false").contains(inactive)) {
      throw HubError.invalid("include_inactive must be true or false");
    }
    boolean withInactive = "true".equals(inactive);
    if (withInactive) {
      Requests.requireAdmin(ctx);
    }
    agents.list(withInactive)
        .compose(list -> presence.agentStatuses(list.stream().map(Agent::id).toList())
            .compose(statuses -> withRouting(list.stream()
                .map(a -> a.toJson().put("presence", statuses.get(a.id()))).toList())))
        .map(list -> new JsonObject().put("agents", new JsonArray(list)))
        .onSuccess(reply -> Requests.json(ctx, 200, reply))
        .onFailure(ctx::fail);
  }

  /**
   * {@code POST {email, name, password?, role?}}. Without {@code password} the hub generates a strong
   * one and answers it once, as {@code password} in the 201, for the admin to hand over.
   */
  void create(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    JsonObject body = Requests.body(ctx);
    String email = Requests.string(body, "email", 320, true);
    String name = Requests.string(body, "name", 200, true);
    boolean generated = body.getValue("password") == null;
    String password = generated ? AgentService.generatedPassword() : Requests.string(body, "password", 1000, true);
    String role = body.containsKey("role") ? Requests.string(body, "role", 20, true) : "agent";
    if (!email.contains("@")) {
      throw HubError.invalid("email must be an email address");
    }
    if (password.length() < MIN_PASSWORD) {
      throw HubError.invalid("password must have at least " + MIN_PASSWORD + " characters");
    }
    if (!Set.of("admin", "agent").contains(role)) {
      throw HubError.invalid("role must be admin or agent");
    }
    agents.create(email, name.trim(), password, role)
        .onSuccess(a -> Requests.json(ctx, 201, generated ? a.toJson().put("password", password) : a.toJson()))
        .onFailure(ctx::fail);
  }

  /**
   * {@code {name?, role?, active?, capacity?, team_ids?}}; {@code active:false} ends all the agent's
   * tokens and sockets at once. An admin cannot deactivate themselves, nor remove the last active
   * admin (409). {@code capacity} (0–1000) and {@code team_ids} (existing teams, replacing the
   * agent's) are routing's; they are written after the other fields, in their own transaction.
   */
  void update(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    long id = Requests.pathId(ctx, "id");
    JsonObject body = Requests.body(ctx);
    for (String field : body.fieldNames()) {
      if (!PATCHABLE.contains(field)) {
        throw HubError.invalid("unknown field '" + field + "'; expected name, role, active, capacity or team_ids");
      }
    }
    if (body.isEmpty()) {
      throw HubError.invalid("give at least one of name, role, active, capacity, team_ids");
    }
    Integer capacity = capacity(body);
    List<Long> teamIds = TeamRoutes.ids(body, "team_ids");
    String name = Requests.string(body, "name", 200, body.containsKey("name"));
    String role = Requests.string(body, "role", 20, body.containsKey("role"));
    if (role != null && !Set.of("admin", "agent").contains(role)) {
      throw HubError.invalid("role must be admin or agent");
    }
    if (body.containsKey("active") && body.getValue("active") == null) {
      throw HubError.invalid("active must be true or false");
    }
    Boolean active = Requests.bool(body, "active");
    boolean agentFields = name != null || role != null || active != null;
    boolean routingFields = capacity != null || teamIds != null;
    knownTeams(teamIds)
        .compose(v -> agentFields
            ? agents.update(Requests.agent(ctx).id(), id, new AgentChanges(name == null ? null : name.trim(), role, active))
            : agents.byId(id))
        .compose(a -> {
          if (a == null) {
            throw HubError.notFound("agent " + id);
          }
          Future<Optional<AgentRouting>> r = routingFields ? teams.updateAgent(id, capacity, teamIds) : teams.agent(id);
          return r.map(found -> found.map(x -> a.toJson().put("capacity", x.capacity())
                  .put("team_ids", new JsonArray(List.copyOf(x.teamIds()))))
              .orElseThrow(() -> HubError.notFound("agent " + id)));
        })
        .onSuccess(json -> {
          Requests.json(ctx, 200, json);
          if (routingFields) {
            routing.agentsChanged(List.of(id));
          }
        })
        .onFailure(ctx::fail);
  }

  /** An integer from 0 to 1000, or null when absent. */
  private static Integer capacity(JsonObject body) {
    if (!body.containsKey("capacity")) {
      return null;
    }
    Object v = body.getValue("capacity");
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
        || n.doubleValue() < 0 || n.doubleValue() > MAX_CAPACITY) {
      throw HubError.invalid("capacity must be an integer from 0 to " + MAX_CAPACITY);
    }
    return n.intValue();
  }

  /** Fails with 400 when a team in {@code teamIds} does not exist, before anything is written. */
  private Future<Void> knownTeams(List<Long> teamIds) {
    if (teamIds == null || teamIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return teams.list().map(all -> {
      Set<Long> known = new java.util.HashSet<>();
      all.forEach(t -> known.add(t.id()));
      for (Long t : teamIds) {
        if (!known.contains(t)) {
          throw HubError.invalid("team " + t + " does not exist");
        }
      }
      return null;
    });
  }

  void setPresence(RoutingContext ctx) {
    String status = Requests.string(Requests.body(ctx), "status", 20, true);
    if (!Set.of("online", "away").contains(status)) {
      throw HubError.invalid("status must be online or away");
    }
    presence.agentHeartbeat(Requests.agent(ctx).id(), status)
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }
}
