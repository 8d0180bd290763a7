package dev.switchboard.hub.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.ToyDesk;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent's capacity and assignments by hand: they count (auto-assignment sees them), an agent
 * cannot give a colleague more than their capacity, an admin can and is told; a reassignment moves
 * the count; a customer who writes again goes back to their previous agent when that agent is
 * online with room; an automatic assignment is notified like a manual one.
 */
class CapacityTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("capacity");
  static final ToyDesk desk = new ToyDesk(node);
  static final HttpClient http = HttpClient.newHttpClient();

  @Test
  void anAgentCannotAssignBeyondCapacityAnAdminCanWithAWarningAndReassigningMovesTheCount() throws Exception {
    long cap = agent("cap", 1, null);
    long dan = agent("dan", 5, null);
    ApiClient danApi = login("dan");
    long web = node.admin().webInbox("Web");
    try (Visitor one = Visitor.says(node.config(), web, "one");
         Visitor two = Visitor.says(node.config(), web, "two")) {
      Reply first = danApi.patch("/api/v1/conversations/" + one.conversationId(), new JsonObject().put("assignee_id", cap));
      assertEquals(200, first.status(), first.text());
      assertNull(first.json().getValue("warning"));
      awaitOpen(cap, 1);

      Reply refused = danApi.patch("/api/v1/conversations/" + two.conversationId(),
          new JsonObject().put("assignee_id", cap).put("priority", "high"));
      assertEquals(409, refused.status(), refused.text());
      assertEquals("over_capacity", refused.json().getString("error"));
      String message = refused.json().getString("message");
      assertTrue(message.contains("cap") && message.contains("1"), message);
      JsonObject unchanged = node.admin().get("/api/v1/conversations/" + two.conversationId()).json();
      assertNull(unchanged.getValue("assignee_id"), "nothing changed: " + unchanged.encode());
      assertEquals("none", unchanged.getString("priority"));

      Reply forced = node.admin().patch("/api/v1/conversations/" + two.conversationId(),
          new JsonObject().put("assignee_id", cap));
      assertEquals(200, forced.status(), forced.text());
      assertEquals(cap, forced.json().getLong("assignee_id"));
      String warning = forced.json().getString("warning");
      assertTrue(warning != null && warning.contains("over capacity") && warning.contains("cap"), forced.text());
      awaitOpen(cap, 2);

      Reply moved = danApi.patch("/api/v1/conversations/" + two.conversationId(), new JsonObject().put("assignee_id", dan));
      assertEquals(200, moved.status(), moved.text());
      awaitOpen(cap, 1);
      awaitOpen(dan, 1);

      assertEquals(400, danApi.patch("/api/v1/conversations/" + two.conversationId(),
          new JsonObject().put("assignee_id", 999_999)).status(), "no such agent");
    }
  }

  @Test
  void aManualAssignmentCountsAgainstCapacityForAutoAssignment() throws Exception {
    long team = team("Solo");
    long una = agent("una", 1, team);
    long toy = desk.inbox("Solo", team);
    long web = node.admin().webInbox("Solo web");
    ApiClient unaApi = login("una");
    desk.online(unaApi);
    try (Visitor byHand = Visitor.says(node.config(), web, "by hand")) {
      assertEquals(200, node.admin().patch("/api/v1/conversations/" + byHand.conversationId(),
          new JsonObject().put("assignee_id", una)).status());
      awaitOpen(una, 1);
      desk.write(toy, "+14155550901", "anyone?");
      Thread.sleep(700);
      assertNull(desk.conversation("+14155550901", c -> true).getValue("assignee_id"), "una is full: it waits");

      assertEquals(200, node.admin().patch("/api/v1/conversations/" + byHand.conversationId(),
          new JsonObject().put("status", "resolved")).status());
      assertEquals(una, desk.conversation("+14155550901", c -> c.getValue("assignee_id") != null).getLong("assignee_id"),
          "the freed slot takes the waiting customer");
    }
  }

  @Test
  void aReturningCustomerGoesBackToTheirAgentWhoIsNotifiedOfAutomaticAssignments() throws Exception {
    long team = team("Back");
    long rae = agent("rae", 3, team);
    long sol = agent("sol", 3, team);
    long toy = desk.inbox("Back", team);
    ApiClient raeApi = login("rae");
    try (WsClient raeSocket = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/agent?token="
        + raeApi.token())) {
      raeSocket.awaitType("hello");
      desk.online(raeApi);
      Thread.sleep(300);
      desk.write(toy, "+14155550801", "first");
      JsonObject x = desk.conversation("+14155550801", c -> c.getValue("assignee_id") != null);
      assertEquals(rae, x.getLong("assignee_id"));
      JsonObject n = raeSocket.await(f -> "notification".equals(f.getString("type"))
          && f.getJsonObject("notification").getLong("conversation_id") == x.getLong("id").longValue())
          .getJsonObject("notification");
      assertEquals("assigned", n.getString("kind"));
      assertNull(n.getJsonObject("actor").getValue("id"), "by the hub: " + n.encode());
      assertTrue(raeApi.get("/api/v1/me/notifications").json().getJsonArray("notifications").stream()
          .map(o -> (JsonObject) o).anyMatch(e -> e.getLong("conversation_id") == x.getLong("id").longValue()
              && "assigned".equals(e.getString("kind"))), "listed too");

      desk.write(toy, "+14155550802", "second");
      assertEquals(rae, desk.conversation("+14155550802", c -> c.getValue("assignee_id") != null).getLong("assignee_id"));
      desk.online(login("sol"));
      Thread.sleep(300);
      assertEquals(200, raeApi.patch("/api/v1/conversations/" + x.getLong("id"),
          new JsonObject().put("status", "resolved")).status());
      Thread.sleep(300);

      // rae holds 1, sol 0: without the preference sol would get it
      desk.write(toy, "+14155550801", "me again");
      JsonObject back = desk.conversation("+14155550801", c -> "open".equals(c.getString("status"))
          && c.getValue("assignee_id") != null);
      assertEquals(rae, back.getLong("assignee_id"), "back to the previous agent: " + back.encode());
      awaitOpen(rae, 2);
      awaitOpen(sol, 0);
    }
  }

  @Test
  void anUnassignedConversationThatWakesFromItsSnoozeIsAssignedLikeANewOne() throws Exception {
    long team = team("Wake");
    long wes = agent("wes", 5, team);
    long toy = desk.inbox("Wake", team);
    desk.online(login("wes"));
    Thread.sleep(300);
    desk.write(toy, "+14155550601", "call me tomorrow");
    JsonObject c = desk.conversation("+14155550601", x -> x.getValue("assignee_id") != null);
    // unassigned and snoozed: nobody holds it while it sleeps
    Reply snoozed = node.admin().patch("/api/v1/conversations/" + c.getLong("id"), new JsonObject()
        .putNull("assignee_id").put("status", "snoozed")
        .put("snoozed_until", java.time.Instant.now().plusSeconds(2).toString()));
    assertEquals(200, snoozed.status(), snoozed.text());
    assertNull(snoozed.json().getValue("assignee_id"));
    awaitOpen(wes, 0);

    JsonObject woke = desk.conversation("+14155550601", x -> "open".equals(x.getString("status"))
        && x.getValue("assignee_id") != null);
    assertEquals(wes, woke.getLong("assignee_id"));
  }

  static void awaitOpen(long agent, int expected) throws Exception {
    Map<Long, Integer> open = Map.of();
    for (int i = 0; i < 100; i++) {
      open = node.hub().assigner().openCounts().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      if (open.getOrDefault(agent, 0) == expected) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("agent " + agent + " never held " + expected + ": " + open);
  }

  static long agent(String name, int capacity, Long team) {
    Reply created = node.admin().post("/api/v1/agents", new JsonObject().put("email", name + "@example.com")
        .put("name", name).put("password", name + "-password"));
    assertEquals(201, created.status(), created.text());
    long id = created.json().getLong("id");
    JsonObject patch = new JsonObject().put("capacity", capacity);
    if (team != null) {
      patch.put("team_ids", new JsonArray().add(team));
    }
    Reply set = node.admin().patch("/api/v1/agents/" + id, patch);
    assertEquals(200, set.status(), set.text());
    return id;
  }

  static ApiClient login(String name) {
    return new ApiClient("http://localhost:" + node.config().httpPort()).login(name + "@example.com", name + "-password");
  }

  static long team(String name) {
    return node.admin().post("/api/v1/teams", new JsonObject().put("name", name)).json().getLong("id");
  }




}
