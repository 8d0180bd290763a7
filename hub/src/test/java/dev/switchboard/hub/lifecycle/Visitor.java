package dev.switchboard.hub.lifecycle;

import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonObject;

/** A website visitor who keeps their widget socket open and writes when told: one customer, one conversation. */
final class Visitor implements AutoCloseable {

  private final WsClient socket;
  private final long conversationId;
  private int sent;

  private Visitor(WsClient socket, long conversationId) {
    this.socket = socket;
    this.conversationId = conversationId;
  }

  /** Connects to the web inbox and writes {@code first}. */
  static Visitor says(HubConfig node, long inbox, String first) {
    WsClient ws = WsClient.connect("ws://localhost:" + node.httpPort() + "/ws/widget?inbox=" + inbox);
    ws.awaitType("hello");
    ws.send(new JsonObject().put("type", "message").put("client_id", "c0").put("body", first));
    ws.awaitType("ack");
    long id = ws.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
        .getLong("conversation_id");
    Visitor v = new Visitor(ws, id);
    v.sent = 1;
    return v;
  }

  /** Writes again, once the hub has stored it. */
  Visitor says(String body) {
    String id = "c" + sent++;
    socket.send(new JsonObject().put("type", "message").put("client_id", id).put("body", body));
    socket.await(f -> "ack".equals(f.getString("type")) && id.equals(f.getString("client_id")));
    return this;
  }

  long conversationId() {
    return conversationId;
  }

  @Override
  public void close() {
    socket.close();
  }
}
