package dev.switchboard.hub.bots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningHub;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retention of the bot outbox and audit log, against the real PostgreSQL: delivered (and only
 * stored) events older than 14 days, dead ones and audit entries older than 30 go, in batches;
 * pending events of any age and recent rows stay; one node sweeps per period.
 */
class BotRetentionTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("botretention");

  @Test
  void oldFinishedDeliveriesAndAuditEntriesGoWhilePendingAndRecentOnesStay() throws Exception {
    long bot = bot("keeper");
    long other = bot("neighbour");
    // more old delivered rows than one batch holds: the sweep goes on until none is left
    sql("""
        insert into bot_delivery (bot_id, seq, type, body, status, created_at, delivered_at)
        select $1, n, 'message.created', '{}', 'delivered', now() - interval '15 days', now() - interval '15 days'
          from generate_series(1, $2) n""", bot, BotRetentionSweeper.BATCH * 2 + 500);
    delivery(bot, 3001, "stored", 15);
    delivery(bot, 3002, "delivered", 13);
    delivery(bot, 3003, "dead", 31);
    delivery(bot, 3004, "dead", 20);
    delivery(bot, 3005, "pending", 40);
    delivery(other, 1, "delivered", 1);
    delivery(other, 2, "dead", 29);
    audit(bot, 31);
    audit(bot, 45);
    audit(bot, 29);
    audit(other, 0);

    BotRetentionSweeper.Swept swept = await(node.hub().botRetention().sweep());

    assertEquals(new BotRetentionSweeper.Swept(BotRetentionSweeper.BATCH * 2 + 501, 1, 2), swept);
    assertEquals(List.of(3002L, 3004L, 3005L), seqs(bot));
    assertEquals(List.of(1L, 2L), seqs(other));
    assertEquals(List.of(29L), auditAges(bot));
    assertEquals(List.of(0L), auditAges(other));
    // what is left is what the admin's delivery log shows
    JsonArray log = node.admin().get("/api/v1/bots/" + bot + "/deliveries").json().getJsonArray("deliveries");
    assertEquals(List.of(3005L, 3004L, 3002L), log.stream().map(d -> ((JsonObject) d).getLong("seq")).toList());

    assertEquals(new BotRetentionSweeper.Swept(0, 0, 0), await(node.hub().botRetention().sweep()),
        "a second sweep finds nothing");
  }

  @Test
  void oneNodeSweepsPerPeriod() throws Exception {
    assertTrue(await(node.hub().botRetention().runOnce()), "the first node to ask takes the lease");
    assertFalse(await(node.hub().botRetention().runOnce()), "the lease is held for the period");
  }

  @Test
  void retentionPeriodsComeFromTheEnvironmentAndAreChecked() {
    assertEquals(BotRetention.DEFAULT, BotRetention.fromEnvironment(java.util.Map.of()));
    assertEquals(new BotRetention(7, 60, 90), BotRetention.fromEnvironment(java.util.Map.of(
        "SWITCHBOARD_BOT_DELIVERED_RETENTION_DAYS", "7", "SWITCHBOARD_BOT_DEAD_RETENTION_DAYS", "60",
        "SWITCHBOARD_BOT_AUDIT_RETENTION_DAYS", " 90 ")));
    IllegalArgumentException zero = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> BotRetention.fromEnvironment(java.util.Map.of("SWITCHBOARD_BOT_DEAD_RETENTION_DAYS", "0")));
    assertTrue(zero.getMessage().contains("1 to 36500"), zero.getMessage());
    IllegalArgumentException words = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> BotRetention.fromEnvironment(java.util.Map.of("SWITCHBOARD_BOT_AUDIT_RETENTION_DAYS", "a month")));
    assertTrue(words.getMessage().contains("SWITCHBOARD_BOT_AUDIT_RETENTION_DAYS"), words.getMessage());
  }

  /** A bot with no webhook URL: nothing tries to send its rows while the test runs. */
  private static long bot(String name) {
    Reply r = node.admin().post("/api/v1/bots", new JsonObject().put("name", name)
        .put("scopes", new JsonArray().add("read")).put("inbox_ids", new JsonArray()));
    assertEquals(201, r.status(), r.text());
    return r.json().getLong("id");
  }

  private static void delivery(long bot, long seq, String status, int daysOld) throws Exception {
    sql("""
        insert into bot_delivery (bot_id, seq, type, body, status, created_at, next_attempt_at)
        values ($1, $2, 'message.created', '{}', $3, now() - make_interval(days => $4),
                case when $3 = 'pending' then now() + interval '1 hour' end)""", bot, seq, status, daysOld);
  }

  private static void audit(long bot, int daysOld) throws Exception {
    sql("""
        insert into bot_audit (bot_id, method, path, status, duration_ms, at)
        values ($1, 'GET', '/api/v1/conversations', 200, 3, now() - make_interval(days => $2))""", bot, daysOld);
  }

  private static List<Long> seqs(long bot) throws Exception {
    List<Long> out = new ArrayList<>();
    for (Row r : sql("select seq from bot_delivery where bot_id = $1 order by seq", bot)) {
      out.add(r.getLong("seq"));
    }
    return out;
  }

  private static List<Long> auditAges(long bot) throws Exception {
    List<Long> out = new ArrayList<>();
    for (Row r : sql("select extract(day from now() - at)::bigint as d from bot_audit where bot_id = $1 order by at",
        bot)) {
      out.add(r.getLong("d"));
    }
    return out;
  }

  private static RowSet<Row> sql(String statement, Object... args) throws Exception {
    return await(node.hub().pool().preparedQuery(statement).execute(Tuple.from(args)));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
