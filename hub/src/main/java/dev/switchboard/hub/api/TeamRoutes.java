package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.routing.AutoAssign;
import dev.switchboard.hub.routing.Team;
import dev.switchboard.hub.routing.Teams;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/teams}: every agent lists them (the inbox's team views and pickers); admins
 * create, change and delete them. {@code {name, member_ids, auto_assign}}.
 */
final class TeamRoutes {

  static final int MAX_NAME = 200;
  /** More members (or teams of an agent) than a helpdesk has; bounds one request. */
  static final int MAX_IDS = 1000;
  private static final Set<String> FIELDS = Set.of("name", "member_ids", "auto_assign");

  private final Teams teams;
  private final AutoAssign routing;

  TeamRoutes(Teams teams, AutoAssign routing) {
    this.teams = teams;
    this.routing = routing;
  }

  void list(RoutingContext ctx) {
    teams.list().onSuccess(all -> {
      JsonArray out = new JsonArray();
      all.forEach(t -> out.add(t.toJson()));
      Requests.json(ctx, 200, new JsonObject().put("teams", out));
    }).onFailure(ctx::fail);
  }

  /** {@code POST {name, member_ids?, auto_assign?}}; {@code auto_assign} defaults to true. */
  void create(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    JsonObject body = checked(Requests.body(ctx));
    String name = Requests.string(body, "name", MAX_NAME, true).trim();
    Boolean auto = Requests.bool(body, "auto_assign");
    List<Long> members = ids(body, "member_ids");
    answer(ctx, 201, teams.create(name, auto == null || auto, members == null ? List.of() : members)
        .onSuccess(t -> routing.agentsChanged(t.memberIds())));
  }

  /** {@code PATCH {name?, member_ids?, auto_assign?}}: {@code member_ids} replaces all members. */
  void update(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    long id = Requests.pathId(ctx, "id");
    JsonObject body = checked(Requests.body(ctx));
    if (body.isEmpty()) {
      throw HubError.invalid("give at least one of name, member_ids, auto_assign");
    }
    String name = Requests.string(body, "name", MAX_NAME, body.containsKey("name"));
    if (body.containsKey("auto_assign") && body.getValue("auto_assign") == null) {
      throw HubError.invalid("auto_assign must be true or false");
    }
    List<Long> members = ids(body, "member_ids");
    // members who left and members who joined re-enter routing with their teams as they are now
    Future<List<Long>> before = members == null ? Future.succeededFuture(List.of())
        : teams.get(id).map(t -> t.map(Team::memberIds).orElse(List.of()));
    answer(ctx, 200, before.compose(was -> teams.update(id, name == null ? null : name.trim(),
            Requests.bool(body, "auto_assign"), members)
        .map(found -> found.orElseThrow(() -> HubError.notFound("team " + id)))
        .onSuccess(t -> {
          if (members != null) {
            Set<Long> changed = new LinkedHashSet<>(was);
            changed.addAll(t.memberIds());
            routing.agentsChanged(changed);
          }
        })));
  }

  void delete(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    long id = Requests.pathId(ctx, "id");
    Future<List<Long>> before = teams.get(id).map(t -> t.map(Team::memberIds).orElse(List.of()));
    before.compose(was -> teams.delete(id).onSuccess(existed -> routing.agentsChanged(was))).onSuccess(existed -> {
      if (existed) {
        ctx.response().setStatusCode(204).end();
      } else {
        ctx.fail(HubError.notFound("team " + id));
      }
    }).onFailure(ctx::fail);
  }

  /** A list of distinct positive integer ids, at most {@link #MAX_IDS}; null when absent. */
  static List<Long> ids(JsonObject body, String field) {
    if (!body.containsKey(field)) {
      return null;
    }
    Object v = body.getValue(field);
    if (!(v instanceof JsonArray a) || a.size() > MAX_IDS) {
      throw HubError.invalid(field + " must be a list of at most " + MAX_IDS + " ids");
    }
    Set<Long> out = new LinkedHashSet<>();
    for (Object o : a) {
      if (!(o instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1) {
        throw HubError.invalid(field + " must hold positive integer ids");
      }
      out.add(n.longValue());
    }
    return new ArrayList<>(out);
  }


  private static JsonObject checked(JsonObject body) {
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw HubError.invalid("unknown field '" + field + "'; expected name, member_ids or auto_assign");
      }
    }
    return body;
  }

  private static void answer(RoutingContext ctx, int status, Future<Team> result) {
    result.onSuccess(t -> Requests.json(ctx, status, t.toJson())).onFailure(ctx::fail);
  }
}
