package dev.switchboard.hub.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.RunningNodes;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Snoozing: a snoozed conversation wakes by itself when its time comes, on a deployment of two
 * nodes that both watch the clock, exactly once (one status change, one notification for its
 * assignee); a customer writing meanwhile reopens it at once; a bad time is refused.
 */
class SnoozeTest {

  @RegisterExtension
  static final RunningNodes nodes = new RunningNodes("snooze");
  static ApiClient admin;
  static ApiClient sam;
  static long samId;
  static long inbox;

  @BeforeAll
  static void start() {
    admin = ApiClient.admin(nodes.configA());
    Reply created = admin.post("/api/v1/agents", new JsonObject().put("email", "sam@example.com").put("name", "Sam")
        .put("password", "sam-password"));
    assertEquals(201, created.status(), created.text());
    samId = created.json().getLong("id");
    sam = new ApiClient("http://localhost:" + nodes.configB().httpPort()).login("sam@example.com", "sam-password");
    inbox = admin.webInbox("Support");
  }

  @Test
  void snoozedConversationsWakeByThemselvesEachExactlyOnceAcrossTwoNodes() {
    try (WsClient samSocket = socket(nodes.configB(), sam)) {
      List<Visitor> visitors = new ArrayList<>();
      Map<Long, Instant> snoozed = new HashMap<>();
      for (int i = 0; i < 8; i++) {
        visitors.add(Visitor.says(nodes.configA(), inbox, "question " + i));
      }
      String until = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.MILLIS).toString();
      for (Visitor v : visitors) {
        Reply r = admin.patch("/api/v1/conversations/" + v.conversationId(), new JsonObject()
            .put("assignee_id", samId).put("status", "snoozed").put("snoozed_until", until));
        assertEquals(200, r.status(), r.text());
        assertEquals("snoozed", r.json().getString("status"));
        assertEquals(Instant.parse(until), Instant.parse(r.json().getString("snoozed_until")));
        snoozed.put(v.conversationId(), Instant.parse(r.json().getString("updated_at")));
      }
      for (long c : snoozed.keySet()) {
        assertEquals("snoozed", admin.get("/api/v1/conversations/" + c).json().getString("status"),
            "still asleep before its time");
      }

      for (long c : snoozed.keySet()) {
        // after the snooze (the conversation was open once before, when it began)
        JsonObject woke = samSocket.await(f -> "conversation.updated".equals(f.getString("type"))
            && f.getJsonObject("conversation").getLong("id") == c
            && "open".equals(f.getJsonObject("conversation").getString("status"))
            && Instant.parse(f.getJsonObject("conversation").getString("updated_at")).isAfter(snoozed.get(c)), 15)
            .getJsonObject("conversation");
        assertNull(woke.getValue("snoozed_until"), woke.encode());
        JsonObject n = samSocket.await(f -> "notification".equals(f.getString("type"))
            && f.getJsonObject("notification").getLong("conversation_id") == c
            && "snooze_ended".equals(f.getJsonObject("notification").getString("kind")), 15).getJsonObject("notification");
        assertNull(n.getValue("read_at"));
      }
      // two nodes watch the clock; neither wakes a conversation twice
      List<JsonObject> more = samSocket.drain(2500);
      assertTrue(more.stream().noneMatch(f -> "conversation.updated".equals(f.getString("type"))
          && snoozed.containsKey(f.getJsonObject("conversation").getLong("id"))
          && Instant.parse(f.getJsonObject("conversation").getString("updated_at"))
              .isAfter(snoozed.get(f.getJsonObject("conversation").getLong("id")))), "woken once: " + more);
      assertTrue(more.stream().noneMatch(f -> "notification".equals(f.getString("type"))
          && "snooze_ended".equals(f.getJsonObject("notification").getString("kind"))), "notified once: " + more);
      JsonObject list = sam.get("/api/v1/me/notifications?limit=100").json();
      for (long c : snoozed.keySet()) {
        JsonObject now = admin.get("/api/v1/conversations/" + c).json();
        assertEquals("open", now.getString("status"));
        assertNull(now.getValue("snoozed_until"));
        assertEquals(1, list.getJsonArray("notifications").stream().map(o -> (JsonObject) o)
            .filter(n -> n.getLong("conversation_id") == c && "snooze_ended".equals(n.getString("kind"))).count(),
            list.encode());
      }
      visitors.forEach(Visitor::close);
    }
  }

  @Test
  void aCustomerWritingDuringASnoozeReopensItAndItDoesNotWakeAgain() throws Exception {
    try (Visitor v = Visitor.says(nodes.configA(), inbox, "hello");
         WsClient samSocket = socket(nodes.configA(), sam)) {
      long c = v.conversationId();
      Reply r = admin.patch("/api/v1/conversations/" + c, new JsonObject().put("assignee_id", samId)
          .put("status", "snoozed").put("snoozed_until", Instant.now().plusSeconds(2).toString()));
      assertEquals(200, r.status(), r.text());

      v.says("are you there?");
      JsonObject now = admin.get("/api/v1/conversations/" + c).json();
      assertEquals("open", now.getString("status"), now.encode());
      assertNull(now.getValue("snoozed_until"), "no longer snoozed: " + now.encode());

      Thread.sleep(3500); // past the old wake-up time: nothing wakes, nobody is told
      assertTrue(samSocket.drain(0).stream().noneMatch(f -> "notification".equals(f.getString("type"))
          && "snooze_ended".equals(f.getJsonObject("notification").getString("kind"))));
      assertEquals("open", admin.get("/api/v1/conversations/" + c).json().getString("status"));
    }
  }

  @Test
  void anotherStatusClearsTheSnooze() {
    try (Visitor v = Visitor.says(nodes.configA(), inbox, "later please")) {
      String path = "/api/v1/conversations/" + v.conversationId();
      assertEquals(200, admin.patch(path, new JsonObject().put("status", "snoozed")
          .put("snoozed_until", Instant.now().plus(Duration.ofDays(3)).toString())).status());
      Reply pending = admin.patch(path, new JsonObject().put("status", "pending"));
      assertEquals(200, pending.status(), pending.text());
      assertNull(pending.json().getValue("snoozed_until"));
      // a change that does not name a status keeps the snooze
      assertEquals(200, admin.patch(path, new JsonObject().put("status", "snoozed")
          .put("snoozed_until", Instant.now().plus(Duration.ofDays(3)).toString())).status());
      Reply tagged = admin.patch(path, new JsonObject().put("priority", "high"));
      assertEquals("snoozed", tagged.json().getString("status"));
      assertTrue(tagged.json().getString("snoozed_until") != null, tagged.text());
    }
  }

  @Test
  void aSnoozeWithoutAGoodTimeIsRefusedAndChangesNothing() {
    try (Visitor v = Visitor.says(nodes.configA(), inbox, "snooze me badly")) {
      String path = "/api/v1/conversations/" + v.conversationId();
      List<JsonObject> bad = List.of(
          new JsonObject().put("status", "snoozed"),
          new JsonObject().put("status", "snoozed").put("snoozed_until", "tomorrow"),
          new JsonObject().put("status", "snoozed").put("snoozed_until", 1234),
          new JsonObject().put("status", "snoozed").put("snoozed_until", Instant.now().minusSeconds(60).toString()),
          new JsonObject().put("status", "snoozed")
              .put("snoozed_until", Instant.now().plus(Duration.ofDays(400)).toString()),
          new JsonObject().put("status", "pending").put("snoozed_until", Instant.now().plusSeconds(600).toString()),
          new JsonObject().put("snoozed_until", Instant.now().plusSeconds(600).toString()));
      for (JsonObject body : bad) {
        Reply r = admin.patch(path, body);
        assertEquals(400, r.status(), body.encode() + " → " + r.text());
        assertEquals("bad_request", r.json().getString("error"));
        assertTrue(r.json().getString("message").contains("snoozed_until"), r.text());
      }
      JsonObject now = admin.get(path).json();
      assertEquals("open", now.getString("status"));
      assertNull(now.getValue("snoozed_until"));
    }
  }

  static WsClient socket(HubConfig node, ApiClient api) {
    WsClient ws = WsClient.connect("ws://localhost:" + node.httpPort() + "/ws/agent?token=" + api.token());
    ws.awaitType("hello");
    return ws;
  }
}
