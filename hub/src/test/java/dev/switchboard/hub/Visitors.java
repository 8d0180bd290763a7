package dev.switchboard.hub;

import io.vertx.core.json.JsonObject;

/** A new widget visitor, as the tests that need a conversation to work on start one. */
public final class Visitors {

  private Visitors() {}

  /** A new visitor on {@code node} writes {@code body} to the web inbox; returns their conversation's id. */
  public static long says(HubConfig node, long inbox, String body) {
    try (WsClient visitor = WsClient.connect("ws://localhost:" + node.httpPort() + "/ws/widget?inbox=" + inbox)) {
      visitor.awaitType("hello");
      visitor.send(new JsonObject().put("type", "message").put("client_id", "1").put("body", body));
      visitor.awaitType("ack");
      return visitor.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
          .getLong("conversation_id");
    }
  }
}
