package dev.switchboard.connectors.meta;

import dev.switchboard.connectors.spi.webhook.Signatures;
import dev.switchboard.connectors.spi.webhook.Webhook;
import dev.switchboard.connectors.spi.webhook.WebhookError;
import dev.switchboard.connectors.spi.webhook.WebhookReply;
import dev.switchboard.connectors.spi.webhook.WebhookRequest;
import io.vertx.core.Future;

/**
 * {@code GET /webhooks/meta}: Meta's check when an admin registers the callback URL
 * ({@code hub.mode=subscribe}, {@code hub.verify_token}, {@code hub.challenge}). The challenge is
 * echoed as text when the token is some WhatsApp, Messenger or Instagram inbox's {@code verify_token};
 * anything else is a 403.
 */
final class VerifySubscription implements Webhook.Challenge {

  private final MetaInboxes inboxes;

  VerifySubscription(MetaInboxes inboxes) {
    this.inboxes = inboxes;
  }

  @Override
  public Future<WebhookReply> answer(WebhookRequest request) {
    String mode = request.queryParam("hub.mode");
    String token = request.queryParam("hub.verify_token");
    String challenge = request.queryParam("hub.challenge");
    if (!"subscribe".equals(mode) || token == null || challenge == null) {
      return Future.failedFuture(new WebhookError(403, "forbidden", "Not a subscription check this hub answers."));
    }
    if (challenge.length() > 200) {
      return Future.failedFuture(WebhookError.badRequest("hub.challenge is too long."));
    }
    return inboxes.all().compose(all -> {
      // every token is compared, so the time taken does not tell which inbox (if any) nearly matched
      boolean known = false;
      for (MetaInbox inbox : all) {
        known |= Signatures.equal(inbox.verifyToken(), token);
      }
      return known ? Future.succeededFuture(WebhookReply.ok("text/plain; charset=utf-8", challenge))
          : Future.failedFuture(new WebhookError(403, "forbidden", "hub.verify_token matches no inbox."));
    });
  }
}
