package dev.switchboard.hub.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.TestHub;
import dev.switchboard.hub.Visitors;
import dev.switchboard.hub.WsClient;
import dev.switchboard.hub.agent.Agent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An agent @mentioned in a note, or given a conversation by someone else, is told: a
 * {@code notification} frame on each of their sockets on every node, and an unread entry in their
 * list, stored once. Nobody hears of a conversation they may not see.
 */
class NotificationsTest {

  static HubConfig configA;
  static HubConfig configB;
  static Hub nodeA;
  static Hub nodeB;
  static ApiClient admin;
  static long bea;
  static long cy;
  static long open;
  static long sales;

  @BeforeAll
  static void start() {
    configA = TestHub.config("notify");
    configB = TestHub.secondNode(configA);
    nodeA = TestHub.start(configA);
    nodeB = TestHub.start(configB);
    admin = ApiClient.admin(configA);
    bea = agent("bea", "Bea");
    cy = agent("cy", "Cy Young");
    open = admin.webInbox("Support");
    Reply created = admin.post("/api/v1/inboxes", new JsonObject().put("name", "Sales").put("channel", "web")
        .put("config", new JsonObject().put("allowed_origins", new JsonArray().add("*")))
        .put("member_ids", new JsonArray().add(bea)));
    assertEquals(201, created.status(), created.text());
    sales = created.json().getLong("id");
  }

  @AfterAll
  static void stop() {
    TestHub.stop(nodeA);
    TestHub.stop(nodeB);
    TestHub.dropAll(configA);
  }

  @Test
  void aMentionInANoteReachesEveryOneOfTheAgentsSocketsAndHerListOnce() {
    ApiClient beaApi = login(configB, "bea");
    try (WsClient onA = agentSocket(configA, login(configA, "bea"));
         WsClient onB = agentSocket(configB, beaApi)) {
      int unreadBefore = beaApi.get("/api/v1/me/notifications").json().getInteger("unread");
      long c = visitorSays(open, "my parcel is lost");
      note(admin, c, "@Bea can you look at this? (not @nobody, not bea@example.com)");

      for (WsClient socket : List.of(onA, onB)) {
        JsonObject n = notification(socket, c).getJsonObject("notification");
        assertEquals("mention", n.getString("kind"));
        assertEquals("Admin", n.getJsonObject("actor").getString("name"));
        assertTrue(n.getString("preview").startsWith("@Bea can you"), n.encode());
        assertNull(n.getValue("read_at"));
      }
      assertTrue(onB.drain(500).stream().noneMatch(f -> "notification".equals(f.getString("type"))),
          "one frame per socket, though both nodes heard the note");

      JsonObject list = beaApi.get("/api/v1/me/notifications").json();
      List<JsonObject> mine = about(list, c);
      assertEquals(1, mine.size(), "stored once: " + list.encode());
      assertEquals(unreadBefore + 1, list.getInteger("unread"));
      long id = mine.get(0).getLong("id");

      // cy cannot mark bea's notification read
      assertEquals(200, login(configA, "cy").post("/api/v1/me/notifications/read",
          new JsonObject().put("ids", new JsonArray().add(id))).status());
      assertEquals(unreadBefore + 1, beaApi.get("/api/v1/me/notifications").json().getInteger("unread"));

      Reply read = beaApi.post("/api/v1/me/notifications/read", new JsonObject().put("ids", new JsonArray().add(id)));
      assertEquals(200, read.status(), read.text());
      assertEquals(unreadBefore, read.json().getInteger("unread"));
      JsonObject after = about(beaApi.get("/api/v1/me/notifications").json(), c).get(0);
      assertNotNull(after.getString("read_at"));
      assertTrue(about(beaApi.get("/api/v1/me/notifications?unread=true").json(), c).isEmpty());
      assertEquals(400, beaApi.post("/api/v1/me/notifications/read", new JsonObject().put("ids", "all")).status());
    }
  }

