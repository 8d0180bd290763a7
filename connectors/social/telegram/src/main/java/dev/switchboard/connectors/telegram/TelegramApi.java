package dev.switchboard.connectors.telegram;

import dev.switchboard.connectors.spi.http.BoundedBody;
import dev.switchboard.connectors.spi.Attachment;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The Bot API over Vert.x's non-blocking HTTP client: {@code POST {api_base_url}/bot{token}/{method}}
 * with a JSON body, answered {@code {"ok":true,"result":…}} or {@code {"ok":false,"error_code":…,
 * "description":…}}; files from {@code {api_base_url}/file/bot{token}/{file_path}}. The token is part
 * of every URL, so no URL and no client error text (which may quote one) leaves this class unscrubbed.
 */
final class TelegramApi {

  /** Bot API answers are small; a bigger one is not from the Bot API. */
  private static final int MAX_ANSWER_BYTES = 1024 * 1024;
  private static final long TIMEOUT_MILLIS = 15_000;

  private final HttpClient http;

  TelegramApi(Vertx vertx) {
    this.http = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout(5_000)
        .setIdleTimeout(30)
        .setMaxRedirects(0));
  }

  /**
   * Calls a Bot API method; completes with its {@code result}, or fails with a
   * {@link TelegramApiException} (Telegram's refusal, or {@code errorCode} 0 when there was no answer).
   */
  Future<Object> call(TelegramInbox inbox, String method, JsonObject params) {
    return post(inbox, method, "application/json", params.toBuffer());
  }

  private Future<Object> post(TelegramInbox inbox, String method, String contentType, Buffer body) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setAbsoluteURI(inbox.apiBaseUrl() + "/bot" + inbox.botToken() + "/" + method)
        .setFollowRedirects(false)
        .setIdleTimeout(TIMEOUT_MILLIS)
        .putHeader(HttpHeaders.CONTENT_TYPE, contentType);
    return http.request(options)
        .compose(request -> request.send(body))
        .compose(response -> BoundedBody.read(response, MAX_ANSWER_BYTES).map(received -> answer(response.statusCode(), received)))
        .recover(e -> Future.failedFuture(e instanceof TelegramApiException ? e
            : TelegramApiException.unreachable("Telegram did not answer " + method + ": " + scrub(e, inbox))));
  }

  /**
   * Calls a Bot API method that uploads a file ({@code sendPhoto}, {@code sendDocument}): the
   * parameters and the file as {@code multipart/form-data}, the file under {@code fileField}.
   */
  Future<Object> upload(TelegramInbox inbox, String method, JsonObject params, String fileField, Attachment file) {
    String boundary = "----switchboard" + java.util.UUID.randomUUID().toString().replace("-", "");
    Buffer body = Buffer.buffer();
    params.forEach(e -> body.appendString("--" + boundary + "\r\n")
        .appendString("Content-Disposition: form-data; name=\"" + e.getKey() + "\"\r\n\r\n")
        .appendString(String.valueOf(e.getValue())).appendString("\r\n"));
    String filename = file.filename() == null || file.filename().isBlank() ? "file"
        : file.filename().replaceAll("[\"\\\\\r\n]", "_");
    body.appendString("--" + boundary + "\r\n")
        .appendString("Content-Disposition: form-data; name=\"" + fileField + "\"; filename=\"" + filename + "\"\r\n")
        .appendString("Content-Type: " + (file.contentType() == null ? "application/octet-stream" : file.contentType()) + "\r\n\r\n")
        .appendBuffer(file.content() == null ? Buffer.buffer() : file.content())
        .appendString("\r\n--" + boundary + "--\r\n");
    return post(inbox, method, "multipart/form-data; boundary=" + boundary, body);
  }

  /** A file Telegram named with {@code getFile}, failing once it grows past {@code maxBytes}. */
  Future<Buffer> download(TelegramInbox inbox, String filePath, long maxBytes) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setAbsoluteURI(inbox.apiBaseUrl() + "/file/bot" + inbox.botToken() + "/" + filePath)
        .setFollowRedirects(false)
        .setIdleTimeout(TIMEOUT_MILLIS);
    return http.request(options)
        .compose(request -> request.send())
        .compose(response -> {
          if (response.statusCode() != 200) {
            return BoundedBody.read(response, 64 * 1024).otherwiseEmpty().compose(v ->
                Future.failedFuture(TelegramApiException.unreachable("Telegram's file server answered " + response.statusCode())));
          }
          return BoundedBody.read(response, maxBytes);
        })
        .recover(e -> Future.failedFuture(e instanceof TelegramApiException || e instanceof BoundedBody.TooLarge ? e
            : TelegramApiException.unreachable("the file could not be downloaded: " + scrub(e, inbox))));
  }

  Future<Void> close() {
    return http.close();
  }


  /** The {@code result} of an {@code ok} answer; throws Telegram's refusal otherwise. */
  private static Object answer(int status, Buffer body) {
    JsonObject json;
    try {
      json = body.length() == 0 ? null : new JsonObject(body);
    } catch (DecodeException e) {
      json = null;
    }
    if (json == null) {
      throw TelegramApiException.unreachable("Telegram answered " + status + " without a Bot API answer");
    }
    if (Boolean.TRUE.equals(json.getValue("ok"))) {
      return json.getValue("result");
    }
    int code = json.getValue("error_code") instanceof Number n ? n.intValue() : status;
    String description = json.getValue("description") instanceof String s ? s : "no description";
    JsonObject parameters = json.getValue("parameters") instanceof JsonObject p ? p : new JsonObject();
    Integer retryAfter = parameters.getValue("retry_after") instanceof Number n ? n.intValue() : null;
    // thrown inside map: the call's future fails with it
    throw new TelegramApiException(code == 0 ? status : code, description, retryAfter);
  }


  /** An HTTP client's error text without the bot token (a timeout's quotes the request URI). */
  static String scrub(Throwable e, TelegramInbox inbox) {
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return scrub(text, inbox);
  }

  static String scrub(String text, TelegramInbox inbox) {
    return inbox.botToken() == null || text == null ? text : text.replace(inbox.botToken(), "<bot token>");
  }
}
