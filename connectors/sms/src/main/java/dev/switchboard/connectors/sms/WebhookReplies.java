package dev.switchboard.connectors.sms;

import dev.switchboard.connectors.spi.InboundRejectedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;

/** How the Twilio webhooks answer: empty TwiML when done, JSON {@code {error, message}} otherwise. */
final class WebhookReplies {

  static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

  private WebhookReplies() {}

  static void emptyTwiml(RoutingContext ctx) {
    ctx.response().setStatusCode(200).putHeader("content-type", "text/xml; charset=utf-8").end(EMPTY_TWIML);
  }

  /**
   * A {@link WebhookError} gets its own status; a message the hub set aside is done with (200:
   * retrying cannot help); anything else is ours (storage down, …) and gets a 500, which makes
   * Twilio retry the webhook later.
   */
  static void failure(RoutingContext ctx, Throwable e, Logger log, String what) {
    if (ctx.response().ended()) {
      return;
    }
    if (e instanceof WebhookError w) {
      json(ctx, w.status, w.error, w.getMessage());
    } else if (e instanceof InboundRejectedException) {
      log.info("{}: set aside for an admin: {}", what, e.getMessage());
      emptyTwiml(ctx);
    } else {
      log.warn("{}: {}", what, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      json(ctx, 500, "internal", "Could not be processed now; try again.");
    }
  }

  private static void json(RoutingContext ctx, int status, String error, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", error).put("message", message).encode());
  }
}
