package dev.switchboard.connectors.spi.webhook;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * A webhook request refused: fail a {@link Webhook.Check} or {@link Webhook.Handler} future with it,
 * and the provider gets {@code status} and JSON {@code {error, message}}. A refusal is final for the
 * request (a 4xx), so never use it for "the hub could not store it now": that is any other failure.
 */
public final class WebhookError extends RuntimeException {

  private final int status;
  private final String error;

  public WebhookError(int status, String error, String message) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
  }

  /** 400: a field is missing or malformed. */
  public static WebhookError badRequest(String message) {
    return new WebhookError(400, "bad_request", message);
  }

  /** 403: the signature is missing or does not match; nothing is stored. */
  public static WebhookError badSignature(String message) {
    return new WebhookError(403, "bad_signature", message);
  }

  /** 404: the request names an inbox, number or account this hub does not have. */
  public static WebhookError notFound(String error, String message) {
    return new WebhookError(404, error, message);
  }

  static WebhookError tooLarge(int limit) {
    return new WebhookError(413, "too_large", "The body is larger than " + limit + " bytes.");
  }

  /** Ours, not the provider's: a 500 makes the provider try again later. */
  static WebhookError internal() {
    return new WebhookError(500, "internal", "Could not be processed now; try again.");
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  void send(HttpServerResponse response) {
    response.setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", error).put("message", getMessage()).encode());
  }
}
