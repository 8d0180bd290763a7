package dev.switchboard.connectors.testkit.telegram;

import dev.switchboard.connectors.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Telegram's Bot API on the wire: {@code POST /bot{token}/{method}} with parameters as JSON, a form
 * or the query string, answered {@code {"ok":true,"result":…}} or {@code {"ok":false,"error_code":…,
 * "description":…}} exactly as Telegram answers; files under {@code /file/bot{token}/{file_path}}.
 * Implements {@code setWebhook}, {@code getFile}, {@code sendMessage}; every call is recorded.
 */
public final class FakeTelegram {

  /** A bot token as BotFather prints them. */
  public static final String TOKEN = "7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";
  public static final String BOT_ID = "7012345678";
  /** A chat whose user blocked the bot: 403. */
  public static final long BLOCKED_CHAT = 500000403L;
  /** A chat Telegram is rate-limiting: 429 with {@code retry_after}. */
  public static final long FLOODED_CHAT = 500000429L;

  /** A file the bot may download: {@code getFile} names {@code path}. */
  public record StoredFile(String path, byte[] bytes) {}

  /** A file uploaded with a call ({@code sendPhoto}, {@code sendDocument}). */
  public record Upload(String field, String filename, String contentType, byte[] bytes) {}

  /** One Bot API call as it arrived: the token in the path, the method, its parameters and uploaded files. */
  public record Call(String token, String method, JsonObject params, List<Upload> files) {}

  public final List<Call> calls = new CopyOnWriteArrayList<>();
  /** Paths downloaded from the file server, in order. */
  public final List<String> downloads = new CopyOnWriteArrayList<>();
  /** Tokens this server accepts; others get 401 Unauthorized. */
  public final Set<String> tokens = ConcurrentHashMap.newKeySet();
  /** Files by {@code file_id}. */
  public final Map<String, StoredFile> files = new ConcurrentHashMap<>();
  /** How many coming {@code setWebhook} calls fail with 502 before one succeeds. */
  public final AtomicLong setWebhookFailures = new AtomicLong();

  private final Vertx vertx;
  private final AtomicLong messageIds = new AtomicLong(1000);
  private HttpServer server;

  public FakeTelegram(Vertx vertx) {
    this.vertx = vertx;
    tokens.add(TOKEN);
  }

  public Future<FakeTelegram> start() {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(true).setBodyLimit(60L * 1024 * 1024)
        .setUploadsDirectory(System.getProperty("java.io.tmpdir") + "/fake-telegram-uploads")
        .setDeleteUploadedFilesOnEnd(true));
    router.route("/bot:token/:method").handler(this::readUploads).handler(this::method);
    router.get("/file/bot:token/*").handler(this::file);
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

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The calls of one method, in order. */
  public List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  /** The first call of {@code method} that {@code match} accepts, waiting for it up to {@code within}. */
  public Call awaitCall(String method, Predicate<Call> match, Duration within) {
    return Await.first(() -> calls(method), match, within, "a " + method + " call like that");
  }

  /** {@link #awaitCall(String, Predicate, Duration)} within {@link Await#DEFAULT}. */
  public Call awaitCall(String method, Predicate<Call> match) {
    return awaitCall(method, match, Await.DEFAULT);
  }

  /** Reads multipart files into the context before the method runs (the body handler stored them on disk). */
  private void readUploads(RoutingContext ctx) {
    List<Future<Upload>> reads = new java.util.ArrayList<>();
    for (io.vertx.ext.web.FileUpload f : ctx.fileUploads()) {
      reads.add(vertx.fileSystem().readFile(f.uploadedFileName())
          .map(bytes -> new Upload(f.name(), f.fileName(), f.contentType(), bytes.getBytes())));
    }
    Future.all(reads).onComplete(done -> {
      ctx.put("uploads", reads.stream().filter(Future::succeeded).map(Future::result).toList());
      ctx.next();
    });
  }

  private void method(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    String method = ctx.pathParam("method");
    JsonObject params = params(ctx);
    List<Upload> uploads = ctx.get("uploads");
    calls.add(new Call(token, method, params, uploads == null ? List.of() : uploads));
    if (!tokens.contains(token)) {
      error(ctx, 401, "Unauthorized", null);
      return;
    }
    switch (method) {
      case "setWebhook" -> setWebhook(ctx, params);
      case "getFile" -> getFile(ctx, params);
      case "sendMessage" -> sendMessage(ctx, params);
      case "sendPhoto", "sendDocument" -> sendFile(ctx, method, params, uploads);
      default -> error(ctx, 404, "Not Found", null);
    }
  }

