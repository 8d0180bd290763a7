package dev.switchboard.assistant;

import io.vertx.core.Vertx;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assistant process: serves the embedding model to the hub ({@code POST /embed} on
 * 127.0.0.1:{@code SWITCHBOARD_ASSISTANT_PORT}, default 8091), keyed with
 * {@code SWITCHBOARD_EMBEDDINGS_SECRET}. The hub is pointed at it with
 * {@code SWITCHBOARD_EMBEDDINGS_URL=http://127.0.0.1:8091} and the same secret.
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    int port = Integer.parseInt(env.getOrDefault("SWITCHBOARD_ASSISTANT_PORT", "8091"));
    int threads = Integer.parseInt(env.getOrDefault("SWITCHBOARD_EMBEDDER_THREADS", "2"));
    Vertx vertx = Vertx.vertx();
    Embedder embedder = new Embedder(vertx, threads, 32);
    EmbeddingServer server = new EmbeddingServer(vertx, embedder, env.get("SWITCHBOARD_EMBEDDINGS_SECRET"));
    // the first inference loads the model: done before listening, so the hub's first searches
    // are not past their 300 ms budget
    embedder.embed(java.util.List.of("warm up"))
        .compose(v -> server.listen(port))
        .onSuccess(p -> log.info("assistant embedder listening on 127.0.0.1:{}", p))
        .onFailure(e -> {
          log.error("assistant did not start: {}", e.toString());
          System.exit(1);
        });
  }
}
