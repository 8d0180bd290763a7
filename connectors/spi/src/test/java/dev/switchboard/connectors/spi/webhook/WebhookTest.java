package dev.switchboard.connectors.spi.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.connectors.spi.InboundRejectedException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A webhook as a provider sees it, over real HTTP: what it is answered, and when. */
class WebhookTest {

  private static final WebhookReply DONE = WebhookReply.ok("text/plain", "done");

  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;
  private Router router;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    router = Router.router(vertx);
    server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void answersOnlyAfterTheHandlersWorkIsCommitted() throws Exception {
    Promise<Void> commit = Promise.promise();
    mount(Webhook.post("/hook").acknowledgeWith(DONE).handle((nobody, request) -> commit.future()));

    CompletableFuture<HttpResponse<String>> answer = postAsync("/hook", "a=1");
    Thread.sleep(200);
    assertFalse(answer.isDone(), "answered before the commit");
    vertx.runOnContext(v -> commit.complete());

    HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
    assertEquals(200, response.statusCode());
    assertEquals("done", response.body());
  }

  @Test
  void aCheckThatRefusesStopsTheRequestWithItsStatusAndNothingIsHandled() throws Exception {
    AtomicBoolean handled = new AtomicBoolean();
    mount(Webhook.post("/hook")
        .verify(request -> Signatures.equal("s3cret", request.header("x-secret"))
            ? Future.succeededFuture("inbox-1")
            : Future.failedFuture(WebhookError.badSignature("x-secret does not match.")))
        .handle((inbox, request) -> {
          handled.set(true);
          return Future.succeededFuture();
        }));

    HttpResponse<String> forged = post("/hook", "a=1", "wrong");
    HttpResponse<String> signed = post("/hook", "a=1", "s3cret");

    assertEquals(403, forged.statusCode());
    JsonObject error = new JsonObject(forged.body());
    assertEquals("bad_signature", error.getString("error"));
    assertEquals("x-secret does not match.", error.getString("message"));
    assertEquals(200, signed.statusCode());
    assertTrue(handled.get());
  }

  @Test
  void aMessageTheHubRefusedForGoodIsAcknowledgedSoTheProviderStopsRetrying() throws Exception {
    mount(Webhook.post("/hook").acknowledgeWith(DONE)
        .handle((nobody, request) -> Future.failedFuture(new InboundRejectedException("refused: test", null))));

    HttpResponse<String> response = post("/hook", "a=1", null);

    assertEquals(200, response.statusCode());
    assertEquals("done", response.body());
  }

  @Test
  void anyOtherFailureIs500SoTheProviderRetries() throws Exception {
    mount(Webhook.post("/hook").handle((nobody, request) -> Future.failedFuture("database unavailable")));
    mount(Webhook.post("/throws").handle((nobody, request) -> {
      throw new IllegalStateException("a payload that throws");
    }));

    HttpResponse<String> failed = post("/hook", "a=1", null);
    HttpResponse<String> threw = post("/throws", "a=1", null);

    assertEquals(500, failed.statusCode());
    assertEquals("internal", new JsonObject(failed.body()).getString("error"));
    assertFalse(failed.body().contains("database"), "our trouble is not the provider's business");
    assertEquals(500, threw.statusCode());
  }

  @Test
  void aBodyOverTheLimitIs413EvenBehindARouterWideBodyHandler() throws Exception {
    router.route().handler(io.vertx.ext.web.handler.BodyHandler.create(false).setBodyLimit(1_000_000));
    AtomicBoolean handled = new AtomicBoolean();
    mount(Webhook.post("/hook").bodyLimit(100).handle((nobody, request) -> {
      handled.set(true);
      return Future.succeededFuture();
    }));

    HttpResponse<String> response = post("/hook", "a=" + "x".repeat(200), null);

    assertEquals(413, response.statusCode());
    assertEquals("too_large", new JsonObject(response.body()).getString("error"));
    assertFalse(handled.get());
  }

  @Test
  void theHandlerSeesTheFormAndTheRawBody() throws Exception {
    Promise<String> seen = Promise.promise();
    mount(Webhook.post("/hook/:inbox").handle((nobody, request) -> {
      seen.complete(request.pathParam("inbox") + " " + request.form().get("Body") + " " + request.body());
      return Future.succeededFuture();
    }));

    post("/hook/7", "Body=hi+there", null);

    assertEquals("7 hi there Body=hi+there", await(seen.future()));
  }

  @Test
  void aGetChallengeIsAnsweredBesideThePostAndRefusedInTheSameJson() throws Exception {
    mount(Webhook.get("/hook", request -> "yes".equals(request.queryParam("token"))
        ? Future.succeededFuture(WebhookReply.ok("text/plain", request.queryParam("challenge")))
        : Future.failedFuture(new WebhookError(403, "forbidden", "Wrong token."))));
    mount(Webhook.post("/hook").acknowledgeWith(DONE).handle((nobody, request) -> Future.succeededFuture()));

    HttpResponse<String> ok = get("/hook?token=yes&challenge=1234");
    HttpResponse<String> refused = get("/hook?token=no&challenge=1234");

    assertEquals(200, ok.statusCode());
    assertEquals("1234", ok.body());
    assertEquals(403, refused.statusCode());
    assertEquals("forbidden", new JsonObject(refused.body()).getString("error"));
    assertEquals("done", post("/hook", "a=1", null).body(), "the POST of the same path still works");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void mount(Webhook webhook) {
    webhook.mountOn(router);
  }

  private HttpResponse<String> post(String path, String form, String secret) throws Exception {
    return request(path, form, secret).get(10, TimeUnit.SECONDS);
  }

  private CompletableFuture<HttpResponse<String>> postAsync(String path, String form) {
    return request(path, form, null);
  }

  private CompletableFuture<HttpResponse<String>> request(String path, String form, String secret) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
        .header("content-type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (secret != null) {
      request.header("x-secret", secret);
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
