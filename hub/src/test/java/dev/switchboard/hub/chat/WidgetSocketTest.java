package dev.switchboard.hub.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.UserHash;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The widget socket protocol as any client (the widget, a mobile SDK) speaks it. */
class WidgetSocketTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("widget");
  static long inbox;
  static long otherInbox;

  @BeforeAll
  static void start() {
    inbox = node.admin().webInbox("Website");
    otherInbox = node.admin().webInbox("Other website");
  }

  static WsClient widget(long inboxId, String visitorToken) {
    String url = "ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox=" + inboxId
        + (visitorToken == null ? "" : "&visitor=" + visitorToken);
    return WsClient.connect(url, "https://shop.example.com");
  }

  static JsonObject message(String clientId, String body) {
    return new JsonObject().put("type", "message").put("client_id", clientId).put("body", body);
  }

  @Test
  void aNewVisitorIsGreetedThenEveryMessageIsAcknowledgedWithItsSeq() {
    try (WsClient w = widget(inbox, null)) {
      JsonObject hello = w.awaitType("hello");
      assertTrue(hello.getString("visitor").startsWith("v2."));
      assertNull(hello.getValue("conversation_id"), "no conversation before the first message");
      w.send(message("a", "first"));
      assertEquals(1, w.await(f -> "ack".equals(f.getString("type")) && "a".equals(f.getString("client_id")))
          .getLong("seq"));
      w.send(message("b", "second"));
      assertEquals(2, w.await(f -> "ack".equals(f.getString("type")) && "b".equals(f.getString("client_id")))
          .getLong("seq"));
    }
  }

  @Test
  void aResentClientIdGetsTheSameAckAndNeverASecondMessage() {
    String token;
    long firstId;
    try (WsClient w = widget(inbox, null)) {
      token = w.awaitType("hello").getString("visitor");
      w.send(message("once", "only once"));
      firstId = w.awaitType("ack").getLong("id");
    }
    // a reconnect resends what it had not seen acknowledged
    try (WsClient again = widget(inbox, token)) {
      long conversation = again.awaitType("hello").getLong("conversation_id");
      again.send(message("once", "only once"));
      JsonObject ack = again.awaitType("ack");
      assertEquals(firstId, ack.getLong("id"));
      assertEquals(1, ack.getLong("seq"));
      List<?> stored = node.admin().get("/api/v1/conversations/" + conversation + "/messages").json()
          .getJsonArray("messages").getList();
      assertEquals(1, stored.size());
    }
  }

  @Test
  void aReturningVisitorCatchesUpWithSyncAfterTheLastSeqItSaw() {
    String token;
    long conversation;
    try (WsClient w = widget(inbox, null)) {
      token = w.awaitType("hello").getString("visitor");
      w.send(message("q", "is anyone there?"));
      w.awaitType("ack");
      conversation = w.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
          .getLong("conversation_id");
    }
    // while the visitor is away: a reply and a private note
    assertEquals(201, node.admin().post("/api/v1/conversations/" + conversation + "/messages",
        new JsonObject().put("body", "Yes, hello!")).status());
    var note = node.admin().post("/api/v1/conversations/" + conversation + "/messages",
        new JsonObject().put("body", "secret note").put("private", true));
    assertEquals(201, note.status(), note.text());

    try (WsClient back = widget(inbox, token)) {
      JsonObject hello = back.awaitType("hello");
      assertEquals(conversation, hello.getLong("conversation_id"));
      assertEquals(3, hello.getLong("last_seq"));
      back.send(new JsonObject().put("type", "sync").put("after_seq", 1));
      JsonObject reply = back.awaitType("message");
      assertEquals("Yes, hello!", reply.getString("body"));
      assertEquals("agent", reply.getJsonObject("author").getString("type"));
      assertEquals(2, reply.getLong("seq"));
      assertEquals(2, back.awaitType("synced").getLong("last_seq"), "the last message the visitor may see");
      assertTrue(back.drain(300).stream().noneMatch(f -> "secret note".equals(f.getString("body"))),
          "private notes never reach the visitor");
    }
  }

  @Test
  void anAgentReplyArrivesLiveAndNotesDoNot() {
    try (WsClient w = widget(inbox, null)) {
      w.awaitType("hello");
      w.send(message("x", "hello?"));
      w.awaitType("ack");
      long conversation = w.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
          .getLong("conversation_id");
      node.admin().post("/api/v1/conversations/" + conversation + "/messages",
          new JsonObject().put("body", "note only").put("private", true));
      node.admin().post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("body", "Hi there"));
      JsonObject live = w.await(f -> "message".equals(f.getString("type"))
          && "agent".equals(f.getJsonObject("author").getString("type")));
      assertEquals("Hi there", live.getString("body"));
      assertEquals("Admin", live.getJsonObject("author").getString("name"));
      assertTrue(w.drain(300).stream().noneMatch(f -> "note only".equals(f.getString("body"))));
    }
  }

  @Test
  void badFramesGetErrorFramesAndTheSocketKeepsWorking() {
    try (WsClient w = widget(inbox, null)) {
      w.awaitType("hello");
      w.sendText("{not json");
      assertEquals("bad_frame", w.awaitType("error").getString("error"));
      w.send(new JsonObject().put("type", "launch_missiles"));
      assertEquals("unknown_type", w.awaitType("error").getString("error"));
      w.send(message("big", "x".repeat(70_000)));
      assertEquals("too_large", w.awaitType("error").getString("error"));
      w.send(new JsonObject().put("type", "message").put("body", "no client id"));
      assertEquals("bad_frame", w.awaitType("error").getString("error"));
      w.send(message("sql", "'); drop table message; --"));
      assertEquals(1, w.awaitType("ack").getLong("seq"), "only the good message was stored");
      assertFalse(w.isClosed());
    }
  }

  @Test
  void aForgedOrForeignVisitorTokenNeverOpensSomeoneElsesConversation() {
    String victimToken;
    try (WsClient victim = widget(inbox, null)) {
      victimToken = victim.awaitType("hello").getString("visitor");
      victim.send(message("v", "my private order details"));
      victim.awaitType("ack");
    }
    String[] parts = victimToken.split("\\.");
    // v2.INBOX.VISITOR.ISSUED.SIGNATURE
    String forged = String.join(".", parts[0], parts[1], parts[2], parts[3], "A".repeat(parts[4].length()));
    String foreign = String.join(".", parts[0], String.valueOf(otherInbox), parts[2], parts[3], parts[4]);
    for (String token : List.of(forged, foreign, "garbage")) {
      try (WsClient attacker = widget(inbox, token)) {
        assertEquals("invalid_visitor", attacker.awaitType("error").getString("error"));
        JsonObject hello = attacker.awaitType("hello");
        assertNull(hello.getValue("conversation_id"), "a stranger starts with an empty conversation");
        assertNotEquals(victimToken, hello.getString("visitor"));
        attacker.send(new JsonObject().put("type", "sync").put("after_seq", 0));
        assertEquals(0, attacker.awaitType("synced").getLong("last_seq"));
      }
    }
    // the victim's token is bound to its inbox: on another site's widget it is a stranger's token
    try (WsClient elsewhere = widget(otherInbox, victimToken)) {
      assertEquals("invalid_visitor", elsewhere.awaitType("error").getString("error"));
    }
  }

  @Test
  void anOriginThatMayNotEmbedTheInboxIsRefusedBeforeTheUpgrade() {
    long restricted = node.admin().post("/api/v1/inboxes", new JsonObject().put("name", "Shop only").put("channel", "web")
        .put("config", new JsonObject().put("allowed_origins", new JsonArray().add("https://shop.example.com"))))
        .json().getLong("id");
    try (WsClient ok = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox=" + restricted,
        "https://shop.example.com")) {
      ok.awaitType("hello");
    }
    try {
      WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox=" + restricted,
          "https://evil.example.net");
      throw new AssertionError("a foreign origin was let in");
    } catch (java.util.concurrent.CompletionException expected) {
      assertTrue(expected.getCause() instanceof java.net.http.WebSocketHandshakeException);
      assertEquals(403, ((java.net.http.WebSocketHandshakeException) expected.getCause()).getResponse().statusCode());
    }
  }

  @Test
  void identifyWithAValidUserHashJoinsTheCustomersExistingConversation() throws Exception {
    String secret = "site-secret-" + UUID.randomUUID();
    long signed = node.admin().post("/api/v1/inboxes", new JsonObject().put("name", "Signed").put("channel", "web")
        .put("config", new JsonObject().put("allowed_origins", new JsonArray().add("*"))
            .put("identity_secret", secret))).json().getLong("id");
    assertFalse(node.admin().get("/api/v1/inboxes/" + signed).text().contains(secret), "secrets are write-only");

    long conversation;
    try (WsClient laptop = widget(signed, null)) {
      laptop.awaitType("hello");
      laptop.send(identify("ada@example.com", UserHash.ofEmail(secret, "ada@example.com")));
      conversation = laptop.awaitType("hello").getLong("conversation_id");
      laptop.send(message("l1", "sent from my laptop"));
      laptop.awaitType("ack");
    }
    try (WsClient phone = widget(signed, null)) {
      phone.awaitType("hello");
      phone.send(identify("ada@example.com", "00" + UserHash.ofEmail(secret, "ada@example.com").substring(2)));
      assertEquals("invalid_identity", phone.awaitType("error").getString("error"));
      phone.send(identify("ADA@example.com", UserHash.ofEmail(secret, "ADA@example.com")));
      JsonObject hello = phone.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null);
      assertEquals(conversation, hello.getLong("conversation_id"), "the same person, the same conversation");
      phone.send(new JsonObject().put("type", "sync").put("after_seq", 0));
      assertEquals("sent from my laptop", phone.awaitType("message").getString("body"));
    }
  }

  @Test
  void identifyWithoutAHashNeverJoinsSomeoneElsesConversation() {
    try (WsClient owner = widget(inbox, null)) {
      owner.awaitType("hello");
      owner.send(message("o", "owner's message"));
      owner.awaitType("ack");
    }
    long ownerCustomer = node.admin().get("/api/v1/conversations?q=owner%27s").json().getJsonArray("conversations")
        .getJsonObject(0).getJsonObject("customer").getLong("id");
    // the owner's email is known from another channel
    node.admin().get("/api/v1/customers/" + ownerCustomer);
    try (WsClient claimer = widget(inbox, null)) {
      claimer.awaitType("hello");
      claimer.send(new JsonObject().put("type", "identify").put("email", "owner@example.com").put("name", "Mallory"));
      JsonObject hello = claimer.awaitType("hello");
      claimer.send(new JsonObject().put("type", "sync").put("after_seq", 0));
      assertEquals(0, claimer.awaitType("synced").getLong("last_seq"));
      assertNotEquals(ownerCustomer, hello.getValue("conversation_id"));
    }
  }

  @Test
  void aSignedInVisitorCannotClaimSomeoneElsesEmailOrPhone() throws Exception {
    String secret = "site-secret-" + UUID.randomUUID();
    long signed = node.admin().post("/api/v1/inboxes", new JsonObject().put("name", "Shop").put("channel", "web")
        .put("config", new JsonObject().put("allowed_origins", new JsonArray().add("*"))
            .put("identity_secret", secret))).json().getLong("id");
    long victimConversation;
    try (WsClient victim = widget(signed, null)) {
      victim.awaitType("hello");
      victim.send(new JsonObject().put("type", "identify").put("email", "victim@example.com")
          .put("phone", "+15550001111").put("user_hash", UserHash.of(secret, null, "victim@example.com", "+15550001111")));
      victimConversation = victim.awaitType("hello").getLong("conversation_id");
      victim.send(message("v", "my address is 1 Secret Lane"));
      victim.awaitType("ack");
    }
    // the attacker has a real account (a valid hash for their own id) and adds the victim's details
    try (WsClient attacker = widget(signed, null)) {
      attacker.awaitType("hello");
      attacker.send(new JsonObject().put("type", "identify").put("id", "attacker-7").put("email", "victim@example.com")
          .put("phone", "+15550001111").put("user_hash", UserHash.ofId(secret, "attacker-7")));
      JsonObject hello = attacker.awaitType("hello");
      assertNotEquals(victimConversation, hello.getLong("conversation_id"));
      attacker.send(new JsonObject().put("type", "sync").put("after_seq", 0));
      attacker.awaitType("synced");
      assertTrue(attacker.drain(300).stream().noneMatch(f -> "my address is 1 Secret Lane".equals(f.getString("body"))));
    }
  }

  @Test
  void newVisitorsFromOneAddressAreLimitedButReturningOnesAreNot() {
    long limited = node.admin().post("/api/v1/inboxes", new JsonObject().put("name", "Limited").put("channel", "web")
        .put("config", new JsonObject().put("allowed_origins", new JsonArray().add("*"))
            .put("new_visitors_per_minute", 2))).json().getLong("id");
    String token;
    try (WsClient first = widget(limited, null); WsClient second = widget(limited, null)) {
      token = first.awaitType("hello").getString("visitor");
      second.awaitType("hello");
    }
    try {
      widget(limited, null);
      throw new AssertionError("a third new visitor in a minute was let in");
    } catch (java.util.concurrent.CompletionException expected) {
      assertEquals(429, ((java.net.http.WebSocketHandshakeException) expected.getCause()).getResponse().statusCode());
    }
    try (WsClient back = widget(limited, token)) {
      // each hello carries a freshly issued token for the same visitor
      assertEquals(token.split("\\.")[2], back.awaitType("hello").getString("visitor").split("\\.")[2],
          "a returning visitor is always welcome");
    }
  }

  static JsonObject identify(String email, String hash) {
    return new JsonObject().put("type", "identify").put("email", email).put("name", "Ada").put("user_hash", hash);
  }
}
