package dev.switchboard.hub.bots;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A bot's webhook endpoint for tests, on 127.0.0.1 (the JDK's HTTP server, no hub code): it keeps
 * every request per path and answers each path with the statuses it was told, in turn (the last one
 * again when they run out; 200 when told nothing).
 */
final class WebhookReceiver implements AutoCloseable {

  /** One request as the bot saw it. */
  record Call(String path, Map<String, String> headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private final HttpServer server;
  private final List<Call> calls = new ArrayList<>();
  private final Map<String, ConcurrentLinkedDeque<Integer>> statuses = new ConcurrentHashMap<>();

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", exchange -> {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Map<String, String> headers = new java.util.HashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
      String path = exchange.getRequestURI().getPath();
      synchronized (calls) {
        calls.add(new Call(path, headers, body));
        calls.notifyAll();
      }
      ConcurrentLinkedDeque<Integer> queue = statuses.getOrDefault(path + "#" + type(body), statuses.get(path));
      int status = 200;
      if (queue != null && !queue.isEmpty()) {
        status = queue.size() > 1 ? queue.pollFirst() : queue.peekFirst();
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  /** The URL of one path on this receiver. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The statuses {@code path} answers with, in turn. */
  void answer(String path, Integer... codes) {
    statuses.put(path, new ConcurrentLinkedDeque<>(List.of(codes)));
  }

  /**
   * The statuses {@code path} answers events of one {@code type} with, in turn (other events get the
   * path's own answers): events of one conversation race each other to the endpoint.
   */
  void answer(String path, String type, Integer... codes) {
    statuses.put(path + "#" + type, new ConcurrentLinkedDeque<>(List.of(codes)));
  }

  private static String type(String body) {
    try {
      return new JsonObject(body).getString("type");
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The first call to {@code path} that matches, waiting up to {@code seconds}. */
  Call await(String path, Predicate<Call> match, int seconds) throws InterruptedException {
    long until = System.currentTimeMillis() + seconds * 1000L;
    synchronized (calls) {
      while (true) {
        for (Call c : calls) {
          if (c.path().equals(path) && match.test(c)) {
            return c;
          }
        }
        long left = until - System.currentTimeMillis();
        if (left <= 0) {
          throw new AssertionError("no matching webhook call to " + path + " within " + seconds + " s; got "
              + calls.stream().filter(c -> c.path().equals(path)).map(Call::body).toList());
        }
        calls.wait(left);
      }
    }
  }

  List<Call> calls(String path) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.path().equals(path)).toList();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
