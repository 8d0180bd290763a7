package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.concurrent.TimeUnit;

/**
 * An agent's socket, as the inbox keeps one open: it gets {@code message.created} for every stored
 * message. The phase's handler sees each message body with the time it arrived.
 */
final class AgentListener {

  /** A message body as it reached this agent. */
  interface BodyHandler {
    void handle(String body, long receivedNanos);
  }

  private static final String CREATED = "{\"type\":\"message.created\"";

  private final ClientWebSocket ws;
  private final Promise<Void> hello = Promise.promise();
  private BodyHandler bodies = (b, t) -> { };
  private boolean closed;

  private AgentListener(ClientWebSocket ws) {
    this.ws = ws;
  }

  static Future<AgentListener> open(WebSocketClient client, String host, int port, String token) {
    AgentListener a = new AgentListener(client.webSocket());
    a.ws.textMessageHandler(a::onText);
    a.ws.closeHandler(v -> {
      a.closed = true;
      a.hello.tryFail("agent socket closed before hello");
    });
    a.ws.exceptionHandler(e -> a.hello.tryFail(e));
    return a.ws.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/ws/agent?token=" + token))
        .compose(w -> a.hello.future().timeout(15, TimeUnit.SECONDS))
        .map(a);
  }

  void onBody(BodyHandler handler) {
    bodies = handler;
  }

  boolean isOpen() {
    return !closed;
  }

  Future<Void> close() {
    return closed ? Future.succeededFuture() : ws.close();
  }

  private void onText(String text) {
    long now = System.nanoTime();
    if (text.startsWith(CREATED)) {
      // the bench's bodies are unique ASCII tokens, so a string search is exact and avoids parsing
      // the whole agent view of the message at thousands of frames a second
      int at = text.indexOf("\"body\":\"");
      if (at >= 0) {
        int from = at + 8;
        bodies.handle(text.substring(from, text.indexOf('"', from)), now);
      }
    } else if (text.startsWith("{\"type\":\"hello\"")) {
      hello.tryComplete();
    }
  }
}
