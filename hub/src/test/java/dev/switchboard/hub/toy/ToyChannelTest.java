package dev.switchboard.hub.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.connectors.spi.OutboundMessage;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.UserHash;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A channel the hub has never heard of, in a connector on the test class path and nowhere else:
 * it is listed, its inbox config is checked and its secrets kept, its customers land in their one
 * conversation, and replies reach it through its own {@code deliver}.
 */
class ToyChannelTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("toychannel");
  static final HttpClient http = HttpClient.newHttpClient();

  static JsonObject channel(JsonObject listing, String name) {
    return listing.getJsonArray("channels").stream().map(o -> (JsonObject) o)
        .filter(c -> name.equals(c.getString("name"))).findFirst().orElse(null);
  }

  static JsonObject key(JsonObject channel, String name) {
    return channel.getJsonArray("config").stream().map(o -> (JsonObject) o)
        .filter(k -> name.equals(k.getString("key"))).findFirst().orElseThrow();
  }

  static Reply createToyInbox(JsonObject config) {
    return node.admin().post("/api/v1/inboxes", new JsonObject().put("name", "Toy").put("channel", "toy").put("config", config));
  }

  static HttpResponse<String> toyWebhook(long inbox, String key, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + node.config().httpPort()
        + "/webhooks/toy/" + inbox)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (key != null) {
      b.header("x-toy-key", key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anyAgentSeesEveryChannelDescribedByItsConnector() {
    node.admin().post("/api/v1/agents", new JsonObject().put("email", "sam@example.com").put("name", "Sam")
        .put("password", "correct horse").put("role", "agent"));
    ApiClient sam = new ApiClient("http://localhost:" + node.config().httpPort()).login("sam@example.com", "correct horse");
    Reply r = sam.get("/api/v1/channels");
    assertEquals(200, r.status(), r.text());

    JsonObject toy = channel(r.json(), "toy");
    assertNotNull(toy, "the test-only connector's channel is listed: " + r.text());
    assertEquals("phone", toy.getString("identity_kind"));
    assertEquals(86_400, toy.getJsonObject("capabilities").getLong("reply_window_seconds"));
    assertEquals("outbox", toy.getJsonObject("capabilities").getString("replies"));
    assertTrue(toy.getJsonObject("capabilities").getBoolean("templates"));
    assertEquals(true, key(toy, "account").getBoolean("required"));
    assertEquals(true, key(toy, "api_key").getBoolean("secret"));
    assertEquals(true, key(toy, "server_url").getBoolean("endpoint"));
    assertEquals("url", key(toy, "server_url").getString("type"));

    JsonObject web = channel(r.json(), "web");
    assertEquals("live_socket", web.getJsonObject("capabilities").getString("replies"));
    assertEquals(true, key(web, "identity_secret").getBoolean("secret"));
    assertEquals("phone", channel(r.json(), "sms").getString("identity_kind"));
    assertEquals(true, key(channel(r.json(), "email"), "imap_host").getBoolean("endpoint"));

    assertEquals(401, new ApiClient("http://localhost:" + node.config().httpPort()).get("/api/v1/channels").status());
  }

  @Test
  void aToyInboxIsCheckedAgainstItsSchemaAndKeepsItsSecret() {
    Reply badType = createToyInbox(new JsonObject().put("account", "acme").put("server_url", "not a url"));
    assertEquals(400, badType.status(), badType.text());
    assertTrue(badType.json().getString("message").contains("server_url"), badType.text());

    Reply missing = createToyInbox(new JsonObject().put("api_key", "k"));
    assertEquals(400, missing.status(), missing.text());
    assertTrue(missing.json().getString("message").contains("account is required"), missing.text());

    String secret = "toy-secret-" + UUID.randomUUID();
    Reply created = createToyInbox(new JsonObject().put("account", "acme").put("api_key", secret)
        .put("server_url", "http://127.0.0.1:1"));
    assertEquals(201, created.status(), created.text());
    long id = created.json().getLong("id");
    assertFalse(created.text().contains(secret));
    assertEquals(new JsonArray().add("api_key"), created.json().getJsonArray("secrets_set"));
    assertFalse(node.admin().get("/api/v1/inboxes/" + id).text().contains(secret), "secrets are write-only");
    assertFalse(node.admin().get("/api/v1/inboxes").text().contains(secret), "secrets are write-only");

    Reply removeRequired = node.admin().patch("/api/v1/inboxes/" + id,
        new JsonObject().put("config", new JsonObject().putNull("account")));
    assertEquals(400, removeRequired.status(), removeRequired.text());

    Reply moved = node.admin().patch("/api/v1/inboxes/" + id,
        new JsonObject().put("config", new JsonObject().put("server_url", "http://attacker.example.com")));
    assertEquals(400, moved.status());
    assertEquals("secrets_required", moved.json().getString("error"));
    assertTrue(moved.json().getString("message").contains("api_key"), moved.text());

    Reply notMoved = node.admin().patch("/api/v1/inboxes/" + id,
        new JsonObject().put("config", new JsonObject().put("max_per_minute", 5)));
    assertEquals(200, notMoved.status(), notMoved.text());
    assertFalse(notMoved.text().contains(secret));
  }

  @Test
  void aToyCustomerIsInTheirOneConversationAndAgentRepliesLeaveThroughTheToyConnector() throws Exception {
    // a site visitor proves their phone number in the widget: their chat is the phone's conversation
    String siteSecret = "site-" + UUID.randomUUID();
    long web = node.admin().post("/api/v1/inboxes", new JsonObject().put("name", "Site").put("channel", "web")
        .put("config", new JsonObject().put("allowed_origins", new JsonArray().add("*"))
            .put("identity_secret", siteSecret))).json().getLong("id");
    String phone = "+1415555" + String.format("%04d", (int) (Math.random() * 10_000));
    long conversation;
    try (WsClient w = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox=" + web,
        "https://shop.example.com")) {
      w.awaitType("hello");
      w.send(new JsonObject().put("type", "message").put("client_id", "c1").put("body", "hello from the site"));
      w.await(f -> "ack".equals(f.getString("type")));
      w.send(new JsonObject().put("type", "identify").put("phone", phone)
          .put("user_hash", UserHash.of(siteSecret, null, null, phone)));
      conversation = w.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
          .getLong("conversation_id");
    }

    String key = "toy-key-" + UUID.randomUUID();
    long toy = createToyInbox(new JsonObject().put("account", "acme").put("api_key", key)).json().getLong("id");
    JsonObject text = new JsonObject().put("from", phone).put("text", "texting from the toy").put("id", "t-" + UUID.randomUUID());
    assertEquals(403, toyWebhook(toy, "wrong", text).statusCode(), "the connector checks its own secret");
    HttpResponse<String> in = toyWebhook(toy, key, text);
    assertEquals(200, in.statusCode(), in.body());

    List<String> timeline = node.admin().get("/api/v1/conversations/" + conversation + "/messages").json()
        .getJsonArray("messages").stream().map(o -> ((JsonObject) o).getString("channel") + ":"
            + ((JsonObject) o).getString("body")).toList();
    assertEquals(List.of("web:hello from the site", "toy:texting from the toy"), timeline,
        "the toy message joins the customer's one conversation");

    Reply reply = node.admin().post("/api/v1/conversations/" + conversation + "/messages",
        new JsonObject().put("body", "Answered on the toy"));
    assertEquals(201, reply.status(), reply.text());
    assertEquals("toy", reply.json().getString("channel"), "replies go where the customer last wrote");
    assertEquals("queued", reply.json().getString("status"), "the toy replies through the outbox");

    long messageId = reply.json().getLong("id");
    OutboundMessage out;
    do {
      out = ToyConnector.DELIVERED.poll(10, TimeUnit.SECONDS);
      assertNotNull(out, "the toy connector delivered the reply");
    } while (out.messageId() != messageId);
    assertEquals("Answered on the toy", out.body());
    assertEquals(phone, out.to().address());
    assertEquals("phone", out.to().kind());
    assertEquals(String.valueOf(toy), out.inboxId());

    long deadline = System.currentTimeMillis() + 10_000;
    String status = null;
    while (System.currentTimeMillis() < deadline && !"sent".equals(status)) {
      status = node.admin().get("/api/v1/conversations/" + conversation + "/messages?after_seq=2").json()
          .getJsonArray("messages").getJsonObject(0).getString("status");
      Thread.sleep(100);
    }
    assertEquals("sent", status, "the toy connector's receipt is recorded");
  }
}
