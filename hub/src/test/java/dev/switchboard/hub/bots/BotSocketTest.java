package dev.switchboard.hub.bots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /ws/bot}: a bot without a webhook holds a socket instead and gets the same events live,
 * numbered, and after a reconnect exactly the ones it missed.
 */
class BotSocketTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("botsocket");

  @Test
  void aBotSocketGetsEventsLiveAndCatchesUpAfterAReconnect() {
    long inbox = node.admin().webInbox("Socket");
    Reply created = node.admin().post("/api/v1/bots", new JsonObject().put("name", "live")
        .put("scopes", new JsonArray().add("read")).put("inbox_ids", new JsonArray().add(inbox)));
    assertEquals(201, created.status(), created.text());
    String token = created.json().getString("token");
    String url = "ws://localhost:" + node.config().httpPort() + "/ws/bot?token=" + token;

    long lastSeen;
    try (WsClient bot = WsClient.connect(url)) {
      assertEquals(0, bot.awaitType("hello").getLong("last_seq"));
      visitorSays(inbox, "first question");
      JsonObject frame = bot.await(f -> "event".equals(f.getString("type"))
          && "message.created".equals(f.getJsonObject("event").getString("type")));
      assertEquals("first question", frame.getJsonObject("event").getJsonObject("data").getJsonObject("message")
          .getString("body"));
      lastSeen = bot.await(f -> "event".equals(f.getString("type"))
          && "conversation.opened".equals(f.getJsonObject("event").getString("type"))).getLong("seq");
      assertEquals(2, lastSeen, "seqs count the bot's events, both of them");
    }

    // away: another customer writes (a message and a new conversation); back with ?after=, the bot
    // gets exactly what it missed
    visitorSays(inbox, "second question");
    try (WsClient bot = WsClient.connect(url + "&after=" + lastSeen)) {
      bot.awaitType("hello"); // the new events may be stored before or after it: they come either way
      JsonObject missed = bot.await(f -> "event".equals(f.getString("type")));
      assertEquals(lastSeen + 1, missed.getLong("seq"));
      assertEquals("second question", missed.getJsonObject("event").getJsonObject("data").getJsonObject("message")
          .getString("body"));
      JsonObject opened = bot.await(f -> "event".equals(f.getString("type")));
      assertEquals(lastSeen + 2, opened.getLong("seq"));
      assertEquals("conversation.opened", opened.getJsonObject("event").getString("type"));
      // and a sync frame replays from any seq, then says synced
      bot.send(new JsonObject().put("type", "sync").put("after_seq", 0));
      List<JsonObject> frames = bot.drain(1500);
      assertTrue(frames.stream().anyMatch(f -> "synced".equals(f.getString("type"))
          && f.getLong("last_seq") == lastSeen + 2), frames.toString());
      assertEquals(List.of(1L, 2L, 3L, 4L), frames.stream().filter(f -> "event".equals(f.getString("type")))
          .map(f -> f.getLong("seq")).toList());
    }
  }

  @Test
  void aBadTokenGetsNoSocket() {
    try {
      WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/bot?token=sbbot_nope").close();
      throw new AssertionError("connected with a bad token");
    } catch (RuntimeException expected) {
      // refused with 401 before the upgrade
    }
  }

  static void visitorSays(long inbox, String body) {
    try (WsClient visitor = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox="
        + inbox)) {
      visitor.awaitType("hello");
      visitor.send(new JsonObject().put("type", "message").put("client_id", "1").put("body", body));
      visitor.awaitType("ack");
    }
  }
}
