package dev.switchboard.hub;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket client for tests: collects text frames as JSON and waits for the one it needs. */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final List<JsonObject> seen = new ArrayList<>();
  private final StringBuilder partial = new StringBuilder();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private WebSocket ws;

  public static WsClient connect(String url) {
    return connect(url, null);
  }

  public static WsClient connect(String url, String origin) {
    WsClient client = new WsClient();
    WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (origin != null) {
      b.header("Origin", origin);
    }
    client.ws = b.buildAsync(URI.create(url), client).join();
    return client;
  }

  public WsClient send(JsonObject frame) {
    return sendText(frame.encode());
  }

  public WsClient sendText(String text) {
    ws.sendText(text, true).join();
    return this;
  }

  /** The first not-yet-taken frame matching {@code match}; frames skipped on the way are kept for later. */
  public JsonObject await(Predicate<JsonObject> match) {
    return await(match, 10);
  }

  public synchronized JsonObject await(Predicate<JsonObject> match, int seconds) {
    for (int i = 0; i < seen.size(); i++) {
      if (match.test(seen.get(i))) {
        return seen.remove(i);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonObject f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
        if (f == null) {
          throw new AssertionError("no matching frame within " + seconds + " s; got " + seen);
        }
        if (match.test(f)) {
          return f;
        }
        seen.add(f);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public JsonObject awaitType(String type) {
    return await(f -> type.equals(f.getString("type")));
  }

  /** Frames received so far and not taken, after waiting {@code millis} for stragglers. */
  public synchronized List<JsonObject> drain(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    frames.drainTo(seen);
    List<JsonObject> out = new ArrayList<>(seen);
    seen.clear();
    return out;
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  public int awaitClose(int seconds) {
    return closed.orTimeout(seconds, TimeUnit.SECONDS).join();
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      frames.add(new JsonObject(partial.toString()));
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(-1);
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    }
  }
}
