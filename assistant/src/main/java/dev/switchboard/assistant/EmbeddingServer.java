package dev.switchboard.assistant;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /embed {texts:[…]}} → {@code {vectors:[[…]], dimensions}}: the hub's knowledge-base
 * search asks it for query and article vectors. Listens on 127.0.0.1 only and wants the shared
 * secret in {@code x-switchboard-secret}; bounded input (64 texts of 10,000 characters at most).
 */
public final class EmbeddingServer {

  public static final String SECRET_HEADER = "x-switchboard-secret";
  static final int MAX_TEXTS = 64;
  static final int MAX_TEXT = 10_000;

  private final Vertx vertx;
  private final Embedder embedder;
  private final byte[] secret;
  private HttpServer server;

  public EmbeddingServer(Vertx vertx, Embedder embedder, String secret) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("the embedder needs a shared secret (SWITCHBOARD_EMBEDDINGS_SECRET)");
    }
    this.vertx = vertx;
    this.embedder = embedder;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** Listens on 127.0.0.1:{@code port} (0: any free port); completes with the port. */
  public Future<Integer> listen(int port) {
    Router router = Router.router(vertx);
    router.post("/embed").handler(BodyHandler.create(false).setBodyLimit(1024 * 1024));
    router.post("/embed").handler(this::embed);
    router.get("/health").handler(ctx -> ctx.response().end("ok"));
    return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1").map(s -> {
      server = s;
      return s.actualPort();
    });
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void embed(RoutingContext ctx) {
    String given = ctx.request().getHeader(SECRET_HEADER);
    if (given == null || !MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
      refuse(ctx, 401, "unauthorized", "a valid " + SECRET_HEADER + " header is required");
      return;
    }
    List<String> texts = new ArrayList<>();
    try {
      JsonObject body = ctx.body().asJsonObject();
      JsonArray array = body == null ? null : body.getJsonArray("texts");
      if (array == null || array.isEmpty() || array.size() > MAX_TEXTS) {
        refuse(ctx, 400, "bad_request", "texts must be a list of 1 to " + MAX_TEXTS + " strings");
        return;
      }
      for (Object o : array) {
        if (!(o instanceof String s) || s.length() > MAX_TEXT) {
          refuse(ctx, 400, "bad_request", "each text must be a string of at most " + MAX_TEXT + " characters");
          return;
        }
        texts.add(s);
      }
    } catch (DecodeException | ClassCastException e) {
      refuse(ctx, 400, "bad_json", "the body must be {\"texts\": [...]}");
      return;
    }
    embedder.embed(texts).onSuccess(vectors -> {
      JsonArray out = new JsonArray();
      for (float[] v : vectors) {
        JsonArray one = new JsonArray();
        for (float x : v) {
          one.add(x);
        }
        out.add(one);
      }
      ctx.response().putHeader("content-type", "application/json")
          .end(new JsonObject().put("vectors", out).put("dimensions", Embedder.DIMENSIONS).encode());
    }).onFailure(e -> {
      if (e instanceof Embedder.Busy) {
        refuse(ctx, 503, "busy", e.getMessage());
      } else {
        refuse(ctx, 500, "internal", "the model failed");
      }
    });
  }

  private static void refuse(RoutingContext ctx, int status, String code, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }
}
