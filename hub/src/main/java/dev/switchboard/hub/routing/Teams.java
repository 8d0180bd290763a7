package dev.switchboard.hub.routing;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.store.PgFailures;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Teams, their members, and agents' capacities (the caller checks who may write). Membership is
 * kept from both sides: a team's {@code member_ids}, an agent's {@code team_ids}.
 */
public final class Teams {

  /** More than a helpdesk keeps; bounds one listing. */
  public static final int MAX_LISTED = 500;

  private final Pool pool;

  public Teams(Pool pool) {
    this.pool = pool;
  }

  public Future<List<Team>> list() {
    return pool.preparedQuery(TeamsSql.LIST).execute(Tuple.of(MAX_LISTED)).map(rows -> {
      List<Team> out = new ArrayList<>();
      rows.forEach(r -> out.add(team(r)));
      return out;
    });
  }

  public Future<Optional<Team>> get(long id) {
    return one(pool, id);
  }

  /** Fails with {@link Refused} for a duplicate name or an unknown member. */
  public Future<Team> create(String name, boolean autoAssign, List<Long> memberIds) {
    return pool.withTransaction(tx -> tx.preparedQuery(TeamsSql.INSERT).execute(Tuple.of(name, autoAssign))
            .compose(rows -> {
              long id = rows.iterator().next().getLong("id");
              return setMembers(tx, id, memberIds).compose(v -> one(tx, id)).map(Optional::orElseThrow);
            }))
        .recover(Teams::refused);
  }

