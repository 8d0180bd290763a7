package dev.switchboard.hub.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a hostile or broken widget client gets: limits that hold, refusals that say which message. */
class WidgetAbuseTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("widgetabuse");
  static long inbox;

  @BeforeAll
  static void start() {
    inbox = node.admin().webInbox("Website");
  }

  static String url(String token) {
    return "ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox=" + inbox + (token == null ? "" : "&visitor=" + token);
  }

  static WsClient widget(String token) {
    return WsClient.connect(url(token), "https://shop.example.com");
  }

  static JsonObject message(String clientId, String body) {
    return new JsonObject().put("type", "message").put("client_id", clientId).put("body", body);
  }

  @Test
  void oneVisitorTokenCannotHoldHundredsOfSockets() throws Exception {
    String token;
    try (WsClient first = widget(null)) {
      token = first.awaitType("hello").getString("visitor");
    }
    HttpClient http = HttpClient.newHttpClient();
    List<WebSocket> open = new ArrayList<>();
    int refused = 0;
    try {
      for (int i = 0; i < 300; i++) {
        FirstFrame first = new FirstFrame();
        try {
          WebSocket ws = http.newWebSocketBuilder().header("Origin", "https://shop.example.com")
              .buildAsync(URI.create(url(token)), first).join();
          String type = first.frame.get(10, TimeUnit.SECONDS).getString("type");
          if ("hello".equals(type)) {
            open.add(ws);
          } else {
            refused++;
            ws.abort();
          }
        } catch (CompletionException e) {
          assertTrue(e.getCause() instanceof WebSocketHandshakeException, e.toString());
          assertEquals(429, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
          refused++;
        }
      }
      assertTrue(open.size() <= 10, open.size() + " sockets open on one visitor token");
      assertEquals(300 - open.size(), refused);
    } finally {
      open.forEach(WebSocket::abort);
    }
  }

  @Test
  void theFrameLimitCountsBytesNotCharacters() {
    try (WsClient w = widget(null)) {
      w.awaitType("hello");
      // 60,000 characters, 180,000 bytes
      w.send(message("euro", "€".repeat(60_000)));
      assertEquals("too_large", w.awaitType("error").getString("error"));
      w.send(message("ok", "€ 5"));
      assertEquals("ok", w.awaitType("ack").getString("client_id"));
      assertTrue(w.drain(200).stream().noneMatch(f -> "ack".equals(f.getString("type"))), "the large one was not stored");
    }
  }

  @Test
  void aNulCharacterAnywhereIsABadFrameAndNothingIsStored() {
    try (WsClient w = widget(null)) {
      w.awaitType("hello");
      w.send(message("nul-body", "before\u0000after"));
      JsonObject error = w.awaitType("error");
      assertEquals("bad_frame", error.getString("error"));
      assertEquals("nul-body", error.getString("client_id"), "the widget learns which message was refused");
      w.send(message("nul-extra", "fine").put("extra", new JsonObject().put("x", "a\u0000")));
      assertEquals("bad_frame", w.awaitType("error").getString("error"));
      w.send(message("clean", "clean"));
      assertEquals(1, w.awaitType("ack").getLong("seq"), "only the clean message was stored");
      assertTrue(w.drain(200).stream().noneMatch(f -> "ack".equals(f.getString("type"))));
    }
  }

  @Test
  void everyRefusedMessageSaysWhichOne() {
    try (WsClient w = widget(null)) {
      w.awaitType("hello");
      for (int i = 0; i < 40; i++) {
        w.send(message("m" + i, "message " + i));
      }
      JsonObject refused = w.await(f -> "error".equals(f.getString("type")) && "rate_limited".equals(f.getString("error")));
      assertTrue(refused.getString("client_id", "").startsWith("m"), "rate_limited names the message: " + refused);
      assertFalse(w.isClosed());
    }
  }

  @Test
  void aTypingStormReachesAgentsAsAFewStateChanges() {
    try (WsClient agent = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/agent?token=" + node.admin().token());
         WsClient w = widget(null)) {
      agent.awaitType("hello");
      w.awaitType("hello");
      w.send(message("before", "about to type a lot"));
      w.awaitType("ack");
      long conversation = w.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
          .getLong("conversation_id");
      // typing may go only to agents viewing the conversation
      agent.send(new JsonObject().put("type", "viewing").put("conversation_id", conversation).put("state", true));
      agent.send(new JsonObject().put("type", "ping")); // frames are handled in order: after the pong it views
      agent.awaitType("pong");
      for (int i = 0; i < 40; i++) {
        w.send(new JsonObject().put("type", "typing").put("state", i % 2 == 0));
      }
      w.send(message("after", "done typing"));
      agent.await(f -> "message.created".equals(f.getString("type"))
          && "done typing".equals(f.getJsonObject("message").getString("body")));
      long forwarded = agent.drain(500).stream()
          .filter(f -> "typing".equals(f.getString("type")) && "customer".equals(f.getString("who"))).count();
      assertTrue(forwarded >= 1, "the visitor's typing still shows");
      assertTrue(forwarded < 20, forwarded + " of 40 typing changes reached the agent");
    }
  }

  /** Completes with the first text frame a socket receives. */
  static final class FirstFrame implements WebSocket.Listener {
    final CompletableFuture<JsonObject> frame = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frame.complete(new JsonObject(partial.toString()));
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      frame.complete(new JsonObject().put("type", "closed"));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      frame.complete(new JsonObject().put("type", "closed"));
    }
  }
}
