package dev.switchboard.hub.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.InboundMessage;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.TestHub;
import dev.switchboard.hub.events.Publisher;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The append transaction against the real PostgreSQL, driven from two hub nodes at once. */
class AppendMessageTest {

  /** Records nothing: these tests look at what was committed. */
  static final Publisher SILENT = Publisher.NOBODY;

  static HubConfig config;
  static Hub nodeA;
  static Hub nodeB;
  static ConversationService onA;
  static ConversationService onB;

  @BeforeAll
  static void start() {
    config = TestHub.config("append");
    nodeA = TestHub.start(config);
    nodeB = TestHub.start(TestHub.secondNode(config));
    onA = new ConversationService(nodeA.vertx(), nodeA.pool(), SILENT);
    onB = new ConversationService(nodeB.vertx(), nodeB.pool(), SILENT);
  }

  @AfterAll
  static void stop() {
    TestHub.stop(nodeA);
    TestHub.stop(nodeB);
    TestHub.dropAll(config);
  }

  @Test
  void concurrentMessagesFromTwoNodesGetGapFreeUniqueSeqs() throws Exception {
    Identity phone = new Identity(Identity.PHONE, "+4915100000001");
    List<Future<Appended>> all = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ConversationService node = i % 2 == 0 ? onA : onB;
      all.add(node.receive(InboundMessage.text("1", "sms", phone, "message " + i, "SM" + i)));
    }
    Future.all(all).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

    Set<Long> conversations = new HashSet<>();
    Set<Long> seqs = new HashSet<>();
    for (Future<Appended> f : all) {
      conversations.add(f.result().message().conversationId());
      seqs.add(f.result().message().seq());
    }
    assertEquals(1, conversations.size(), "one customer, one conversation");
    assertEquals(200, seqs.size(), "no two messages share a seq");
    List<Row> rows = query("select seq from message where conversation_id = " + conversations.iterator().next()
        + " order by seq");
    assertEquals(200, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(i + 1, rows.get(i).getLong("seq"), "seq has no gaps");
    }
    assertEquals(1L, query("select count(*) as n from customer c join identity i on i.customer_id = c.id "
        + "where i.address = '+4915100000001'").get(0).getLong("n"));
  }

  @Test
  void aRetriedProviderIdIsStoredOnceAndAnsweredWithTheFirstMessage() throws Exception {
    Identity email = Identity.email("Retry@Example.com");
    List<Future<Appended>> attempts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ConversationService node = i % 2 == 0 ? onA : onB;
      attempts.add(node.receive(InboundMessage.text("1", "email", email, "same mail", "<id-1@example.com>")));
    }
    Future.all(attempts).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    long ids = attempts.stream().map(f -> f.result().message().id()).distinct().count();
    long originals = attempts.stream().filter(f -> !f.result().duplicate()).count();
    assertEquals(1, ids, "every retry is answered with the same message");
    assertEquals(1, originals, "exactly one attempt stored it");
    assertEquals(1L, query("select count(*) as n from message where provider_id = '<id-1@example.com>'")
        .get(0).getLong("n"));
    long conversation = attempts.get(0).result().message().conversationId();
    assertEquals(1L, query("select last_seq from conversation where id = " + conversation).get(0)
        .getLong("last_seq"), "a duplicate takes no seq");
  }

  @Test
  void aMessageAfterResolutionReopensTheConversationWithANewCase() throws Exception {
    Identity visitor = new Identity(Identity.WEB_VISITOR, "visitor-reopen");
    Appended first = await(onA.receive(InboundMessage.text("1", "web", visitor, "hi", null)));
    long id = first.message().conversationId();
    await(onA.update(id, new ConversationService.Patch("resolved", false, null, null, null)));
    Appended again = await(onB.receive(InboundMessage.text("1", "web", visitor, "one more thing", null)));

    assertTrue(again.statusChanged());
    assertEquals("open", await(onA.get(id)).status());
    List<Row> cases = query("select resolved_at from support_case where conversation_id = " + id + " order by id");
    assertEquals(2, cases.size(), "the resolved case and a new one");
    assertTrue(cases.get(0).getValue("resolved_at") != null && cases.get(1).getValue("resolved_at") == null);
  }

  @Test
  void notesAreHiddenFromTheCustomerView() throws Exception {
    Identity visitor = new Identity(Identity.WEB_VISITOR, "visitor-notes");
    long id = await(onA.receive(InboundMessage.text("1", "web", visitor, "question", null))).message()
        .conversationId();
    ConversationService.Author agent = new ConversationService.Author("agent", null, "Sam");
    await(onA.reply(id, agent, "internal: VIP", null, true));
    await(onA.reply(id, agent, "answer", null, false));

    List<String> customer = await(onB.messages(id, 0, 100, true)).stream().map(Message::body).toList();
    List<String> agents = await(onB.messages(id, 0, 100, false)).stream().map(Message::body).toList();
    assertEquals(List.of("question", "answer"), customer);
    assertEquals(List.of("question", "internal: VIP", "answer"), agents);
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static List<Row> query(String sql) throws Exception {
    List<Row> out = new ArrayList<>();
    await(nodeA.pool().query(sql).execute()).forEach(out::add);
    return out;
  }
}