  /** A null field keeps its value ({@code memberIds} replaces all members); empty for an unknown id. */
  public Future<Optional<Team>> update(long id, String name, Boolean autoAssign, List<Long> memberIds) {
    return pool.withTransaction(tx -> tx.preparedQuery(TeamsSql.UPDATE).execute(Tuple.of(id, name, autoAssign))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(Optional.<Team>empty());
              }
              Future<Void> members = memberIds == null ? Future.succeededFuture()
                  : tx.preparedQuery(TeamsSql.CLEAR_MEMBERS).execute(Tuple.of(id))
                      .compose(v -> setMembers(tx, id, memberIds));
              return members.compose(v -> one(tx, id));
            }))
        .recover(Teams::refused);
  }

  /** True when it existed. */
  public Future<Boolean> delete(long id) {
    return pool.preparedQuery(TeamsSql.DELETE).execute(Tuple.of(id)).map(rows -> rows.rowCount() > 0);
  }

  /** An agent's capacity and teams; empty for an unknown agent. */
  public Future<Optional<AgentRouting>> agent(long agentId) {
    return agent(pool, agentId);
  }

  /** Capacity and teams of each of these agents that exists (the agent list shows them to admins). */
  public Future<Map<Long, AgentRouting>> agents(List<Long> agentIds) {
    return pool.preparedQuery(TeamsSql.AGENTS_ROUTING)
        .execute(Tuple.tuple().addArrayOfLong(agentIds.toArray(Long[]::new)))
        .map(rows -> {
          Map<Long, AgentRouting> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getLong("id"), new AgentRouting(r.getInteger("capacity"), ids(r, "team_ids"))));
          return out;
        })
        .recover(PgFailures::recover);
  }

  /**
   * Sets an agent's capacity and/or teams (null keeps them) in one transaction; empty for an
   * unknown agent; fails with {@link Refused} when a team does not exist.
   */
  public Future<Optional<AgentRouting>> updateAgent(long agentId, Integer capacity, List<Long> teamIds) {
    return pool.withTransaction(tx -> agent(tx, agentId).compose(found -> {
          if (found.isEmpty()) {
            return Future.succeededFuture(found);
          }
          Future<Void> cap = capacity == null ? Future.succeededFuture()
              : tx.preparedQuery(TeamsSql.SET_CAPACITY).execute(Tuple.of(agentId, capacity)).mapEmpty();
          Future<Void> teams = teamIds == null ? cap
              : cap.compose(v -> tx.preparedQuery(TeamsSql.CLEAR_AGENT_TEAMS).execute(Tuple.of(agentId)))
                  .compose(v -> tx.preparedQuery(TeamsSql.ADD_AGENT_TEAMS)
                      .execute(Tuple.tuple().addLong(agentId).addArrayOfLong(teamIds.toArray(Long[]::new))).mapEmpty());
          return teams.compose(v -> agent(tx, agentId));
        }))
        .recover(Teams::refused);
  }

  /** Open conversation id → assignee id, from PostgreSQL: what the Redis counts are rebuilt from. */
  public Future<List<long[]>> openAssigned() {
    return pool.query(TeamsSql.OPEN_PER_AGENT).execute().map(rows -> {
      List<long[]> out = new ArrayList<>();
      rows.forEach(r -> out.add(new long[] {r.getLong("id"), r.getLong("assignee_id")}));
      return out;
    });
  }

  /** A conversation waiting in a team's queue since {@code sinceMillis}. */
  public record Waiting(long conversationId, long teamId, long sinceMillis) {}

  /** Most waiting conversations one reconcile requeues. */
  static final int MAX_WAITING = 10_000;

  /** Open, unassigned conversations of auto-assigning inboxes, longest waiting first: what the queues hold. */
  public Future<List<Waiting>> waiting() {
    return pool.preparedQuery(TeamsSql.WAITING).execute(Tuple.of(MAX_WAITING)).map(rows -> {
      List<Waiting> out = new ArrayList<>();
      rows.forEach(r -> out.add(new Waiting(r.getLong("id"), r.getLong("team_id"), r.getLong("since"))));
      return out;
    });
  }

  /** The conversations an agent holds now (not resolved). */
  public Future<List<Long>> heldBy(long agentId) {
    return pool.preparedQuery(TeamsSql.HELD_BY).execute(Tuple.of(agentId)).map(rows -> {
      List<Long> out = new ArrayList<>();
      rows.forEach(r -> out.add(r.getLong("id")));
      return out;
    });
  }

  private static Future<Void> setMembers(SqlClient tx, long teamId, List<Long> memberIds) {
    if (memberIds == null || memberIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(TeamsSql.ADD_MEMBERS).execute(Tuple.tuple().addLong(teamId).addArrayOfLong(memberIds.toArray(Long[]::new)))
        .mapEmpty();
  }

  private static Future<Optional<Team>> one(SqlClient client, long id) {
    return client.preparedQuery(TeamsSql.ONE).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(team(rows.iterator().next())));
  }

  private static Future<Optional<AgentRouting>> agent(SqlClient client, long agentId) {
    return client.preparedQuery(TeamsSql.AGENT_ROUTING).execute(Tuple.of(agentId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      return Optional.of(new AgentRouting(r.getInteger("capacity"), ids(r, "team_ids")));
    });
  }

  private static Team team(Row r) {
    return new Team(r.getLong("id"), r.getString("name"), r.getBoolean("auto_assign"), ids(r, "member_ids"));
  }

  private static List<Long> ids(Row r, String column) {
    Long[] ids = r.getArrayOfLongs(column);
    return ids == null ? List.of() : Arrays.asList(ids);
  }

  private static <T> Future<T> refused(Throwable e) {
    if (e instanceof PgException pg && TeamsSql.FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())) {
      return Future.failedFuture(HubError.invalid(pg.getConstraint() != null && pg.getConstraint().contains("agent")
          ? "an agent in member_ids does not exist" : "a team in team_ids does not exist"));
    }
    if (e instanceof PgException pg && "23505".equals(pg.getSqlState())
        && TeamsSql.UNIQUE_NAME.equals(pg.getConstraint())) {
      return Future.failedFuture(HubError.conflict("a team with this name exists"));
    }
    return PgFailures.recover(e);
  }
}
