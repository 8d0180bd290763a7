package dev.switchboard.connectors.spi.webhook;

import io.vertx.core.http.HttpServerResponse;

/**
 * What a provider gets once its webhook's work is committed: the 2xx it expects, in its own format
 * (Twilio: empty TwiML; Meta and Telegram: an empty 200).
 */
public record WebhookReply(int status, String contentType, String body) {

  /** 200 with no body. */
  public static WebhookReply ok() {
    return new WebhookReply(200, null, "");
  }

  /** 200 with this body. */
  public static WebhookReply ok(String contentType, String body) {
    return new WebhookReply(200, contentType, body);
  }

  void send(HttpServerResponse response) {
    response.setStatusCode(status);
    if (contentType != null) {
      response.putHeader("content-type", contentType);
    }
    response.end(body == null ? "" : body);
  }
}
