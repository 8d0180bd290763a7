package dev.switchboard.hub.bots;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningNodes;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes: an event is stored for a bot once in the deployment (by the node that published it),
 * sent once, and reaches the bot's socket on the other node.
 */
class TwoNodeBotsTest {

  @RegisterExtension
  static final RunningNodes nodes = new RunningNodes("twonodebots");

  @Test
  void aMessageOnOneNodeReachesTheBotOnceAndItsSocketOnTheOtherNode() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      ApiClient admin = ApiClient.admin(nodes.configA());
      long inbox = admin.webInbox("Two nodes");
      Reply created = admin.post("/api/v1/bots", new JsonObject().put("name", "both")
          .put("webhook_url", receiver.url("/both")).put("allow_private_network", true)
          .put("scopes", new JsonArray().add("read")).put("inbox_ids", new JsonArray().add(inbox)));
      assertEquals(201, created.status(), created.text());
      String token = created.json().getString("token");
      try (WsClient socket = WsClient.connect("ws://localhost:" + nodes.configA().httpPort() + "/ws/bot?token=" + token)) {
        socket.awaitType("hello");
        try (WsClient visitor = WsClient.connect("ws://localhost:" + nodes.configB().httpPort() + "/ws/widget?inbox="
            + inbox)) {
          visitor.awaitType("hello");
          visitor.send(new JsonObject().put("type", "message").put("client_id", "1").put("body", "via node B"));
          visitor.awaitType("ack");
        }
        JsonObject live = socket.await(f -> "event".equals(f.getString("type"))
            && "message.created".equals(f.getJsonObject("event").getString("type")));
        assertEquals("via node B", live.getJsonObject("event").getJsonObject("data").getJsonObject("message")
            .getString("body"));
      }
      receiver.await("/both", x -> "message.created".equals(x.json().getString("type")), 15);
      Thread.sleep(1500);
      assertEquals(1, receiver.calls("/both").stream()
          .filter(x -> "message.created".equals(x.json().getString("type"))).count(), "sent once, not once per node");
    }
  }
}
