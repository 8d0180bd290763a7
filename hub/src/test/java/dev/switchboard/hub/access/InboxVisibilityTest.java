package dev.switchboard.hub.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.RunningNodes;
import dev.switchboard.hub.Visitors;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An inbox with members shows its conversations to them, to the assignee and to admins; everyone
 * else hears nothing of them on the socket and gets 404s from the API. Inboxes without members stay
 * open to all.
 */
class InboxVisibilityTest {

  @RegisterExtension
  static final RunningNodes nodes = new RunningNodes("visibility");

  static ApiClient admin;
  static long bea;
  static long cy;
  static long sales;
  static long open;

  @BeforeAll
  static void start() {
    admin = ApiClient.admin(nodes.configA());
    bea = agent("bea");
    cy = agent("cy");
    ApiClient.Reply created = admin.post("/api/v1/inboxes", new JsonObject().put("name", "Sales").put("channel", "web")
        .put("config", new JsonObject().put("allowed_origins", new JsonArray().add("*")))
        .put("member_ids", new JsonArray().add(bea)));
    assertEquals(201, created.status(), created.text());
    assertEquals(new JsonArray().add(bea), created.json().getJsonArray("member_ids"));
    sales = created.json().getLong("id");
    open = admin.webInbox("Support");
  }

  @Test
  void anAgentSocketHearsNothingOfAConversationItMayNotSee() {
    ApiClient beaApi = login(nodes.configB(), "bea");
    ApiClient cyApi = login(nodes.configB(), "cy");
    try (WsClient beaSocket = agentSocket(nodes.configB(), beaApi);
         WsClient cySocket = agentSocket(nodes.configB(), cyApi);
         WsClient adminSocket = agentSocket(nodes.configA(), admin)) {
      long hidden = visitorSays(sales, "a sales question");
      long visible = visitorSays(open, "a support question");
      admin.patch("/api/v1/conversations/" + hidden, new JsonObject().put("priority", "high"));
      admin.post("/api/v1/conversations/" + hidden + "/messages", new JsonObject().put("body", "on it"));

      // the members and admins hear all of it, on either node
      for (WsClient allowed : List.of(beaSocket, adminSocket)) {
        allowed.await(f -> "message.created".equals(f.getString("type")) && f.getLong("conversation_id") == hidden
            && "on it".equals(f.getJsonObject("message").getString("body")));
      }
      // cy hears the open inbox's conversation, and nothing at all of the other
      cySocket.await(f -> "message.created".equals(f.getString("type")) && f.getLong("conversation_id") == visible);
      List<JsonObject> rest = cySocket.drain(500);
      assertTrue(rest.stream().noneMatch(f -> mentions(f, hidden)), "cy heard of the sales conversation: " + rest);

      // and may not ask for it either
      cySocket.send(new JsonObject().put("type", "sync").put("conversation_id", hidden).put("after_seq", 0));
      assertEquals("not_found", cySocket.awaitType("error").getString("error"));
      cySocket.send(new JsonObject().put("type", "viewing").put("conversation_id", hidden).put("state", true));
      assertEquals("not_found", cySocket.awaitType("error").getString("error"));
      cySocket.send(new JsonObject().put("type", "sync").put("conversation_id", visible).put("after_seq", 0));
      assertEquals(1, cySocket.awaitType("synced").getLong("last_seq"));
      assertTrue(cySocket.drain(300).stream().noneMatch(f -> mentions(f, hidden)));

      // assigned to cy, the conversation is cy's to see from then on
      assertEquals(200, admin.patch("/api/v1/conversations/" + hidden, new JsonObject().put("assignee_id", cy))
          .status());
      cySocket.await(f -> "conversation.updated".equals(f.getString("type"))
          && f.getJsonObject("conversation").getLong("id") == hidden);
      admin.post("/api/v1/conversations/" + hidden + "/messages", new JsonObject().put("body", "over to cy"));
      cySocket.await(f -> "message.created".equals(f.getString("type")) && f.getLong("conversation_id") == hidden);
    }
  }

