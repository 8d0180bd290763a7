package dev.switchboard.hub.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.UserHash;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who a widget visitor is: a shared browser, {@code user_hash} forms, {@code reset}, and how long a
 * visitor token lasts. Every test here is an attack some site's visitors could try.
 */
class WidgetIdentityTest {

  /** VisitorSockets.MAX_PER_VISITOR: the tabs one person may keep open. */
  static final int VISITOR_TABS = 10;

  @RegisterExtension
  static final RunningHub node = new RunningHub("widgetidentity");
  static String secret;
  static long inbox;

  @BeforeAll
  static void start() {
    secret = "site-secret-" + UUID.randomUUID();
    inbox = node.admin().post("/api/v1/inboxes", new JsonObject().put("name", "Shop").put("channel", "web")
        .put("config", new JsonObject().put("allowed_origins", new JsonArray().add("*"))
            .put("identity_secret", secret))).json().getLong("id");
  }

  static WsClient widget(String visitorToken) {
    return WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox=" + inbox
        + (visitorToken == null ? "" : "&visitor=" + visitorToken), "https://shop.example.com");
  }

  static JsonObject identifyId(String id) {
    return new JsonObject().put("type", "identify").put("id", id).put("user_hash", UserHash.ofId(secret, id));
  }

  static Predicate<JsonObject> helloWithConversation() {
    return f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null;
  }

  static String visitorId(String token) {
    return token.split("\\.")[2];
  }

  /** Everything a socket can read of its history: sync from 0, bodies until synced. */
  static List<String> history(WsClient w) {
    w.drain(300);   // live echoes of earlier sends are not history
    w.send(new JsonObject().put("type", "sync").put("after_seq", 0));
    w.awaitType("synced");
    // the replayed messages came before synced; anything else pending is skipped over
    return w.drain(0).stream().filter(f -> "message".equals(f.getString("type")))
        .map(f -> f.getString("body")).toList();
  }

  static long customerOf(long conversation) {
    return node.admin().get("/api/v1/conversations/" + conversation).json().getJsonObject("customer").getLong("id");
  }

  static List<String> identities(long customer) {
    return node.admin().get("/api/v1/customers/" + customer).json().getJsonArray("identities").stream()
        .map(o -> ((JsonObject) o).getString("kind") + ":" + ((JsonObject) o).getString("address")).toList();
  }

  static long send(WsClient w, String clientId, String body) {
    w.send(new JsonObject().put("type", "message").put("client_id", clientId).put("body", body));
    return w.await(f -> "ack".equals(f.getString("type")) && clientId.equals(f.getString("client_id"))).getLong("seq");
  }

  @Test
  void aSharedBrowserNeverShowsOneSignedInCustomersChatToTheNext() {
    String alice = "alice-" + UUID.randomUUID();
    String bob = "bob-" + UUID.randomUUID();
    String firstToken;
    long aliceConversation;
    long bobConversation;
    String bobToken;
    try (WsClient w = widget(null)) {
      firstToken = w.awaitType("hello").getString("visitor");
      w.send(identifyId(alice));
      aliceConversation = w.await(helloWithConversation()).getLong("conversation_id");
      send(w, "a1", "alice secret");
      // bob signs in on the same browser, the same socket
      w.send(identifyId(bob));
      JsonObject hello = w.await(helloWithConversation());
      bobConversation = hello.getLong("conversation_id");
      bobToken = hello.getString("visitor");
      assertNotEquals(aliceConversation, bobConversation, "bob gets his own conversation");
      assertNotEquals(visitorId(firstToken), visitorId(bobToken), "and a new visitor token");
      assertEquals(0, hello.getLong("last_seq"));
      assertTrue(history(w).isEmpty(), "bob reads nothing of alice's");
      send(w, "b1", "bob's question");
    }
    // bob elsewhere, and the shared browser coming back with the token it was given last
    try (WsClient fresh = widget(null)) {
      fresh.awaitType("hello");
      fresh.send(identifyId(bob));
      assertEquals(bobConversation, fresh.await(helloWithConversation()).getLong("conversation_id"));
      assertEquals(List.of("bob's question"), history(fresh));
    }
    try (WsClient back = widget(bobToken)) {
      assertEquals(bobConversation, back.awaitType("hello").getLong("conversation_id"));
      assertEquals(List.of("bob's question"), history(back));
    }
    // the agent sees two customers, neither holding the other's account
    long aliceCustomer = customerOf(aliceConversation);
    long bobCustomer = customerOf(bobConversation);
    assertNotEquals(aliceCustomer, bobCustomer);
    assertTrue(identities(aliceCustomer).stream().noneMatch(i -> i.endsWith(":" + bob)), identities(aliceCustomer).toString());
    assertTrue(identities(bobCustomer).stream().noneMatch(i -> i.endsWith(":" + alice)), identities(bobCustomer).toString());
  }

  @Test
  void twoSignedInCustomersAreNeverMergedByAVisitorsIdentify() {
    String alice = "alice-" + UUID.randomUUID();
    String bob = "bob-" + UUID.randomUUID();
    String aliceEmail = alice + "@example.com";
    long aliceConversation;
    try (WsClient w = widget(null)) {
      w.awaitType("hello");
      w.send(new JsonObject().put("type", "identify").put("id", alice).put("email", aliceEmail)
          .put("user_hash", UserHash.of(secret, alice, aliceEmail, null)));
      aliceConversation = w.await(helloWithConversation()).getLong("conversation_id");
      send(w, "a", "alice's order");
    }
    try (WsClient w = widget(null)) {
      w.awaitType("hello");
      w.send(identifyId(bob));
      long bobConversation = w.await(helloWithConversation()).getLong("conversation_id");
      // the site (wrongly, or a reused address) vouches for bob with alice's email
      w.send(new JsonObject().put("type", "identify").put("id", bob).put("email", aliceEmail)
          .put("user_hash", UserHash.of(secret, bob, aliceEmail, null)));
      JsonObject hello = w.await(helloWithConversation());
      assertEquals(bobConversation, hello.getLong("conversation_id"), "bob stays bob");
      assertTrue(history(w).isEmpty(), "and reads nothing of alice's");
      assertNotEquals(customerOf(aliceConversation), customerOf(bobConversation), "an agent may merge them; a visitor may not");
    }
  }

  @Test
  void anAnonymousVisitorWhoSignsInKeepsTheChatTheyHadBefore() {
    String carol = "carol-" + UUID.randomUUID();
    try (WsClient laptop = widget(null)) {
      laptop.awaitType("hello");
      laptop.send(identifyId(carol));
      laptop.await(helloWithConversation());
      send(laptop, "l", "from my laptop");
    }
    try (WsClient phone = widget(null)) {
      String token = phone.awaitType("hello").getString("visitor");
      send(phone, "p", "before signing in");
      phone.send(identifyId(carol));
      JsonObject hello = phone.await(helloWithConversation());
      assertEquals(visitorId(token), visitorId(hello.getString("visitor")), "the same visitor, now known");
      assertEquals(List.of("from my laptop", "before signing in"), history(phone));
    }
  }

  @Test
  void resetForgetsTheVisitorAndStartsAnEmptyHistory() {
    String oldToken;
    long oldConversation;
    String newToken;
    try (WsClient w = widget(null)) {
      oldToken = w.awaitType("hello").getString("visitor");
      send(w, "r1", "my card ends in 4242");
      oldConversation = w.await(helloWithConversation()).getLong("conversation_id");
      w.send(new JsonObject().put("type", "reset"));
      JsonObject hello = w.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") == null);
      newToken = hello.getString("visitor");
      assertNotEquals(visitorId(oldToken), visitorId(newToken));
      assertEquals(0, hello.getLong("last_seq"));
      assertTrue(history(w).isEmpty());
      send(w, "r2", "hello from the next person");
      assertNotEquals(oldConversation, w.await(helloWithConversation()).getLong("conversation_id"));
    }
    try (WsClient back = widget(newToken)) {
      back.awaitType("hello");
      assertEquals(List.of("hello from the next person"), history(back));
    }
  }

  @Test
  void aSyncRightAfterAResetReadsTheNewVisitorsEmptyHistoryNeverTheOldOne() {
    try (WsClient w = widget(null)) {
      w.awaitType("hello");
      send(w, "s1", "my address is 12 Elm Street");
      w.await(helloWithConversation());
      // a message still being stored, then the logout and a sync at once: the sync is answered for
      // whoever the socket speaks for after the reset, as the client sent them in that order
      w.send(new JsonObject().put("type", "message").put("client_id", "s2").put("body", "and my phone is 555-0199"));
      w.send(new JsonObject().put("type", "reset"));
      w.send(new JsonObject().put("type", "sync").put("after_seq", 0));
      assertEquals(0L, w.awaitType("synced").getLong("last_seq"), "the old visitor's timeline is not replayed");
    }
  }

  @Test
  void theVisitorAfterAResetMayStillOpenAsManyTabsAsAnyone() {
    try (WsClient w = widget(null)) {
      w.awaitType("hello");
      w.send(new JsonObject().put("type", "reset"));
      String newToken = w.await(f -> "hello".equals(f.getString("type"))).getString("visitor");
      // the reset socket counts once, so the rest of the per-visitor allowance is left for other tabs
      List<WsClient> tabs = new ArrayList<>();
      try {
        for (int i = 1; i < VISITOR_TABS; i++) {
          WsClient tab = widget(newToken);
          tabs.add(tab);
          assertEquals(visitorId(newToken), visitorId(tab.awaitType("hello").getString("visitor")), "tab " + (i + 1));
        }
      } finally {
        tabs.forEach(WsClient::close);
      }
    }
  }

  @Test
  void aHashForAnIdNeverProvesTheSameTextAsAnEmail() {
    String victimEmail = "victim-" + UUID.randomUUID() + "@example.com";
    try (WsClient victim = widget(null)) {
      victim.awaitType("hello");
      victim.send(new JsonObject().put("type", "identify").put("email", victimEmail)
          .put("user_hash", UserHash.ofEmail(secret, victimEmail)));
      victim.await(helloWithConversation());
      send(victim, "v", "victim's private message");
    }
    // the attacker signed up on the site with the user id "victim@…": the site hashes that id for them
    for (String hash : List.of(UserHash.ofId(secret, victimEmail), UserHash.hmac(secret, victimEmail))) {
      try (WsClient attacker = widget(null)) {
        attacker.awaitType("hello");
        attacker.send(new JsonObject().put("type", "identify").put("email", victimEmail).put("user_hash", hash));
        assertEquals("invalid_identity", attacker.awaitType("error").getString("error"));
        assertTrue(history(attacker).isEmpty());
      }
    }
  }

  @Test
  void anIdContainingTheOldSeparatorProvesNothingElse() {
    String victimEmail = "pipe-victim-" + UUID.randomUUID() + "@example.com";
    String victimPhone = "+1555" + (1_000_000 + (int) (Math.random() * 8_999_999));
    try (WsClient victim = widget(null)) {
      victim.awaitType("hello");
      victim.send(new JsonObject().put("type", "identify").put("email", victimEmail).put("phone", victimPhone)
          .put("user_hash", UserHash.of(secret, null, victimEmail, victimPhone)));
      victim.await(helloWithConversation());
      send(victim, "v", "victim's address");
    }
    // an attacker whose user id is "|victim@…|+1555…" and who holds the site's hash for that id
    String evilId = "|" + victimEmail + "|" + victimPhone;
    for (String hash : List.of(UserHash.ofId(secret, evilId), UserHash.hmac(secret, evilId))) {
      try (WsClient attacker = widget(null)) {
        attacker.awaitType("hello");
        attacker.send(new JsonObject().put("type", "identify").put("email", victimEmail).put("phone", victimPhone)
            .put("user_hash", hash));
        assertEquals("invalid_identity", attacker.awaitType("error").getString("error"));
        assertTrue(history(attacker).isEmpty());
      }
    }
  }

  @Test
  void aValueContainingANewlineIsRefused() {
    String id = "mallory\nemail:someone@example.com";
    try (WsClient w = widget(null)) {
      w.awaitType("hello");
      w.send(new JsonObject().put("type", "identify").put("id", id).put("user_hash", UserHash.ofId(secret, id)));
      assertEquals("invalid_identity", w.awaitType("error").getString("error"));
      assertTrue(w.drain(300).stream().noneMatch(f -> "hello".equals(f.getString("type"))), "nothing was linked");
    }
  }

  @Test
  void theOldHashFormsStopWorking() {
    String dave = "dave-" + UUID.randomUUID();
    try (WsClient w = widget(null)) {
      w.awaitType("hello");
      w.send(new JsonObject().put("type", "identify").put("id", dave).put("user_hash", UserHash.hmac(secret, dave)));
      assertEquals("invalid_identity", w.awaitType("error").getString("error"));
      w.send(identifyId(dave));
      assertNotNull(w.await(helloWithConversation()));
    }
  }

  @Test
  void anExpiredOrOldVersionVisitorTokenStartsAFreshVisitor() throws Exception {
    String token;
    try (WsClient w = widget(null)) {
      token = w.awaitType("hello").getString("visitor");
      send(w, "t", "from a month ago");
    }
    String visitor = visitorId(token);
    VisitorTokenForge forge = VisitorTokenForge.of(node.config());
    long now = System.currentTimeMillis() / 1000;
    List<String> stale = List.of(
        forge.v2(inbox, visitor, now - 31L * 24 * 3600),
        forge.v1(inbox, visitor));
    for (String old : stale) {
      try (WsClient w = widget(old)) {
        assertEquals("invalid_visitor", w.awaitType("error").getString("error"));
        JsonObject hello = w.awaitType("hello");
        assertNull(hello.getValue("conversation_id"));
        assertNotEquals(visitor, visitorId(hello.getString("visitor")));
        assertTrue(history(w).isEmpty());
      }
    }
    // a token well within its lifetime still works, and comes back renewed
    try (WsClient w = widget(forge.v2(inbox, visitor, now - 29L * 24 * 3600))) {
      JsonObject hello = w.awaitType("hello");
      assertEquals(visitor, visitorId(hello.getString("visitor")));
      assertTrue(Long.parseLong(hello.getString("visitor").split("\\.")[3]) >= now, "re-issued now");
      assertEquals(List.of("from a month ago"), history(w));
    }
  }
}
