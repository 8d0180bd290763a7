package dev.switchboard.hub.macros;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.agent.AgentService;
import dev.switchboard.hub.routing.Teams;
import dev.switchboard.hub.store.PgFailures;
import dev.switchboard.hub.tags.Tags;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The hub's macros: listed and run by every agent, kept by admins (the caller checks who may
 * write). A macro is checked when it is saved — its shape ({@link #actions}) and what it names
 * ({@link #check}: active agents, existing teams, catalogued tags) — and checked again before it runs,
 * since an agent or team may have gone since.
 */
public final class Macros {

  public static final int MAX_NAME = 100;
  public static final int MAX_ACTIONS = 20;
  public static final int MAX_TEXT = 60_000;
  /** A year. */
  public static final int MAX_SNOOZE_MINUTES = 525_600;
  public static final int MAX_TAGS = 50;
  /** More than a helpdesk keeps; bounds one listing. */
  public static final int MAX_LISTED = 500;

  private static final Set<String> STATUSES = Set.of("open", "pending", "resolved");
  private static final Set<String> PRIORITIES = Set.of("none", "low", "medium", "high", "urgent");

  private final Pool pool;
  private final AgentService agents;
  private final Teams teams;
  private final Tags tags;

  public Macros(Pool pool, AgentService agents, Teams teams, Tags tags) {
    this.pool = pool;
    this.agents = agents;
    this.teams = teams;
    this.tags = tags;
  }

  public Future<List<Macro>> list() {
    return pool.preparedQuery(MacroSql.LIST).execute(Tuple.of(MAX_LISTED)).map(Macros::all)
        .recover(PgFailures::recover);
  }

  public Future<Optional<Macro>> get(long id) {
    return pool.preparedQuery(MacroSql.ONE).execute(Tuple.of(id)).map(Macros::one).recover(PgFailures::recover);
  }

  /** After {@link #check}ing what the actions name; a duplicate name is a 400. */
  public Future<Macro> create(String name, List<MacroAction> actions, long createdBy) {
    return check(actions, 400)
        .compose(v -> pool.preparedQuery(MacroSql.INSERT).execute(Tuple.of(name, json(actions), createdBy)))
        .map(rows -> one(rows).orElseThrow())
        .recover(Macros::duplicate);
  }

  /** A null field keeps its value; empty when there is no such macro. */
  public Future<Optional<Macro>> update(long id, String name, List<MacroAction> actions) {
    Future<Void> checked = actions == null ? Future.succeededFuture() : check(actions, 400);
    return checked
        .compose(v -> pool.preparedQuery(MacroSql.UPDATE)
            .execute(Tuple.of(id, name, actions == null ? null : json(actions))))
        .map(Macros::one)
        .recover(Macros::duplicate);
  }

  /** True when it existed. */
  public Future<Boolean> delete(long id) {
    return pool.preparedQuery(MacroSql.DELETE).execute(Tuple.of(id)).map(rows -> rows.rowCount() > 0)
        .recover(PgFailures::recover);
  }

  /**
   * Whether what the actions name still exists: each assigned agent active, each team there, each
   * tag in the catalogue. Fails with {@code status} (400 when saving, 409 when running) and a
   * message naming the first problem.
   */
  public Future<Void> check(List<MacroAction> actions, int status) {
    Set<Long> agentIds = new LinkedHashSet<>();
    Set<Long> teamIds = new LinkedHashSet<>();
    Set<String> tagNames = new LinkedHashSet<>();
    for (MacroAction a : actions) {
      switch (a.type()) {
        case MacroAction.ASSIGN -> {
          if (a.id() != null) {
            agentIds.add(a.id());
          }
        }
        case MacroAction.TEAM -> {
          if (a.id() != null) {
            teamIds.add(a.id());
          }
        }
        case MacroAction.ADD_TAGS, MacroAction.REMOVE_TAGS -> tagNames.addAll(a.tags());
        default -> { }
      }
    }
    String code = status == 409 ? "conflict" : "bad_request";
    String when = status == 409 ? "; edit the macro" : "";
    Future<Void> chain = Future.succeededFuture();
    for (long agentId : agentIds) {
      chain = chain.compose(v -> agents.byId(agentId)).compose(agent -> agent != null && agent.active()
          ? Future.succeededFuture()
          : Future.failedFuture(new HubError(status, code, "assign: there is no active agent " + agentId + when)));
    }
    for (long teamId : teamIds) {
      chain = chain.compose(v -> teams.get(teamId)).compose(team -> team.isPresent() ? Future.succeededFuture()
          : Future.failedFuture(new HubError(status, code, "team: there is no team " + teamId + when)));
    }
    return chain.compose(v -> tags.unknown(List.copyOf(tagNames))).compose(unknown -> unknown.isEmpty()
        ? Future.succeededFuture()
        : Future.failedFuture(new HubError(status, code, "tags not in the tags catalogue: " + String.join(", ", unknown)
            + (status == 409 ? when : "; add them first (POST /api/v1/tags)"))));
  }

  /**
   * The actions of a request body, their shape checked (1–20 of them, each {@code {type, value}} with
   * a value fit for its type); a 400 names the action and the problem.
   */
  public static List<MacroAction> actions(Object raw) {
    if (!(raw instanceof JsonArray list) || list.isEmpty() || list.size() > MAX_ACTIONS) {
      throw HubError.invalid("actions must be a list of 1 to " + MAX_ACTIONS + " actions");
    }
    List<MacroAction> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(action(list.getValue(i), "actions[" + i + "]"));
    }
    return out;
  }

  private static MacroAction action(Object raw, String where) {
    if (!(raw instanceof JsonObject o)) {
      throw HubError.invalid(where + " must be an object {type, value}");
    }
    for (String field : o.fieldNames()) {
      if (!"type".equals(field) && !"value".equals(field)) {
        throw HubError.invalid(where + ": unknown field '" + field + "'; an action is {type, value}");
      }
    }
    Object type = o.getValue("type");
    if (!(type instanceof String t) || !MacroAction.TYPES.contains(t)) {
      throw HubError.invalid(where + ".type must be one of " + String.join(", ", MacroAction.TYPES));
    }
    Object value = o.getValue("value");
    String at = where + " (" + t + ")";
    return new MacroAction(t, switch (t) {
      case MacroAction.REPLY, MacroAction.NOTE -> {
        if (!(value instanceof String s) || s.isBlank() || s.length() > MAX_TEXT) {
          throw HubError.invalid(at + ": value must be a text of 1 to " + MAX_TEXT + " characters");
        }
        yield s;
      }
      case MacroAction.STATUS -> {
        if (!(value instanceof String s) || !STATUSES.contains(s)) {
          throw HubError.invalid(at + ": value must be open, pending or resolved (snoozing is the snooze action)");
        }
        yield s;
      }
      case MacroAction.SNOOZE -> {
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1
            || n.longValue() > MAX_SNOOZE_MINUTES) {
          throw HubError.invalid(at + ": value must be minutes, a whole number from 1 to " + MAX_SNOOZE_MINUTES);
        }
        yield n.intValue();
      }
      case MacroAction.ASSIGN, MacroAction.TEAM -> {
        if (value == null) {
          yield null;
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1) {
          throw HubError.invalid(at + ": value must be " + (MacroAction.ASSIGN.equals(t) ? "an agent" : "a team")
              + " id, or null to clear it");
        }
        yield n.longValue();
      }
      case MacroAction.PRIORITY -> {
        if (!(value instanceof String s) || !PRIORITIES.contains(s)) {
          throw HubError.invalid(at + ": value must be one of none, low, medium, high, urgent");
        }
        yield s;
      }
      default -> { // add_tags, remove_tags
        if (!(value instanceof JsonArray names) || names.isEmpty() || names.size() > MAX_TAGS) {
          throw HubError.invalid(at + ": value must be a list of 1 to " + MAX_TAGS + " tag names");
        }
        Set<String> out = new LinkedHashSet<>();
        names.forEach(n -> out.add(Tags.name(n, at)));
        yield List.copyOf(out);
      }
    });
  }

  /** 1–100 characters, trimmed. */
  public static String name(Object raw) {
    if (!(raw instanceof String s) || s.isBlank()) {
      throw HubError.invalid("name is required: 1 to " + MAX_NAME + " characters");
    }
    String n = s.trim();
    if (n.length() > MAX_NAME) {
      throw HubError.invalid("name is longer than " + MAX_NAME + " characters");
    }
    return n;
  }

  private static JsonArray json(List<MacroAction> actions) {
    JsonArray out = new JsonArray();
    actions.forEach(a -> out.add(a.toJson()));
    return out;
  }

  private static <T> Future<T> duplicate(Throwable e) {
    if (e instanceof PgException pg && "23505".equals(pg.getSqlState()) && MacroSql.UNIQUE_NAME.equals(pg.getConstraint())) {
      return Future.failedFuture(HubError.invalid("name: a macro with this name exists"));
    }
    return PgFailures.recover(e);
  }

  private static List<Macro> all(RowSet<Row> rows) {
    List<Macro> out = new ArrayList<>();
    rows.forEach(r -> out.add(of(r)));
    return out;
  }

  private static Optional<Macro> one(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(of(it.next())) : Optional.empty();
  }

  /** Stored actions were checked when saved: read back with the same rules. */
  private static Macro of(Row r) {
    Object stored = r.getValue("actions");
    return new Macro(r.getLong("id"), r.getString("name"), actions(stored instanceof JsonArray a ? a
        : new JsonArray(String.valueOf(stored))), r.getLong("created_by"), r.getOffsetDateTime("created_at").toInstant(),
        r.getOffsetDateTime("updated_at").toInstant());
  }
}
