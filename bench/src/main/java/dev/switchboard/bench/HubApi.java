package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The few REST calls the bench needs: log in, make a web inbox (and a bot), read a conversation,
 * read the heap.
 */
final class HubApi {

  private final WebClient http;
  private String token;

  HubApi(Vertx vertx, String host, int port) {
    this.http = WebClient.create(vertx, new WebClientOptions().setDefaultHost(host).setDefaultPort(port));
  }

  String token() {
    return token;
  }

  Future<String> login(String email, String password) {
    return http.post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("email", email).put("password", password))
        .map(r -> ok(r, 200).bodyAsJsonObject().getString("token"))
        .onSuccess(t -> token = t);
  }

  /** A web inbox any origin may embed; its id is what widget sockets connect to. */
  Future<Long> createWebInbox(String name) {
    JsonObject body = new JsonObject().put("name", name).put("channel", "web")
        // thousands of sockets from one loopback address: lift the per-address new-visitor limit
        .put("config", new JsonObject().put("allowed_origins", new JsonArray().add("*"))
            .put("new_visitors_per_minute", 1_000_000));
    return http.post("/api/v1/inboxes").bearerTokenAuthentication(token).sendJsonObject(body)
        .map(r -> ok(r, 201).bodyAsJsonObject().getLong("id"));
  }

  /**
   * A bot with read scope serving the inbox, its webhook at {@code url} (a private address, allowed
   * for this bot): the hub queues one event per message for it.
   */
  Future<Long> createBot(String name, String url, long inboxId) {
    JsonObject body = new JsonObject().put("name", name).put("webhook_url", url)
        .put("scopes", new JsonArray().add("read")).put("inbox_ids", new JsonArray().add(inboxId))
        .put("allow_private_network", true);
    return http.post("/api/v1/bots").bearerTokenAuthentication(token).sendJsonObject(body)
        .map(r -> ok(r, 201).bodyAsJsonObject().getLong("id"));
  }

  /** The bot's newest delivery: {@code {seq, status, attempts, ...}}, or null when it has none. */
  Future<JsonObject> newestDelivery(long botId) {
    return http.get("/api/v1/bots/" + botId + "/deliveries?limit=1").bearerTokenAuthentication(token).send()
        .map(r -> {
          JsonArray page = ok(r, 200).bodyAsJsonObject().getJsonArray("deliveries");
          return page.isEmpty() ? null : page.getJsonObject(0);
        });
  }

  /** The conversation's last seq: how many messages it holds (seq is gap-free from 1). */
  Future<Long> lastSeq(long conversationId) {
    return http.get("/api/v1/conversations/" + conversationId).bearerTokenAuthentication(token).send()
        .map(r -> ok(r, 200).bodyAsJsonObject().getLong("last_seq"));
  }

  /**
   * Heap in use from the hub's Prometheus page: Micrometer's {@code jvm_memory_used_bytes} summed
   * over the heap's pools, or the hand-written {@code jvm_memory_heap_used_bytes} of older builds
   * (so {@code BENCH_HUB_JAR} can measure either).
   */
  Future<Long> heapUsedBytes() {
    return http.get("/metrics").send().map(r -> {
      double heap = 0;
      boolean found = false;
      for (String line : ok(r, 200).bodyAsString().split("\n")) {
        boolean pool = line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"");
        if (pool || line.startsWith("jvm_memory_heap_used_bytes ")) {
          heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
          found = true;
        }
      }
      if (!found) {
        throw new IllegalStateException("/metrics shows no heap in use (jvm_memory_used_bytes{area=\"heap\"})");
      }
      return (long) heap;
    });
  }

  void close() {
    http.close();
  }

  private static <T> HttpResponse<T> ok(HttpResponse<T> r, int expected) {
    if (r.statusCode() != expected) {
      throw new IllegalStateException("hub answered " + r.statusCode() + ": " + r.bodyAsString());
    }
    return r;
  }
}
