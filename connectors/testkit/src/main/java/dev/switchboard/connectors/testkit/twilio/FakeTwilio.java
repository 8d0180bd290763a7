package dev.switchboard.connectors.testkit.twilio;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Twilio's Messages REST API as the SDK sees it on the wire ({@code POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json}, basic auth, Twilio's success and error JSON), plus
 * MMS media the way Twilio serves it: an authenticated API URL that redirects to a storage host.
 */
public final class FakeTwilio {

  public static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  public static final String TOKEN = "s3cr3t-auth-token-0123456789abcd";
  /** Replied STOP: Twilio answers 21610. */
  public static final String OPTED_OUT = "+15005550009";
  /** Twilio is having a bad day: 503. */
  public static final String OUTAGE = "+15005550503";
  /** Twilio answers after {@link #SLOW_MILLIS}. */
  public static final String SLOW = "+15005550777";
  public static final long SLOW_MILLIS = 400;

  /** A media file: what the storage host serves under {@code /cdn/{name}}. */
  public record Media(String contentType, byte[] bytes) {}

  /** One send request as it arrived: its form parameters and whether its credentials were right. */
  public record Send(MultiMap params, String accountInPath, boolean authorized) {}

  public final List<Send> sends = new CopyOnWriteArrayList<>();
  /** Media requests that reached the storage host carrying the account's credentials: must stay 0. */
  public final AtomicInteger mediaRequestsWithCredentialsOnStorageHost = new AtomicInteger();
  private final Map<String, Media> media;

  private final Vertx vertx;
  private HttpServer server;

  public FakeTwilio(Vertx vertx, Map<String, Media> media) {
    this.vertx = vertx;
    this.media = media;
  }

  public Future<FakeTwilio> start() {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false));
    router.post("/2010-04-01/Accounts/:account/Messages.json").handler(this::createMessage);
    router.get("/2010-04-01/Accounts/:account/Messages/:message/Media/:media").handler(this::mediaRedirect);
    router.get("/cdn/:media").handler(this::storage);
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .map(s -> {
          server = s;
          return this;
        });
  }

  /** What an inbox's {@code api_base_url} is set to. */
  public String apiBaseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Where Twilio would put this message's media: on the API host, behind basic auth. */
  public String mediaUrl(String messageSid, String name) {
    return apiBaseUrl() + "/2010-04-01/Accounts/" + ACCOUNT + "/Messages/" + messageSid + "/Media/" + name;
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void createMessage(RoutingContext ctx) {
    String account = ctx.pathParam("account");
    boolean authorized = authorized(ctx) && ACCOUNT.equals(account);
    MultiMap params = MultiMap.caseInsensitiveMultiMap().addAll(ctx.request().formAttributes());
    sends.add(new Send(params, account, authorized));
    if (!authorized) {
      error(ctx, 401, 20003, "Authenticate");
      return;
    }
    String to = params.get("To");
    if (OPTED_OUT.equals(to)) {
      error(ctx, 400, 21610, "Attempt to send to unsubscribed recipient");
    } else if (OUTAGE.equals(to)) {
      error(ctx, 503, 20503, "Service Unavailable");
    } else if (SLOW.equals(to)) {
      vertx.setTimer(SLOW_MILLIS, t -> created(ctx, params));
    } else {
      created(ctx, params);
    }
  }

  private void created(RoutingContext ctx, MultiMap params) {
    String sid = "SM" + String.format("%032x", sends.size());
    String now = "Thu, 24 Aug 2023 05:01:45 +0000";
    JsonObject message = new JsonObject()
        .put("account_sid", ACCOUNT)
        .put("api_version", "2010-04-01")
        .put("body", params.get("Body"))
        .put("date_created", now)
        .put("date_sent", null)
        .put("date_updated", now)
        .put("direction", "outbound-api")
        .put("error_code", null)
        .put("error_message", null)
        .put("from", params.get("From"))
        .put("messaging_service_sid", null)
        .put("num_media", "0")
        .put("num_segments", "1")
        .put("price", null)
        .put("price_unit", "USD")
        .put("sid", sid)
        .put("status", "queued")
        .put("subresource_uris", new JsonObject()
            .put("media", "/2010-04-01/Accounts/" + ACCOUNT + "/Messages/" + sid + "/Media.json"))
        .put("to", params.get("To"))
        .put("uri", "/2010-04-01/Accounts/" + ACCOUNT + "/Messages/" + sid + ".json");
    ctx.response().setStatusCode(201).putHeader("content-type", "application/json").end(message.encode());
  }

  private void mediaRedirect(RoutingContext ctx) {
    if (!authorized(ctx)) {
      error(ctx, 401, 20003, "Authenticate");
      return;
    }
    String name = ctx.pathParam("media");
    if (!media.containsKey(name)) {
      error(ctx, 404, 20404, "The requested resource was not found");
      return;
    }
    // Another host name for the same server: the storage host must never see the account's credentials.
    String storage = "http://localhost:" + server.actualPort() + "/cdn/" + name;
    ctx.response().setStatusCode(307).putHeader("location", storage).end();
  }

  private void storage(RoutingContext ctx) {
    if (ctx.request().getHeader("authorization") != null) {
      mediaRequestsWithCredentialsOnStorageHost.incrementAndGet();
      ctx.response().setStatusCode(400).end("Only one auth mechanism allowed");
      return;
    }
    Media file = media.get(ctx.pathParam("media"));
    if (file == null) {
      ctx.response().setStatusCode(404).end();
      return;
    }
    // Chunked, without a content-length: the size limit has to hold while reading.
    ctx.response().setChunked(true).putHeader("content-type", file.contentType());
    for (int at = 0; at < file.bytes().length; at += 64 * 1024) {
      ctx.response().write(Buffer.buffer(java.util.Arrays.copyOfRange(file.bytes(), at, Math.min(file.bytes().length, at + 64 * 1024))));
    }
    ctx.response().end();
  }

  private static boolean authorized(RoutingContext ctx) {
    String expected = "Basic " + Base64.getEncoder()
        .encodeToString((ACCOUNT + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
    return expected.equals(ctx.request().getHeader("authorization"));
  }

  private static void error(RoutingContext ctx, int status, int code, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject()
            .put("code", code)
            .put("message", message)
            .put("more_info", "https://www.twilio.com/docs/errors/" + code)
            .put("status", status)
            .encode());
  }
}
