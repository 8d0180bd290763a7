package dev.switchboard.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sb_* functions of R__functions.sql, called directly on a freshly migrated database. */
class SqlFunctionsTest {

  static final String APPEND = "select * from sb_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

  static HubConfig config;
  static Vertx vertx;
  static Pool pool;

  @BeforeAll
  static void migrate() throws Exception {
    config = TestHub.config("sqlfunctions");
    vertx = Vertx.vertx();
    await(Database.migrate(vertx, config));
    pool = Database.pool(vertx, config);
  }

  @AfterAll
  static void drop() throws Exception {
    await(pool.close());
    await(vertx.close());
    TestHub.dropAll(config);
  }

  @Test
  void oneIdentityGetsOneCustomerAndOneConversation() throws Exception {
    long first = conversationFor("phone", "+4915100000100", "Ada");
    long again = conversationFor("phone", "+4915100000100", "Someone Else");
    assertEquals(first, again);
    Row customer = one("select c.name, c.phone from customer c join conversation v on v.customer_id = c.id "
        + "where v.id = $1", Tuple.of(first));
    assertEquals("Ada", customer.getString("name"), "a known customer's name is not overwritten");
    assertEquals("+4915100000100", customer.getString("phone"));
  }

  @Test
  void appendsNumberTheTimelineWithoutGaps() throws Exception {
    long conversation = conversationFor("email", "gapfree@example.com", null);
    List<Future<Row>> appends = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      appends.add(append(conversation, "in", "m" + i, null));
    }
    await(Future.all(appends));
    List<Long> seqs = new ArrayList<>();
    for (Row r : all("select seq from message where conversation_id = $1 order by seq", Tuple.of(conversation))) {
      seqs.add(r.getLong("seq"));
    }
    assertEquals(40, seqs.size());
    for (int i = 0; i < seqs.size(); i++) {
      assertEquals(i + 1, seqs.get(i));
    }
    assertEquals(40L, one("select last_seq from conversation where id = $1", Tuple.of(conversation)).getLong(0));
    assertEquals("open", one("select status from conversation where id = $1", Tuple.of(conversation)).getString(0));
  }

  @Test
  void aDuplicateProviderIdReturnsTheFirstMessage() throws Exception {
    long conversation = conversationFor("phone", "+4915100000101", null);
    Row first = await(append(conversation, "in", "hello", "SM-dup-1"));
    Row again = await(append(conversation, "in", "hello again", "SM-dup-1"));
    assertFalse(first.getBoolean("duplicate"));
    assertTrue(again.getBoolean("duplicate"));
    assertEquals(first.getLong("message_id"), again.getLong("message_id"));
    assertEquals(first.getLong("seq"), again.getLong("seq"));
    assertEquals(1L, one("select count(*) from message where conversation_id = $1", Tuple.of(conversation))
        .getLong(0));
  }

  @Test
  void appendingToAMissingConversationRaisesNotFound() {
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(append(-1L, "in", "x", null)));
    assertEquals("P0002", ((PgException) e.getCause()).getSqlState());
  }

  @Test
  void mergeJoinsBothTimelinesRenumberedInOrder() throws Exception {
    long a = conversationFor("phone", "+4915100000102", "A");
    long b = conversationFor("email", "merge-b@example.com", "B");
    // interleaved in time: a1, b1, a2, b2
    await(append(a, "in", "a1", null));
    await(append(b, "in", "b1", null));
    await(append(a, "in", "a2", null));
    await(append(b, "in", "b2", null));
    long target = customerOf(a);
    long other = customerOf(b);

    long merged = one("select sb_merge_customers($1, $2)", Tuple.of(target, other)).getLong(0);

    assertEquals(a, merged, "the target's conversation survives");
    List<String> bodies = new ArrayList<>();
    List<Long> seqs = new ArrayList<>();
    for (Row r : all("select seq, body from message where conversation_id = $1 order by seq", Tuple.of(merged))) {
      seqs.add(r.getLong("seq"));
      bodies.add(r.getString("body"));
    }
    assertEquals(List.of("a1", "b1", "a2", "b2"), bodies);
    assertEquals(List.of(1L, 2L, 3L, 4L), seqs);
    assertEquals(4L, one("select last_seq from conversation where id = $1", Tuple.of(merged)).getLong(0));
    assertEquals(0L, one("select count(*) from conversation where id = $1", Tuple.of(b)).getLong(0));
    assertEquals(merged, conversationFor("email", "merge-b@example.com", null),
        "the other customer's identity now leads to the merged conversation");
    assertEquals(target, one("select merged_into from customer where id = $1", Tuple.of(other)).getLong(0));
    assertEquals(1L, one("select count(*) from support_case where conversation_id = $1 and resolved_at is null",
        Tuple.of(merged)).getLong(0), "one open case");
    Row next = await(append(merged, "in", "after", null));
    assertEquals(5L, next.getLong("seq"));
  }

  @Test
  void mergingACustomerIntoItselfIsRefused() throws Exception {
    long customer = customerOf(conversationFor("phone", "+4915100000103", null));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> one("select sb_merge_customers($1, $2)", Tuple.of(customer, customer)));
    assertNotEquals(null, e.getCause());
    assertEquals("22023", ((PgException) e.getCause()).getSqlState());
  }

  @Test
  void statusRankOnlyMovesForward() throws Exception {
    Row r = one("select sb_status_rank('queued'), sb_status_rank('sent'), sb_status_rank('delivered'), "
        + "sb_status_rank('read'), sb_status_rank('failed'), sb_status_rank('bogus')", Tuple.tuple());
    for (int i = 0; i < 5; i++) {
      assertEquals(i, r.getInteger(i));
    }
    assertEquals(-1, r.getInteger(5));
  }

  private static long conversationFor(String kind, String address, String name) throws Exception {
    return one("select sb_conversation_for($1, $2, $3)", Tuple.of(kind, address, name)).getLong(0);
  }

  private static long customerOf(long conversation) throws Exception {
    return one("select customer_id from conversation where id = $1", Tuple.of(conversation)).getLong(0);
  }

  private static Future<Row> append(long conversation, String direction, String body, String providerId) {
    Tuple t = Tuple.tuple().addLong(conversation).addString(direction).addString("sms").addLong(null)
        .addString("customer").addLong(null).addString(null).addString(body).addString(null)
        .addValue(null).addString(providerId).addString(null).addString(null);
    return pool.preparedQuery(APPEND).execute(t).map(rows -> rows.iterator().next());
  }

  private static Row one(String sql, Tuple args) throws Exception {
    return all(sql, args).get(0);
  }

  private static List<Row> all(String sql, Tuple args) throws Exception {
    List<Row> rows = new ArrayList<>();
    await(pool.preparedQuery(sql).execute(args)).forEach(rows::add);
    return rows;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
