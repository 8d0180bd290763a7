package dev.switchboard.hub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A customer's typing reaches the agents looking at that conversation, a trickle even in a storm. */
class TypingTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("typing");
  static long inbox;

  @BeforeAll
  static void start() {
    inbox = node.admin().webInbox("Website");
    node.admin().post("/api/v1/agents", new JsonObject().put("email", "bea@example.com").put("name", "Bea")
        .put("password", "bea-password"));
  }

  @Test
  void aTypingStormReachesOnlyTheViewingAgentAndOnlyAsATrickle() throws Exception {
    String ws = "ws://localhost:" + node.config().httpPort();
    String token;
    long conversation;
    try (WsClient first = WsClient.connect(ws + "/ws/widget?inbox=" + inbox)) {
      token = first.awaitType("hello").getString("visitor");
      first.send(new JsonObject().put("type", "message").put("client_id", "1").put("body", "hi"));
      first.awaitType("ack");
      conversation = first.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
          .getLong("conversation_id");
    }
    ApiClient bea = new ApiClient("http://localhost:" + node.config().httpPort()).login("bea@example.com", "bea-password");
    try (WsClient viewing = WsClient.connect(ws + "/ws/agent?token=" + node.admin().token());
         WsClient elsewhere = WsClient.connect(ws + "/ws/agent?token=" + bea.token())) {
      viewing.awaitType("hello");
      elsewhere.awaitType("hello");
      viewing.send(new JsonObject().put("type", "viewing").put("conversation_id", conversation).put("state", true));
      viewing.send(new JsonObject().put("type", "ping")); // frames are handled in order: after the pong it views
      viewing.awaitType("pong");

      List<WsClient> sockets = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        WsClient w = WsClient.connect(ws + "/ws/widget?inbox=" + inbox + "&visitor=" + token);
        w.awaitType("hello");
        sockets.add(w);
      }
      int toggles = 0;
      for (int round = 0; round < 30; round++) { // 3 s at 10 toggles/s on each of 5 sockets
        boolean state = round % 2 == 0;
        for (WsClient w : sockets) {
          w.send(new JsonObject().put("type", "typing").put("state", state));
          toggles++;
        }
        Thread.sleep(100);
      }
      for (WsClient w : sockets) {
        w.send(new JsonObject().put("type", "typing").put("state", false));
      }
      Thread.sleep(2_500); // the last window closes and the true final state goes out

      List<JsonObject> seen = viewing.drain(0).stream().filter(f -> "typing".equals(f.getString("type"))).toList();
      assertTrue(!seen.isEmpty(), "the viewing agent sees the customer typing");
      assertTrue(seen.size() <= 8, "coalesced to about one a second: " + seen.size() + " of " + toggles);
      assertFalse(seen.get(seen.size() - 1).getBoolean("state"), "and ends with the true state: stopped");
      assertEquals(conversation, seen.get(0).getLong("conversation_id"));
      assertTrue(elsewhere.drain(0).stream().noneMatch(f -> "typing".equals(f.getString("type"))),
          "an agent not viewing the conversation hears none of it");
      sockets.forEach(WsClient::close);
    }
  }
}
