package dev.switchboard.hub.inbox;

import dev.switchboard.hub.store.PgFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which agents work which inbox ({@code inbox_member}). An inbox without members is open to all. */
public final class InboxMembers {

  private final Pool pool;

  public InboxMembers(Pool pool) {
    this.pool = pool;
  }

  /** The ids among these that are no agent. */
  public Future<List<Long>> unknownAgents(Collection<Long> agentIds) {
    if (agentIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(InboxSql.UNKNOWN_AGENTS)
        .execute(Tuple.tuple().addArrayOfLong(agentIds.toArray(Long[]::new)))
        .map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getLong("id")));
          return out;
        })
        .recover(PgFailures::recover);
  }

  /** Replaces an inbox's members, in one transaction. */
  public Future<Void> set(long inboxId, Collection<Long> agentIds) {
    return pool.withTransaction(tx -> tx.preparedQuery(InboxSql.DELETE_MEMBERS)
        .execute(Tuple.of(inboxId))
        .compose(v -> tx.preparedQuery(InboxSql.INSERT_MEMBERS)
            .execute(Tuple.of(inboxId).addArrayOfLong(agentIds.toArray(Long[]::new))))
        .<Void>mapEmpty())
        .recover(PgFailures::recover);
  }

  /** Members per inbox, for these inboxes (each present, empty when open to all). */
  public Future<Map<Long, List<Long>>> of(Collection<Long> inboxIds) {
    return pool.preparedQuery(InboxSql.MEMBERS_OF)
        .execute(Tuple.tuple().addArrayOfLong(inboxIds.toArray(Long[]::new)))
        .map(rows -> {
          Map<Long, List<Long>> out = new HashMap<>();
          inboxIds.forEach(id -> out.put(id, new ArrayList<>()));
          rows.forEach(r -> out.get(r.getLong("inbox_id")).add(r.getLong("agent_id")));
          return out;
        })
        .recover(PgFailures::recover);
  }

  /** Every inbox that has members, with them. */
  public Future<Map<Long, Set<Long>>> all() {
    return pool.query(InboxSql.ALL_MEMBERS).execute().map(rows -> {
      Map<Long, Set<Long>> out = new HashMap<>();
      rows.forEach(r -> out.computeIfAbsent(r.getLong("inbox_id"), k -> new HashSet<>()).add(r.getLong("agent_id")));
      return out;
    });
  }
}
