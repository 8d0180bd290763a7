package dev.switchboard.hub.notify;

import dev.switchboard.hub.store.PgFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Agents' notifications: written by {@link Notifier}, read and marked by the agent they are for. */
public final class Notifications {

  /** The start of a note kept with its mention, as lists show message previews. */
  static final int PREVIEW_CHARS = 280;

  private final Pool pool;

  public Notifications(Pool pool) {
    this.pool = pool;
  }

  /** Mentions of {@code agentIds} in note {@code messageId}; returns those stored now (not before). */
  public Future<List<Notification>> mentioned(List<Long> agentIds, long conversationId, long messageId, Long actorId,
      String actorName, String note) {
    if (agentIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String preview = note.length() > PREVIEW_CHARS ? note.substring(0, PREVIEW_CHARS) : note;
    return pool.preparedQuery(NotifySql.INSERT_MENTIONS)
        .execute(Tuple.of(agentIds.toArray(Long[]::new), conversationId, messageId, actorId, actorName, preview))
        .map(Notifications::all);
  }

  public Future<Notification> assigned(long agentId, long conversationId, Long actorId, String actorName) {
    return pool.preparedQuery(NotifySql.INSERT_ASSIGNED)
        .execute(Tuple.of(agentId, conversationId, actorId, actorName))
        .map(rows -> all(rows).get(0));
  }

  /** The conversation the agent holds woke from its snooze. */
  public Future<Notification> snoozeEnded(long agentId, long conversationId) {
    return pool.preparedQuery(NotifySql.INSERT_SNOOZE_ENDED).execute(Tuple.of(agentId, conversationId))
        .map(rows -> all(rows).get(0));
  }

  /** The agent's newest {@code limit} (unread ones only with {@code unreadOnly}). */
  public Future<List<Notification>> list(long agentId, boolean unreadOnly, int limit) {
    return pool.preparedQuery(NotifySql.LIST).execute(Tuple.of(agentId, unreadOnly, limit)).map(Notifications::all)
        .recover(PgFailures::recover);
  }

  public Future<Integer> unread(long agentId) {
    return pool.preparedQuery(NotifySql.UNREAD).execute(Tuple.of(agentId))
        .map(rows -> rows.iterator().next().getLong("unread").intValue())
        .recover(PgFailures::recover);
  }

  /** Marks those of {@code ids} that are the agent's; returns how many changed. */
  public Future<Integer> markRead(long agentId, List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return pool.preparedQuery(NotifySql.MARK_READ).execute(Tuple.tuple().addLong(agentId).addArrayOfLong(ids.toArray(Long[]::new)))
        .map(RowSet::rowCount)
        .recover(PgFailures::recover);
  }

  private static List<Notification> all(RowSet<Row> rows) {
    List<Notification> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(new Notification(r.getLong("id"), r.getLong("agent_id"), r.getString("kind"),
        r.getLong("conversation_id"), r.getLong("message_id"), r.getLong("actor_id"), r.getString("actor_name"),
        r.getString("preview"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("read_at"))));
    return out;
  }
}
