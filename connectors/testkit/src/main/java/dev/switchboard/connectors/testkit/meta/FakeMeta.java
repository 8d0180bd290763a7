package dev.switchboard.connectors.testkit.meta;

import dev.switchboard.connectors.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Meta's Graph API as the Meta connector sees it on the wire: the WhatsApp Cloud API's
 * {@code POST /{phone_number_id}/messages}, media ({@code GET /{media_id}} → JSON with a {@code url},
 * then that URL, both with the bearer token), {@code GET /{waba_id}/message_templates}; the Messenger
 * Send API's {@code POST /me/messages} (the page token as {@code ?access_token=} or bearer); and a CDN serving Messenger attachments without
 * credentials. Answers and errors in Graph's JSON ({@code {error:{message, type, code, error_subcode,
 * fbtrace_id}}}).
 */
public final class FakeMeta {

  public static final String PHONE_NUMBER_ID = "106540352242922";
  public static final String WABA_ID = "102290129340398";
  public static final String ACCESS_TOKEN = "EAAJB-whatsapp-system-user-token";
  public static final String PAGE_ID = "112233445566778";
  public static final String INSTAGRAM_ID = "17841400000000001";
  public static final String PAGE_TOKEN = "EAAJB-page-access-token";
  public static final String APP_SECRET = "0123456789abcdef0123456789abcdef";
  public static final String VERIFY_TOKEN = "verify-me-please";

  /** A media file WhatsApp or the CDN serves. */
  public record Media(String contentType, byte[] bytes) {}

  /**
   * One send request as it arrived: its path, JSON body and the token it carried (bearer or
   * {@code access_token} query), and whether that token was right.
   */
  public record Send(String path, JsonObject body, String token, boolean authorized) {}

  /** A refusal the next sends to a recipient get: HTTP status and Graph error fields. */
  public record Refusal(int status, int code, Integer subcode, String message) {}

  public final List<Send> sends = new CopyOnWriteArrayList<>();
  /** WhatsApp media uploads ({@code POST /{phone_number_id}/media}), in order; {@code id} is what Meta answered. */
  public final List<MediaUpload> uploads = new CopyOnWriteArrayList<>();

  /** One {@code /media} upload: its form fields, the file, and whether the token and phone number id were right. */
  public record MediaUpload(String id, String path, String token, boolean authorized, String messagingProduct,
      String type, String filename, String contentType, byte[] bytes) {}
  /** WhatsApp media by id (also served under /cdn/{id} for Messenger attachments). */
  public final Map<String, Media> media = new ConcurrentHashMap<>();
  /** Recipient (WhatsApp {@code to} or Messenger {@code recipient.id}) → the refusal they get. */
  public final Map<String, Refusal> refusals = new ConcurrentHashMap<>();
  /** Templates {@code GET /{waba}/message_templates} lists (Meta's shape: name, language, status, category, components). */
  public final List<JsonObject> templates = new CopyOnWriteArrayList<>();
  public final AtomicInteger templateListings = new AtomicInteger();
  /** Messenger and Instagram customers' names by their page- or Instagram-scoped id: {first, last}. */
  public final Map<String, String[]> profiles = new ConcurrentHashMap<>();
  /** How long the Cloud API takes to answer a send it took (Meta has the message; the sender waits). */
  public final AtomicLong answerDelayMillis = new AtomicLong();
  /** Media downloads that reached the CDN carrying a token: must stay 0. */
  public final AtomicInteger cdnRequestsWithToken = new AtomicInteger();

  private final Vertx vertx;
  private final AtomicInteger ids = new AtomicInteger();
  private HttpServer server;

  public FakeMeta(Vertx vertx) {
    this.vertx = vertx;
    templates.add(template("order_update", "en_US", "APPROVED", "Hi {{1}}, your order {{2}} has news. Reply to continue."));
    templates.add(template("hello_world", "en_US", "APPROVED", "Hello World"));
    templates.add(template("rejected_promo", "en_US", "REJECTED", "Buy {{1}} now"));
  }

  public static JsonObject template(String name, String language, String status, String body) {
    return new JsonObject().put("name", name).put("language", language).put("status", status)
        .put("category", "UTILITY").put("id", "9" + Math.abs(name.hashCode()))
        .put("components", new JsonArray().add(new JsonObject().put("type", "BODY").put("text", body)));
  }