  @Test
  void anAssignmentBySomeoneElseNotifiesTheAssigneeButTakingOneYourselfDoesNot() {
    ApiClient cyApi = login(configA, "cy");
    try (WsClient cySocket = agentSocket(configB, cyApi)) {
      long given = visitorSays(open, "please help");
      assertEquals(200, admin.patch("/api/v1/conversations/" + given, new JsonObject().put("assignee_id", cy))
          .status());
      JsonObject n = notification(cySocket, given).getJsonObject("notification");
      assertEquals("assigned", n.getString("kind"));
      assertNull(n.getValue("message_id"));
      assertEquals(1, about(cyApi.get("/api/v1/me/notifications").json(), given).size());

      long taken = visitorSays(open, "anyone there?");
      assertEquals(200, cyApi.patch("/api/v1/conversations/" + taken, new JsonObject().put("assignee_id", cy))
          .status());
      // a status change keeps the assignee: no second notification either
      assertEquals(200, admin.patch("/api/v1/conversations/" + given, new JsonObject().put("status", "pending"))
          .status());
      assertEquals(200, admin.patch("/api/v1/conversations/" + given, new JsonObject().put("assignee_id", cy))
          .status());
      assertTrue(cySocket.drain(800).stream().noneMatch(f -> "notification".equals(f.getString("type"))));
      assertTrue(about(cyApi.get("/api/v1/me/notifications").json(), taken).isEmpty());
      assertEquals(1, about(cyApi.get("/api/v1/me/notifications").json(), given).size());
    }
  }

  @Test
  void anAgentWhoMayNotSeeTheConversationIsNotNotified() {
    ApiClient cyApi = login(configA, "cy");
    ApiClient beaApi = login(configA, "bea");
    try (WsClient cySocket = agentSocket(configA, cyApi);
         WsClient beaSocket = agentSocket(configB, beaApi)) {
      long hidden = visitorSays(sales, "a sales question");
      note(admin, hidden, "@cyyoung and @bea: thoughts?");
      notification(beaSocket, hidden);
      assertTrue(cySocket.drain(800).stream().noneMatch(f -> "notification".equals(f.getString("type"))));
      assertTrue(about(cyApi.get("/api/v1/me/notifications").json(), hidden).isEmpty());

      // nobody is notified of their own mention
      note(beaApi, hidden, "note to self, @bea");
      assertTrue(beaSocket.drain(800).stream().noneMatch(f -> "notification".equals(f.getString("type"))));
    }
  }

  @Test
  void mentionsMatchAnEmailsLocalPartOrANameWithoutSpaces() {
    Agent bee = new Agent(1, "bea.kim@example.com", "Bea Kim", "agent", true);
    Agent cyA = new Agent(2, "cy@example.com", "Cy", "agent", true);
    List<Agent> all = List.of(bee, cyA);
    assertEquals(List.of(bee), Mentions.in("ask @bea.kim.", all));
    assertEquals(List.of(bee, cyA), Mentions.in("@BeaKim, @CY and @beakim again", all));
    assertEquals(List.of(), Mentions.in("write to cy@example.com or @bea", all));
    assertEquals(List.of(), Mentions.in("no mentions", all));
  }

  static JsonObject notification(WsClient socket, long conversation) {
    return socket.await(f -> "notification".equals(f.getString("type"))
        && f.getJsonObject("notification").getLong("conversation_id") == conversation);
  }

  static List<JsonObject> about(JsonObject list, long conversation) {
    return list.getJsonArray("notifications").stream().map(o -> (JsonObject) o)
        .filter(n -> n.getLong("conversation_id") == conversation).toList();
  }

  static void note(ApiClient who, long conversation, String body) {
    Reply r = who.post("/api/v1/conversations/" + conversation + "/messages",
        new JsonObject().put("body", body).put("private", true));
    assertEquals(201, r.status(), r.text());
  }

  static long agent(String login, String name) {
    Reply r = admin.post("/api/v1/agents", new JsonObject().put("email", login + "@example.com")
        .put("name", name).put("password", login + "-password"));
    assertEquals(201, r.status(), r.text());
    return r.json().getLong("id");
  }

  static ApiClient login(HubConfig node, String login) {
    return new ApiClient("http://localhost:" + node.httpPort()).login(login + "@example.com", login + "-password");
  }

  static WsClient agentSocket(HubConfig node, ApiClient api) {
    WsClient ws = WsClient.connect("ws://localhost:" + node.httpPort() + "/ws/agent?token=" + api.token());
    ws.awaitType("hello");
    return ws;
  }

  static long visitorSays(long inbox, String body) {
    return Visitors.says(configA, inbox, body);
  }
}
