package dev.switchboard.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Input that used to become a 500 or a huge answer: refused clearly, nothing stored, the node fine. */
class BadInputTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("badinput", c -> c.withMetricsToken("scrape-me"));
  static long inbox;

  @BeforeAll
  static void start() {
    inbox = node.admin().webInbox("Website");
  }

  static long visitorSays(String body) {
    try (WsClient w = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox=" + inbox)) {
      w.awaitType("hello");
      w.send(new JsonObject().put("type", "message").put("client_id", "c1").put("body", body));
      return w.awaitType("ack").getLong("id") > 0
          ? w.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
              .getLong("conversation_id") : -1;
    }
  }

  @Test
  void nulCharactersAreA400AndNothingIsStored() {
    long conversation = visitorSays("hi");
    long before = node.admin().get("/api/v1/conversations/" + conversation).json().getLong("last_seq");

    Reply reply = node.admin().post("/api/v1/conversations/" + conversation + "/messages",
        "{\"body\":\"evil\\u0000text\"}");
    assertEquals(400, reply.status(), reply.text());
    assertEquals("bad_request", reply.json().getString("error"));
    Reply tags = node.admin().patch("/api/v1/conversations/" + conversation,
        new JsonObject().put("tags", new JsonArray().add("vip\u0000")));
    assertEquals(400, tags.status(), tags.text());
    Reply login = new ApiClient("http://localhost:" + node.config().httpPort()).post("/api/v1/auth/login",
        "{\"email\":\"a\\u0000@example.com\",\"password\":\"whatever1\"}");
    assertEquals(400, login.status(), login.text());
    Reply search = node.admin().get("/api/v1/conversations?q=a%00b");
    assertEquals(400, search.status(), search.text());

    JsonObject after = node.admin().get("/api/v1/conversations/" + conversation).json();
    assertEquals(before, after.getLong("last_seq"), "nothing was stored");
    assertTrue(after.getJsonArray("tags").isEmpty());
    assertEquals(201, node.admin().post("/api/v1/conversations/" + conversation + "/messages",
        new JsonObject().put("body", "a normal reply")).status(), "and the hub works on");
  }

  @Test
  void listsAndUpdatesCarryAPreviewNotTheWholeMessage() {
    String longText = "word ".repeat(10_000);
    long conversation = visitorSays(longText);
    JsonObject listed = node.admin().get("/api/v1/conversations?limit=200").json().getJsonArray("conversations").stream()
        .map(JsonObject.class::cast).filter(c -> c.getLong("id") == conversation).findFirst().orElseThrow();
    String preview = listed.getJsonObject("last_message").getString("body");
    assertTrue(preview.length() <= 280 && longText.startsWith(preview), "a preview, got " + preview.length());
    assertEquals(longText, node.admin().get("/api/v1/conversations/" + conversation + "/messages").json()
        .getJsonArray("messages").getJsonObject(0).getString("body"), "the timeline has the whole text");
  }

  @Test
  void theAgentSocketFrameLimitCountsBytesNotCharacters() {
    try (WsClient agent = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/agent?token=" + node.admin().token())) {
      agent.awaitType("hello");
      // 30,000 characters, 90,000 bytes: over the 64 KB limit on the wire
      agent.send(new JsonObject().put("type", "ping").put("pad", "€".repeat(30_000)));
      assertEquals("too_large", agent.awaitType("error").getString("error"));
      agent.send(new JsonObject().put("type", "ping"));
      agent.awaitType("pong");
    }
  }

  @Test
  void metricsNeedTheMetricsTokenWhenOneIsSet() {
    ApiClient anonymous = new ApiClient("http://localhost:" + node.config().httpPort());
    assertEquals(401, anonymous.get("/metrics").status());
    assertEquals(401, node.admin().get("/metrics").status(), "an agent token is not the metrics token");
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    try {
      var r = http.send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://localhost:" + node.config().httpPort() + "/metrics"))
          .header("authorization", "Bearer scrape-me").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      assertTrue(r.body().contains("switchboard_messages_received_total"));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
