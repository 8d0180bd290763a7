package dev.switchboard.assistant.bot;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible chat endpoint for tests: {@code POST /v1/chat/completions} answering in the
 * real wire format ({@code choices[0].message.content}), or failing, or never answering.
 */
public final class FakeOpenAi implements AutoCloseable {

  public enum Mode { ANSWER, FAIL, HANG }

  private final Vertx vertx = Vertx.vertx();
  private final List<JsonObject> requests = new CopyOnWriteArrayList<>();
  private volatile Mode mode = Mode.ANSWER;
  private volatile String answer = "";
  private final int port;

  public FakeOpenAi() throws Exception {
    Router router = Router.router(vertx);
    router.post("/v1/chat/completions").handler(BodyHandler.create());
    router.post("/v1/chat/completions").handler(ctx -> {
      requests.add(ctx.body().asJsonObject().put("authorization", ctx.request().getHeader("authorization")));
      switch (mode) {
        case HANG -> { } // never answers: the client's timeout must
        case FAIL -> ctx.response().setStatusCode(500).putHeader("content-type", "application/json")
            .end(new JsonObject().put("error", new JsonObject().put("message", "model overloaded")
                .put("type", "server_error")).encode());
        case ANSWER -> ctx.response().putHeader("content-type", "application/json").end(new JsonObject()
            .put("id", "chatcmpl-test").put("object", "chat.completion").put("created", System.currentTimeMillis() / 1000)
            .put("model", ctx.body().asJsonObject().getString("model"))
            .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                .put("message", new JsonObject().put("role", "assistant").put("content", answer))
                .put("finish_reason", "stop")))
            .put("usage", new JsonObject().put("prompt_tokens", 50).put("completion_tokens", 20).put("total_tokens", 70))
            .encode());
      }
    });
    port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
  }

  /** The base URL a client is configured with (it appends {@code /chat/completions}). */
  public String baseUrl() {
    return "http://127.0.0.1:" + port + "/v1";
  }

  public void answer(String text) {
    this.answer = text;
    this.mode = Mode.ANSWER;
  }

  public void mode(Mode mode) {
    this.mode = mode;
  }

  /** Every request's JSON body (with the {@code authorization} header it came with). */
  public List<JsonObject> requests() {
    return requests;
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
