package dev.switchboard.hub.bots;

import dev.switchboard.hub.store.PgFailures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** A bot's stored events by seq (the outbox rows), for its live socket and its catch-up after a reconnect. */
public final class BotEventLog {

  /** One event: its seq and {@code {type, timestamp, data}} exactly as the webhook body is. */
  public record Event(long seq, JsonObject event) {}

  private final Pool pool;

  public BotEventLog(Pool pool) {
    this.pool = pool;
  }

  /** Up to {@code limit} events after {@code seq}, oldest first. */
  public Future<List<Event>> after(long botId, long seq, int limit) {
    return pool.preparedQuery(BotSql.EVENTS_AFTER).execute(Tuple.of(botId, seq, limit)).recover(PgFailures::recover)
        .map(rows -> {
          List<Event> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Event(r.getLong("seq"), new JsonObject(r.getString("body")))));
          return out;
        });
  }

  /** The seq of the bot's latest event (0 when none). */
  public Future<Long> lastSeq(long botId) {
    return pool.preparedQuery(BotSql.LAST_SEQ).execute(Tuple.of(botId)).recover(PgFailures::recover)
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("event_seq"));
  }
}
