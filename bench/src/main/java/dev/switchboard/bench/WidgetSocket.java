package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/**
 * One website visitor's widget socket (PROTOCOL.md "Widget socket"). Opening completes on the
 * first {@code hello}; acks and error frames go to handlers the current phase sets.
 */
final class WidgetSocket {

  private static final Handler<JsonObject> IGNORE = f -> { };

  private final ClientWebSocket ws;
  private final Promise<Void> hello = Promise.promise();
  private Handler<JsonObject> ackHandler = IGNORE;
  private Handler<JsonObject> errorHandler = IGNORE;
  /** Null until the first message creates the visitor's conversation; the hub then says hello again. */
  private Long conversationId;
  private boolean closed;

  private WidgetSocket(ClientWebSocket ws) {
    this.ws = ws;
  }

  static Future<WidgetSocket> open(WebSocketClient client, String host, int port, long inboxId) {
    WidgetSocket s = new WidgetSocket(client.webSocket());
    // handlers before connecting, so the hello cannot slip past us
    s.ws.textMessageHandler(s::onText);
    s.ws.closeHandler(v -> {
      s.closed = true;
      s.hello.tryFail("closed before hello");
    });
    s.ws.exceptionHandler(e -> s.hello.tryFail(e));
    return s.ws.connect(new WebSocketConnectOptions().setHost(host).setPort(port)
            .setURI("/ws/widget?inbox=" + inboxId))
        .compose(w -> s.hello.future().timeout(15, TimeUnit.SECONDS))
        .map(s);
  }

  void onAck(Handler<JsonObject> handler) {
    ackHandler = handler;
  }

  void onError(Handler<JsonObject> handler) {
    errorHandler = handler;
  }

  Long conversationId() {
    return conversationId;
  }

  boolean isOpen() {
    return !closed;
  }

  /** Sends a message frame; false when the socket is gone. Ids and bodies are plain ASCII tokens. */
  boolean send(String clientId, String body) {
    if (closed) {
      return false;
    }
    // built by hand: the generator shares two cores with the hub, so it spends as little as it can
    ws.writeTextMessage("{\"type\":\"message\",\"client_id\":\"" + clientId + "\",\"body\":\"" + body + "\"}");
    return true;
  }

  Future<Void> close() {
    return closed ? Future.succeededFuture() : ws.close();
  }

  private void onText(String text) {
    // the echo of our own messages ("type":"message", last key) is the bulk: skip it without parsing
    if (text.endsWith("\"type\":\"message\"}")) {
      return;
    }
    JsonObject frame = new JsonObject(text);
    switch (frame.getString("type", "")) {
      case "hello" -> {
        conversationId = frame.getLong("conversation_id");
        hello.tryComplete();
      }
      case "ack" -> ackHandler.handle(frame);
      case "error" -> errorHandler.handle(frame);
      default -> { }
    }
  }
}
