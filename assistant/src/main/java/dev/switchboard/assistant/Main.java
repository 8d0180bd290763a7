package dev.switchboard.assistant;

import dev.switchboard.assistant.bot.BotConfig;
import dev.switchboard.assistant.bot.DraftBot;
import dev.switchboard.assistant.bot.WebhookEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assistant process: serves the embedding model to the hub ({@code POST /embed} on
 * 127.0.0.1:{@code SWITCHBOARD_ASSISTANT_PORT}, default 8091), keyed with
 * {@code SWITCHBOARD_EMBEDDINGS_SECRET}. The hub is pointed at it with
 * {@code SWITCHBOARD_EMBEDDINGS_URL=http://127.0.0.1:8091} and the same secret.
 *
 * <p>Given a bot's token and webhook secret ({@link BotConfig}), it is also the knowledge-base
 * draft bot: a bot like any other, on its own port, on the hub's public bot API only.
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    int port = Integer.parseInt(env.getOrDefault("SWITCHBOARD_ASSISTANT_PORT", "8091"));
    int threads = Integer.parseInt(env.getOrDefault("SWITCHBOARD_EMBEDDER_THREADS", "2"));
    // read before any thread starts: a bad setting ends the process at once, with its message
    BotConfig bot;
    try {
      bot = BotConfig.fromEnvironment(env);
    } catch (RuntimeException e) {
      log.error("assistant did not start: {}", e.getMessage());
      System.exit(1);
      return;
    }
    Vertx vertx = Vertx.vertx();
    Embedder embedder = new Embedder(vertx, threads, 32);
    EmbeddingServer server = new EmbeddingServer(vertx, embedder, env.get("SWITCHBOARD_EMBEDDINGS_SECRET"));
    // the first inference loads the model: done before listening, so the hub's first searches
    // are not past their 300 ms budget
    embedder.embed(java.util.List.of("warm up"))
        .compose(v -> server.listen(port))
        .onSuccess(p -> log.info("assistant embedder listening on 127.0.0.1:{}", p))
        .compose(p -> bot == null ? Future.succeededFuture() : startBot(vertx, bot))
        .onFailure(e -> {
          log.error("assistant did not start: {}", e.toString());
          System.exit(1);
        });
  }

  private static Future<Void> startBot(Vertx vertx, BotConfig config) {
    WebhookEndpoint endpoint = new WebhookEndpoint(vertx, config.webhookSecret(), new DraftBot(vertx, config));
    return endpoint.listen(config.host(), config.port())
        .onSuccess(p -> log.info("assistant draft bot: webhooks on http://{}:{}/events; {}", config.host(), p, config))
        .mapEmpty();
  }
}