  @Test
  void theApiAnswersOnlyForConversationsTheAgentMaySee() throws InterruptedException {
    long hidden = visitorSays(sales, "only for sales");
    long visible = visitorSays(open, "for anyone");
    ApiClient cyApi = login(nodes.configA(), "cy");
    ApiClient beaApi = login(nodes.configB(), "bea");
    String path = "/api/v1/conversations/" + hidden;

    List<Long> listed = ids(cyApi.get("/api/v1/conversations").json());
    assertTrue(listed.contains(visible) && !listed.contains(hidden), "cy's list: " + listed);
    assertEquals(404, cyApi.get(path).status());
    assertEquals(404, cyApi.get(path + "/messages").status());
    assertEquals(404, cyApi.patch(path, new JsonObject().put("status", "resolved")).status());
    assertEquals(404, cyApi.post(path + "/messages", new JsonObject().put("body", "sneaky")).status());
    assertEquals(1, admin.get(path + "/messages").json().getJsonArray("messages").size(), "nothing was sent");
    assertEquals(200, cyApi.get("/api/v1/conversations/" + visible).status());

    assertTrue(ids(beaApi.get("/api/v1/conversations").json()).contains(hidden), "members see it");
    assertEquals(200, beaApi.get(path).status());
    assertEquals(201, beaApi.post(path + "/messages", new JsonObject().put("body", "hi")).status());
    assertTrue(ids(admin.get("/api/v1/conversations").json()).containsAll(List.of(hidden, visible)), "admins all");

    // opening the inbox to everyone (no members) shows it to cy, on every node
    ApiClient.Reply opened = admin.patch("/api/v1/inboxes/" + sales, new JsonObject().put("member_ids", new JsonArray()));
    assertEquals(200, opened.status(), opened.text());
    assertEquals(new JsonArray(), opened.json().getJsonArray("member_ids"));
    assertEquals(200, cyApi.get(path).status());
    ApiClient cyOnB = login(nodes.configB(), "cy");
    long deadline = System.currentTimeMillis() + 5_000;
    while (cyOnB.get(path).status() != 200 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(200, cyOnB.get(path).status(), "the other node heard of the change");
    assertEquals(200, admin.patch("/api/v1/inboxes/" + sales, new JsonObject().put("member_ids",
        new JsonArray().add(bea))).status());
    assertEquals(404, cyApi.get(path).status());
  }

  @Test
  void memberIdsAreAgentIds() {
    String path = "/api/v1/inboxes/" + open;
    assertEquals(400, admin.patch(path, new JsonObject().put("member_ids", new JsonArray().add(987654))).status());
    assertEquals(400, admin.patch(path, new JsonObject().put("member_ids", new JsonArray().add("bea"))).status());
    assertEquals(400, admin.patch(path, new JsonObject().put("member_ids", 5)).status());
    assertEquals(new JsonArray(), admin.get(path).json().getJsonArray("member_ids"), "nothing changed");
    assertEquals(403, login(nodes.configA(), "cy").patch(path, new JsonObject().put("member_ids", new JsonArray().add(cy)))
        .status());
  }

  @Test
  void aFileInAConversationIsFetchedOnlyByThoseWhoMaySeeTheConversation() {
    long hidden = visitorSays(sales, "the contract is attached");
    ApiClient.Reply upload = admin.upload("contract.pdf", "application/pdf", "%PDF-1.4 secret terms".getBytes());
    assertEquals(201, upload.status(), upload.text());
    long file = upload.json().getLong("id");
    // a private note may carry files on any channel: the file now belongs to the sales conversation
    ApiClient.Reply note = admin.post("/api/v1/conversations/" + hidden + "/messages", new JsonObject()
        .put("body", "for the file").put("private", true).put("attachment_ids", new JsonArray().add(file)));
    assertEquals(201, note.status(), note.text());

    String path = "/api/v1/attachments/" + file;
    assertEquals(404, login(nodes.configA(), "cy").bytes(path).statusCode(), "cy may not see the sales inbox");
    assertEquals(200, login(nodes.configA(), "bea").bytes(path).statusCode(), "bea is a member");
    assertEquals(200, admin.bytes(path).statusCode());
  }

  static boolean mentions(JsonObject frame, long conversation) {
    Long id = frame.getLong("conversation_id");
    JsonObject c = frame.getJsonObject("conversation");
    return (id != null && id == conversation) || (c != null && c.getLong("id") == conversation);
  }

  static List<Long> ids(JsonObject list) {
    return list.getJsonArray("conversations").stream().map(c -> ((JsonObject) c).getLong("id")).toList();
  }

  static long agent(String name) {
    ApiClient.Reply r = admin.post("/api/v1/agents", new JsonObject().put("email", name + "@example.com")
        .put("name", name).put("password", name + "-password"));
    assertEquals(201, r.status(), r.text());
    return r.json().getLong("id");
  }

  static ApiClient login(HubConfig node, String name) {
    return new ApiClient("http://localhost:" + node.httpPort()).login(name + "@example.com", name + "-password");
  }

  static WsClient agentSocket(HubConfig node, ApiClient api) {
    WsClient ws = WsClient.connect("ws://localhost:" + node.httpPort() + "/ws/agent?token=" + api.token());
    ws.awaitType("hello");
    return ws;
  }

  /** A new visitor writes on node A; returns the conversation id. */
  static long visitorSays(long inbox, String body) {
    return Visitors.says(nodes.configA(), inbox, body);
  }
}