  public Future<FakeMeta> start() {
    Router router = Router.router(vertx);
    router.post("/:account/media")
        .handler(BodyHandler.create(true).setBodyLimit(120L * 1024 * 1024)
            .setUploadsDirectory(System.getProperty("java.io.tmpdir") + "/fake-meta-uploads")
            .setDeleteUploadedFilesOnEnd(true))
        .handler(this::uploadMedia);
    router.route().handler(BodyHandler.create(false));
    router.post("/me/messages").handler(this::sendApi);
    router.post("/:account/messages").handler(this::cloudApi);
    router.get("/:waba/message_templates").handler(this::listTemplates);
    router.get("/media-files/:id").handler(this::mediaFile);
    router.get("/cdn/:id").handler(this::cdn);
    router.get("/:id").handler(this::mediaInfo);
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").map(s -> {
      server = s;
      return this;
    });
  }

  /** The first send that {@code match} accepts, waiting for it up to {@link Await#DEFAULT}. */
  public Send awaitSend(Predicate<Send> match) {
    return Await.first(() -> sends, match, Await.DEFAULT, "a send like that");
  }

  /** What an inbox's {@code api_base_url} is set to (Graph's versioned root). */
  public String apiBaseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** A Messenger attachment URL on the CDN (another host name for this server). */
  public String cdnUrl(String id) {
    return "http://localhost:" + server.actualPort() + "/cdn/" + id;
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private static String bearer(RoutingContext ctx) {
    String h = ctx.request().getHeader("authorization");
    return h != null && h.startsWith("Bearer ") ? h.substring(7) : null;
  }

  private void uploadMedia(RoutingContext ctx) {
    String token = bearer(ctx);
    boolean authorized = ACCESS_TOKEN.equals(token) && PHONE_NUMBER_ID.equals(ctx.pathParam("account"));
    io.vertx.ext.web.FileUpload file = ctx.fileUploads().stream().filter(f -> "file".equals(f.name())).findFirst()
        .orElse(null);
    Future<io.vertx.core.buffer.Buffer> bytes = file == null ? Future.succeededFuture(null)
        : vertx.fileSystem().readFile(file.uploadedFileName());
    bytes.onComplete(read -> {
      String id = "media-" + ids.incrementAndGet();
      String product = ctx.request().getFormAttribute("messaging_product");
      uploads.add(new MediaUpload(id, ctx.request().path(), token, authorized, product,
          ctx.request().getFormAttribute("type"), file == null ? null : file.fileName(),
          file == null ? null : file.contentType(), read.succeeded() && read.result() != null ? read.result().getBytes() : null));
      if (!authorized) {
        error(ctx, 401, 190, null, "Error validating access token: Session has expired", "OAuthException");
      } else if (!"whatsapp".equals(product) || file == null) {
        error(ctx, 400, 100, null, "(#100) The parameter messaging_product and a file are required.", "OAuthException");
      } else {
        json(ctx, 200, new JsonObject().put("id", id));
      }
    });
  }

  private void cloudApi(RoutingContext ctx) {
    String token = bearer(ctx);
    boolean authorized = ACCESS_TOKEN.equals(token) && PHONE_NUMBER_ID.equals(ctx.pathParam("account"));
    JsonObject body = json(ctx);
    sends.add(new Send(ctx.request().path(), body, token, authorized));
    if (!authorized) {
      error(ctx, 401, 190, null, "Error validating access token: Session has expired", "OAuthException");
      return;
    }
    if (body == null || !"whatsapp".equals(body.getString("messaging_product"))) {
      error(ctx, 400, 100, null, "(#100) The parameter messaging_product is required.", "OAuthException");
      return;
    }
    String to = body.getString("to");
    Refusal refusal = to == null ? null : refusals.get(to);
    if (refusal != null) {
      error(ctx, refusal.status(), refusal.code(), refusal.subcode(), refusal.message(), "OAuthException");
      return;
    }
    String wamid = "wamid.HBgL" + String.format("%012d", ids.incrementAndGet());
    JsonObject answer = new JsonObject().put("messaging_product", "whatsapp")
        .put("contacts", new JsonArray().add(new JsonObject().put("input", to).put("wa_id", to)))
        .put("messages", new JsonArray().add(new JsonObject().put("id", wamid)));
    long delay = answerDelayMillis.get();
    if (delay > 0) {
      vertx.setTimer(delay, t -> json(ctx, 200, answer));
    } else {
      json(ctx, 200, answer);
    }
  }

  private void sendApi(RoutingContext ctx) {
    String token = ctx.request().getParam("access_token");
    if (token == null) {
      token = bearer(ctx);
    }
    boolean authorized = PAGE_TOKEN.equals(token);
    JsonObject body = json(ctx);
    sends.add(new Send(ctx.request().path(), body, token, authorized));
    if (!authorized) {
      error(ctx, 400, 190, 463, "Error validating access token", "OAuthException");
      return;
    }
    String recipient = body == null || body.getJsonObject("recipient") == null ? null
        : body.getJsonObject("recipient").getString("id");
    if (recipient == null || body.getJsonObject("message") == null || body.getString("messaging_type") == null) {
      error(ctx, 400, 100, null, "(#100) param recipient, message and messaging_type are required", "OAuthException");
      return;
    }
    Refusal refusal = refusals.get(recipient);
    if (refusal != null) {
      error(ctx, refusal.status(), refusal.code(), refusal.subcode(), refusal.message(), "OAuthException");
      return;
    }
    json(ctx, 200, new JsonObject().put("recipient_id", recipient)
        .put("message_id", "m_" + String.format("%020d", ids.incrementAndGet())));
  }

  private void listTemplates(RoutingContext ctx) {
    if (!ACCESS_TOKEN.equals(bearer(ctx))) {
      error(ctx, 401, 190, null, "Error validating access token", "OAuthException");
      return;
    }
    if (!WABA_ID.equals(ctx.pathParam("waba"))) {
      error(ctx, 400, 100, 33, "Unsupported get request. Object with ID does not exist", "GraphMethodException");
      return;
    }
    templateListings.incrementAndGet();
    json(ctx, 200, new JsonObject().put("data", new JsonArray(List.copyOf(templates)))
        .put("paging", new JsonObject().put("cursors", new JsonObject().put("before", "MAZDZD").put("after", "MjQZD"))));
  }

  private void mediaInfo(RoutingContext ctx) {
    if (ctx.request().getParam("fields") != null) {
      profile(ctx);
      return;
    }
    if (!ACCESS_TOKEN.equals(bearer(ctx))) {
      error(ctx, 401, 190, null, "Error validating access token", "OAuthException");
      return;
    }
    String id = ctx.pathParam("id");
    Media file = media.get(id);
    if (file == null) {
      error(ctx, 400, 100, 33, "Unsupported get request. Object with ID '" + id + "' does not exist", "GraphMethodException");
      return;
    }
    json(ctx, 200, new JsonObject().put("messaging_product", "whatsapp")
        .put("url", apiBaseUrl() + "/media-files/" + id)
        .put("mime_type", file.contentType()).put("sha256", "0").put("file_size", file.bytes().length).put("id", id));
  }

  /** A customer's profile as the page sees it: Messenger's first and last name, Instagram's name and username. */
  private void profile(RoutingContext ctx) {
    String token = ctx.request().getParam("access_token") != null ? ctx.request().getParam("access_token") : bearer(ctx);
    if (!PAGE_TOKEN.equals(token)) {
      error(ctx, 400, 190, null, "Error validating access token", "OAuthException");
      return;
    }
    String id = ctx.pathParam("id");
    String[] name = profiles.get(id);
    if (name == null) {
      error(ctx, 400, 100, 33, "Unsupported get request. Object with ID '" + id + "' does not exist", "GraphMethodException");
      return;
    }
    JsonObject answer = new JsonObject().put("id", id);
    if (ctx.request().getParam("fields").contains("first_name")) {
      answer.put("first_name", name[0]).put("last_name", name[1]);
    } else {
      answer.put("name", name[0] + " " + name[1]).put("username", name[0].toLowerCase(java.util.Locale.ROOT));
    }
    json(ctx, 200, answer);
  }

  private void mediaFile(RoutingContext ctx) {
    if (!ACCESS_TOKEN.equals(bearer(ctx))) {
      ctx.response().setStatusCode(401).end();
      return;
    }
    serve(ctx, media.get(ctx.pathParam("id")));
  }

  private void cdn(RoutingContext ctx) {
    if (ctx.request().getHeader("authorization") != null || ctx.request().getParam("access_token") != null) {
      cdnRequestsWithToken.incrementAndGet();
    }
    serve(ctx, media.get(ctx.pathParam("id")));
  }

  private static void serve(RoutingContext ctx, Media file) {
    if (file == null) {
      ctx.response().setStatusCode(404).end();
      return;
    }
    // chunked, without a content-length: the size limit has to hold while reading
    ctx.response().setChunked(true).putHeader("content-type", file.contentType());
    for (int at = 0; at < file.bytes().length; at += 64 * 1024) {
      ctx.response().write(Buffer.buffer(java.util.Arrays.copyOfRange(file.bytes(), at,
          Math.min(file.bytes().length, at + 64 * 1024))));
    }
    ctx.response().end();
  }

  private static JsonObject json(RoutingContext ctx) {
    try {
      return ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  private static void error(RoutingContext ctx, int status, int code, Integer subcode, String message, String type) {
    JsonObject error = new JsonObject().put("message", message).put("type", type).put("code", code)
        .put("fbtrace_id", "AbCdEfGhIjK");
    if (subcode != null) {
      error.put("error_subcode", subcode);
    }
    json(ctx, status, new JsonObject().put("error", error));
  }
}
