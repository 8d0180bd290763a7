package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * What happens off the screen a browser test watches: a visitor who writes over the widget's
 * socket (no browser needed), a colleague who works through the API.
 */
final class Offscreen {

  private Offscreen() {}

  /** A new visitor on this web inbox writes once and leaves; answers their conversation's id. */
  static long visitorWrites(HubConfig hub, long inboxId, String text) {
    try (WsClient visitor = WsClient.connect("ws://localhost:" + hub.httpPort() + "/ws/widget?inbox=" + inboxId)) {
      visitor.awaitType("hello");
      visitor.send(new JsonObject().put("type", "message").put("client_id", "1").put("body", text));
      visitor.awaitType("ack");
      return visitor.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
          .getLong("conversation_id");
    }
  }

  /** One new visitor per text, each writing it once, in this order. */
  static void visitorsWrite(HubConfig hub, long inboxId, String... texts) {
    for (String text : texts) {
      visitorWrites(hub, inboxId, text);
    }
  }

  /**
   * A new agent of this name, created by the node's admin, signed in to the API: email
   * {@code name@example.com} and password {@code name-password}, the name in lower case.
   */
  static ApiClient colleague(RunningHub node, String name) {
    String login = name.toLowerCase(Locale.ROOT);
    Reply created = node.admin().post("/api/v1/agents", new JsonObject().put("email", login + "@example.com")
        .put("name", name).put("password", login + "-password"));
    assertEquals(201, created.status(), created.text());
    return new ApiClient("http://localhost:" + node.config().httpPort()).login(login + "@example.com", login + "-password");
  }
}
