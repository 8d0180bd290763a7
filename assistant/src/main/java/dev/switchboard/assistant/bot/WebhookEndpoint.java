package dev.switchboard.assistant.bot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /events}: where the hub delivers the bot's webhooks. A delivery is checked (Standard
 * Webhooks signature and timestamp: 401 otherwise, nothing done), answered at once (202, or 204 when
 * there is nothing to do) and handed
 * to a {@link WorkQueue}; a {@code webhook-id} seen before (the hub retries until it gets a 2xx) is
 * acknowledged and not acted on twice. A full queue answers 503, and the hub retries later.
 */
public final class WebhookEndpoint {

  private static final Logger log = LoggerFactory.getLogger(WebhookEndpoint.class);

  static final int MAX_BODY = 256 * 1024;
  static final int PARALLEL = 4;
  static final int MAX_WAITING = 200;
  private static final int REMEMBERED_IDS = 10_000;

  private final Vertx vertx;
  private final WebhookVerifier verifier;
  private final DraftBot bot;
  private final WorkQueue work = new WorkQueue(PARALLEL, MAX_WAITING);
  private final Map<String, Boolean> seen = new LinkedHashMap<>(256, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_IDS;
    }
  };
  private HttpServer server;

  public WebhookEndpoint(Vertx vertx, String webhookSecret, DraftBot bot) {
    this.vertx = vertx;
    this.verifier = new WebhookVerifier(webhookSecret);
    this.bot = bot;
  }

  /** Completes with the port listened on ({@code port} 0: any free one). */
  public Future<Integer> listen(String host, int port) {
    Router router = Router.router(vertx);
    router.post("/events").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    router.post("/events").handler(this::receive);
    router.get("/health").handler(ctx -> ctx.response().end("ok"));
    return vertx.createHttpServer().requestHandler(router).listen(port, host).map(s -> {
      server = s;
      return s.actualPort();
    });
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void receive(RoutingContext ctx) {
    String id = ctx.request().getHeader("webhook-id");
    String body = ctx.body().asString();
    if (body == null || !verifier.verify(id, ctx.request().getHeader("webhook-timestamp"),
        ctx.request().getHeader("webhook-signature"), body, Instant.now())) {
      refuse(ctx, 401, "bad_signature", "the webhook signature or timestamp does not check out");
      return;
    }
    JsonObject event;
    try {
      event = new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      refuse(ctx, 400, "bad_json", "the body is not a JSON object");
      return;
    }
    if (!firstTime(id)) {
      ctx.response().setStatusCode(204).end();
      return;
    }
    if (!DraftBot.wanted(event)) {
      ctx.response().setStatusCode(204).end();
      return;
    }
    boolean queued = work.offer(() -> bot.handle(event).onFailure(e ->
        log.warn("event {}: no draft: {}", id, e.getMessage())));
    if (queued) {
      ctx.response().setStatusCode(202).end();
    } else {
      unsee(id);
      refuse(ctx, 503, "busy", "too many events waiting; deliver it again later");
    }
  }

  private synchronized boolean firstTime(String id) {
    return seen.put(id, Boolean.TRUE) == null;
  }

  private synchronized void unsee(String id) {
    seen.remove(id);
  }

  private static void refuse(RoutingContext ctx, int status, String code, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }
}
