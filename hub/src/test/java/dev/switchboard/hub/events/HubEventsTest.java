package dev.switchboard.hub.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningNodes;
import dev.switchboard.hub.WsClient;
import dev.switchboard.hub.conversation.ConversationService;
import dev.switchboard.hub.delivery.Receipts;
import dev.switchboard.hub.events.HubEvent.AgentPresence;
import dev.switchboard.hub.events.HubEvent.ConversationChanged;
import dev.switchboard.hub.events.HubEvent.CustomerMerged;
import dev.switchboard.hub.events.HubEvent.CustomerPresence;
import dev.switchboard.hub.events.HubEvent.MessageAppended;
import dev.switchboard.hub.events.HubEvent.MessageStatusChanged;
import dev.switchboard.hub.events.HubEvent.Typing;
import dev.switchboard.hub.events.HubEvent.Viewing;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A feature that only listens to {@link HubEvents} hears everything that happens, on whichever node
 * it happened, once per change: the contract routing, bots and reports will build on.
 */
class HubEventsTest {

  @RegisterExtension
  static final RunningNodes nodes = new RunningNodes("hubevents");

  static long inbox;
  static final List<HubEvent> heardOnA = new CopyOnWriteArrayList<>();
  static final List<HubEvent> heardOnB = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    nodes.a().events().listen(heardOnA::add);
    nodes.b().events().listen(heardOnB::add);
    inbox = ApiClient.admin(nodes.configA()).webInbox("Website");
  }

  @Test
  void aListenerOnEitherNodeHearsEveryKindOfEventOncePerChange() throws Exception {
    ApiClient adminOnB = ApiClient.admin(nodes.b().config());
    String widgetA = "ws://localhost:" + nodes.configA().httpPort() + "/ws/widget?inbox=" + inbox;
    long conversation;
    long customer;
    long otherCustomer;
    try (WsClient agent = WsClient.connect("ws://localhost:" + nodes.b().config().httpPort() + "/ws/agent?token="
            + adminOnB.token());
         WsClient visitor = WsClient.connect(widgetA);
         WsClient other = WsClient.connect(widgetA)) {
      agent.awaitType("hello");
      visitor.awaitType("hello");
      other.awaitType("hello");

      // message appended (and the new conversation changed), on node A
      visitor.send(new JsonObject().put("type", "message").put("client_id", "1").put("body", "first"));
      long first = visitor.awaitType("ack").getLong("id");
      conversation = visitor.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
          .getLong("conversation_id");
      long c = conversation;
      assertOncePerNode(MessageAppended.class, e -> e.message().id() == first);
      MessageAppended appended = one(heardOnB, MessageAppended.class, e -> e.message().id() == first);
      assertEquals(conversation, appended.scope().conversationId());
      assertEquals(inbox, appended.scope().inboxId(), "events say which inbox decides who sees them");
      assertEquals("first", appended.message().body(), "the record crosses nodes whole");
      assertOncePerNode(ConversationChanged.class, e -> e.conversation().id() == c && e.conversation().lastSeq() == 1);

      // conversation changed by an agent, on node B
      assertEquals(200, adminOnB.patch("/api/v1/conversations/" + conversation,
          new JsonObject().put("priority", "high")).status());
      assertOncePerNode(ConversationChanged.class, e -> e.conversation().id() == c
          && "high".equals(e.conversation().priority()));

      // a reply, then its delivery status moving, on node A
      long reply = adminOnB.post("/api/v1/conversations/" + conversation + "/messages",
          new JsonObject().put("body", "hello")).json().getLong("id");
      assertOncePerNode(MessageAppended.class, e -> e.message().id() == reply);
      Receipts receipts = new Receipts(nodes.a().vertx(), nodes.a().pool(),
          new ConversationService(nodes.a().vertx(), nodes.a().pool(), nodes.a().events()), nodes.a().events());
      receipts.apply(new DeliveryReceipt(reply, null, "delivered", null)).toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      assertOncePerNode(MessageStatusChanged.class, e -> e.message().id() == reply
          && "delivered".equals(e.message().status()));

      // presence: the agent connected on B; the visitor came online on A
      assertTrue(count(heardOnA, AgentPresence.class, e -> "online".equals(e.status())) >= 1);
      assertTrue(count(heardOnB, AgentPresence.class, e -> "online".equals(e.status())) >= 1);
      assertOncePerNode(CustomerPresence.class, e -> e.scope().conversationId() == c);

      // viewing and typing, both ways
      agent.send(new JsonObject().put("type", "viewing").put("conversation_id", conversation).put("state", true));
      assertOncePerNode(Viewing.class, e -> e.scope().conversationId() == c && e.state());
      visitor.send(new JsonObject().put("type", "typing").put("state", true));
      assertOncePerNode(Typing.class, e -> e.conversationId() == c && e.byCustomer() && e.state());
      agent.send(new JsonObject().put("type", "typing").put("conversation_id", conversation).put("state", true));
      assertOncePerNode(Typing.class, e -> e.conversationId() == c && !e.byCustomer() && e.state());

      // customer merged: a second visitor's customer into the first
      other.send(new JsonObject().put("type", "message").put("client_id", "1").put("body", "me again"));
      other.awaitType("ack");
      long otherConversation = other.await(f -> "hello".equals(f.getString("type"))
          && f.getValue("conversation_id") != null).getLong("conversation_id");
      customer = adminOnB.get("/api/v1/conversations/" + conversation).json().getJsonObject("customer").getLong("id");
      otherCustomer = adminOnB.get("/api/v1/conversations/" + otherConversation).json().getJsonObject("customer")
          .getLong("id");
      assertEquals(200, adminOnB.post("/api/v1/customers/" + customer + "/merge",
          new JsonObject().put("other_id", otherCustomer)).status());
      long cu = customer;
      assertOncePerNode(CustomerMerged.class, e -> e.customerId() == cu);
      CustomerMerged merged = one(heardOnA, CustomerMerged.class, e -> e.customerId() == cu);
      assertEquals(otherCustomer, merged.mergedCustomerId());
      assertEquals(otherConversation, merged.from().conversationId());
      assertEquals(conversation, merged.into().conversationId());
    }
  }

  @Test
  void anEventOfAKindANodeDoesNotKnowIsSkipped() {
    assertNull(HubEventJson.fromJson(new JsonObject().put("kind", "sla.breached")));
    assertNotNull(HubEventJson.fromJson(HubEventJson.toJson(new HubEvent.InboxMembersChanged(3))));
  }

  /** Each node's listener heard exactly one such event (waiting for it, then for stray repeats). */
  static <T extends HubEvent> void assertOncePerNode(Class<T> kind, Predicate<T> match) throws InterruptedException {
    for (List<HubEvent> heard : List.of(heardOnA, heardOnB)) {
      long deadline = System.currentTimeMillis() + 10_000;
      while (count(heard, kind, match) == 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
    }
    Thread.sleep(300);
    assertEquals(1, count(heardOnA, kind, match), kind.getSimpleName() + " heard once on node A");
    assertEquals(1, count(heardOnB, kind, match), kind.getSimpleName() + " heard once on node B");
  }

  static <T extends HubEvent> long count(List<HubEvent> heard, Class<T> kind, Predicate<T> match) {
    return heard.stream().filter(kind::isInstance).map(kind::cast).filter(match).count();
  }

  static <T extends HubEvent> T one(List<HubEvent> heard, Class<T> kind, Predicate<T> match) {
    return heard.stream().filter(kind::isInstance).map(kind::cast).filter(match).findFirst().orElseThrow();
  }
}
