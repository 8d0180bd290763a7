package dev.switchboard.assistant.bot;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The hub's bot API as the assistant sees it: {@code GET /api/v1/kb/search} answering the articles a
 * test put under a word of the query, {@code POST /api/v1/conversations/{id}/drafts} recording the
 * drafts. Both want the bot's token.
 */
final class FakeHub implements AutoCloseable {

  record Call(String path, String query, JsonObject body) {}

  static final String TOKEN = "sbbot_test-token";

  private final Vertx vertx = Vertx.vertx();
  final List<Call> searches = new CopyOnWriteArrayList<>();
  final List<Call> drafts = new CopyOnWriteArrayList<>();
  private final Map<String, JsonArray> articlesByWord = new ConcurrentHashMap<>();
  final int port;

  FakeHub() throws Exception {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.route().handler(ctx -> {
      if (!("Bearer " + TOKEN).equals(ctx.request().getHeader("authorization"))) {
        ctx.response().setStatusCode(401).end(new JsonObject().put("error", "unauthorized").encode());
      } else {
        ctx.next();
      }
    });
    router.get("/api/v1/kb/search").handler(ctx -> {
      String q = ctx.request().getParam("q");
      searches.add(new Call(ctx.request().path(), q, null));
      JsonArray results = new JsonArray();
      articlesByWord.forEach((word, list) -> {
        if (q.toLowerCase().contains(word)) {
          list.forEach(results::add);
        }
      });
      ctx.response().putHeader("content-type", "application/json")
          .end(new JsonObject().put("results", results).encode());
    });
    router.post("/api/v1/conversations/:id/drafts").handler(ctx -> {
      drafts.add(new Call(ctx.request().path(), null, ctx.body().asJsonObject()));
      ctx.response().setStatusCode(201).putHeader("content-type", "application/json")
          .end(new JsonObject().put("id", drafts.size()).encode());
    });
    port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** A query containing {@code word} finds this published article. */
  void article(String word, long id, String title, String body) {
    articlesByWord.computeIfAbsent(word, w -> new JsonArray()).add(new JsonObject().put("id", id).put("title", title)
        .put("snippet", body.length() > 280 ? body.substring(0, 279) + "…" : body).put("url", "/kb/articles/" + id)
        .put("body", body).put("body_truncated", false));
  }

  List<Call> draftsFor(long conversation) {
    return drafts.stream().filter(c -> c.path().equals("/api/v1/conversations/" + conversation + "/drafts")).toList();
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
