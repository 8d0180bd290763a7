package dev.switchboard.assistant.bot;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The hub's public bot API, as any bot would call it: {@code GET /api/v1/kb/search} ({@code read}
 * scope) and {@code POST /api/v1/conversations/{id}/drafts} ({@code draft} scope), with the bot's
 * token. A busy or briefly unreachable hub is tried again (three tries, growing pauses); a refusal
 * (4xx) is not.
 */
public final class HubClient {

  static final int TRIES = 3;
  static final long TIMEOUT_MILLIS = 10_000;

  /** An answer the hub gave and that trying again would not change, or the last failure. */
  public static final class HubRefused extends RuntimeException {
    final int status;

    HubRefused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private final Vertx vertx;
  private final WebClient http;
  private final BotConfig config;
  private final long pauseMillis;

  public HubClient(Vertx vertx, BotConfig config) {
    this(vertx, config, 500);
  }

  HubClient(Vertx vertx, BotConfig config, long pauseMillis) {
    this.vertx = vertx;
    this.http = WebClient.create(vertx);
    this.config = config;
    this.pauseMillis = pauseMillis;
  }

  /** The best published articles for {@code query}, best first, with their public links. */
  public Future<List<KbArticle>> search(String query, int limit) {
    return withRetries(() -> authorized(http.getAbs(config.hubUrl() + "/api/v1/kb/search"))
        .addQueryParam("q", query).addQueryParam("limit", String.valueOf(limit)).send(), true, 1)
        .map(r -> {
          List<KbArticle> out = new ArrayList<>();
          r.bodyAsJsonObject().getJsonArray("results").forEach(o -> {
            JsonObject a = (JsonObject) o;
            out.add(new KbArticle(a.getLong("id"), a.getString("title"), a.getString("snippet", ""),
                a.getString("body", ""), config.linkUrl() + a.getString("url")));
          });
          return out;
        });
  }

  /** Posts a draft (never a reply) to the conversation; completes with the draft's id when the hub gives one. */
  public Future<JsonObject> postDraft(long conversationId, String body, String note) {
    JsonObject draft = new JsonObject().put("body", body);
    if (note != null) {
      draft.put("note", note);
    }
    return withRetries(() -> authorized(http.postAbs(config.hubUrl() + "/api/v1/conversations/" + conversationId
        + "/drafts")).sendJsonObject(draft), false, 1)
        .map(r -> {
          Buffer b = r.body();
          return b == null || b.length() == 0 ? new JsonObject() : r.bodyAsJsonObject();
        });
  }

  private HttpRequest<Buffer> authorized(HttpRequest<Buffer> request) {
    return request.putHeader("authorization", "Bearer " + config.token()).timeout(TIMEOUT_MILLIS);
  }

  /**
   * The call, tried again on a passing failure. One that is not {@code idempotent} (a draft) only
   * when the hub surely did nothing: 429, 503, or no connection at all; after a timeout the hub may
   * have stored it, and a second try would show the agent the same suggestion twice.
   */
  private Future<HttpResponse<Buffer>> withRetries(Supplier<Future<HttpResponse<Buffer>>> call, boolean idempotent,
      int attempt) {
    return call.get().transform(done -> {
      boolean retry;
      Throwable failure;
      if (done.succeeded()) {
        HttpResponse<Buffer> r = done.result();
        if (r.statusCode() / 100 == 2) {
          return Future.succeededFuture(r);
        }
        retry = r.statusCode() == 429 || r.statusCode() == 503 || (idempotent && r.statusCode() >= 500);
        failure = new HubRefused(r.statusCode(), "the hub answered " + r.statusCode() + ": " + errorOf(r));
      } else {
        failure = done.cause();
        retry = idempotent || failure instanceof java.net.ConnectException;
      }
      if (!retry || attempt >= TRIES) {
        return Future.failedFuture(failure);
      }
      Promise<HttpResponse<Buffer>> later = Promise.promise();
      vertx.setTimer(pauseMillis * attempt * attempt, t -> withRetries(call, idempotent, attempt + 1).onComplete(later));
      return later.future();
    });
  }

  private static String errorOf(HttpResponse<Buffer> r) {
    try {
      JsonObject e = r.bodyAsJsonObject();
      return e == null ? "" : e.getString("error", "") + " " + e.getString("message", "");
    } catch (RuntimeException notJson) {
      return "";
    }
  }
}