  private void setWebhook(RoutingContext ctx, JsonObject params) {
    if (setWebhookFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      ctx.response().setStatusCode(502).putHeader("content-type", "text/html").end("<html>502 Bad Gateway</html>");
      return;
    }
    String url = params.getString("url", "");
    if (!url.isEmpty() && !url.startsWith("https://") && !url.startsWith("http://127.0.0.1")
        && !url.startsWith("http://localhost")) {
      error(ctx, 400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook", null);
      return;
    }
    ok(ctx, true, url.isEmpty() ? "Webhook was deleted" : "Webhook was set");
  }

  private void getFile(RoutingContext ctx, JsonObject params) {
    String id = params.getString("file_id");
    StoredFile f = id == null ? null : files.get(id);
    if (f == null) {
      error(ctx, 400, "Bad Request: invalid file_id", null);
      return;
    }
    if (f.bytes().length > 20 * 1024 * 1024) {
      error(ctx, 400, "Bad Request: file is too big", null);
      return;
    }
    ok(ctx, new JsonObject().put("file_id", id).put("file_unique_id", "u" + id)
        .put("file_size", f.bytes().length).put("file_path", f.path()), null);
  }

  private void sendMessage(RoutingContext ctx, JsonObject params) {
    Object chat = params.getValue("chat_id");
    String text = params.getString("text");
    if (chat == null) {
      error(ctx, 400, "Bad Request: chat_id is empty", null);
      return;
    }
    if (text == null || text.isEmpty()) {
      error(ctx, 400, "Bad Request: message text is empty", null);
      return;
    }
    String chatId = String.valueOf(chat);
    if (chatId.equals(String.valueOf(BLOCKED_CHAT))) {
      error(ctx, 403, "Forbidden: bot was blocked by the user", null);
      return;
    }
    if (chatId.equals(String.valueOf(FLOODED_CHAT))) {
      error(ctx, 429, "Too Many Requests: retry after 7", new JsonObject().put("retry_after", 7));
      return;
    }
    long id = messageIds.incrementAndGet();
    long chatNumber = Long.parseLong(chatId);
    JsonObject message = new JsonObject()
        .put("message_id", id)
        .put("from", new JsonObject().put("id", Long.parseLong(BOT_ID)).put("is_bot", true)
            .put("first_name", "Support").put("username", "acme_support_bot"))
        .put("chat", new JsonObject().put("id", chatNumber).put("first_name", "Customer").put("type", "private"))
        .put("date", System.currentTimeMillis() / 1000)
        .put("text", text);
    ok(ctx, message, null);
  }

  private void sendFile(RoutingContext ctx, String method, JsonObject params, List<Upload> uploads) {
    String field = "sendPhoto".equals(method) ? "photo" : "document";
    Upload file = uploads == null ? null : uploads.stream().filter(u -> u.field().equals(field)).findFirst().orElse(null);
    if (params.getValue("chat_id") == null) {
      error(ctx, 400, "Bad Request: chat_id is empty", null);
      return;
    }
    if (file == null) {
      error(ctx, 400, "Bad Request: there is no " + field + " in the request", null);
      return;
    }
    long chatNumber = Long.parseLong(String.valueOf(params.getValue("chat_id")));
    JsonObject content = new JsonObject().put("file_id", "sent-" + file.filename()).put("file_unique_id", "S" + file.filename())
        .put("file_size", file.bytes().length);
    JsonObject message = new JsonObject()
        .put("message_id", messageIds.incrementAndGet())
        .put("chat", new JsonObject().put("id", chatNumber).put("type", "private"))
        .put("date", System.currentTimeMillis() / 1000)
        .put(field, "photo".equals(field) ? new io.vertx.core.json.JsonArray().add(content)
            : content.put("file_name", file.filename()).put("mime_type", file.contentType()));
    ok(ctx, message, null);
  }

  private void file(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    String path = ctx.pathParam("*");
    downloads.add(path);
    StoredFile f = tokens.contains(token) ? files.values().stream().filter(x -> x.path().equals(path)).findFirst().orElse(null) : null;
    if (f == null) {
      ctx.response().setStatusCode(404).putHeader("content-type", "application/json")
          .end(new JsonObject().put("ok", false).put("error_code", 404).put("description", "Not Found").encode());
      return;
    }
    ctx.response().putHeader("content-type", "application/octet-stream").end(Buffer.buffer(f.bytes()));
  }

  /** Telegram takes parameters as JSON, form fields or the query string. */
  private static JsonObject params(RoutingContext ctx) {
    JsonObject params = new JsonObject();
    MultiMap query = ctx.queryParams();
    query.forEach(e -> params.put(e.getKey(), e.getValue()));
    String type = ctx.request().getHeader("content-type");
    if (type != null && type.startsWith("application/json") && ctx.body().length() > 0) {
      params.mergeIn(ctx.body().asJsonObject());
    } else {
      ctx.request().formAttributes().forEach(e -> params.put(e.getKey(), e.getValue()));
    }
    return params;
  }

  private static void ok(RoutingContext ctx, Object result, String description) {
    JsonObject answer = new JsonObject().put("ok", true).put("result", result);
    if (description != null) {
      answer.put("description", description);
    }
    ctx.response().putHeader("content-type", "application/json").end(answer.encode());
  }

  private static void error(RoutingContext ctx, int code, String description, JsonObject parameters) {
    JsonObject answer = new JsonObject().put("ok", false).put("error_code", code).put("description", description);
    if (parameters != null) {
      answer.put("parameters", parameters);
    }
    ctx.response().setStatusCode(code).putHeader("content-type", "application/json").end(answer.encode());
  }
}
