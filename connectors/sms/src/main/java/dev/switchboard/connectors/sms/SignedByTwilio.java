package dev.switchboard.connectors.sms;

import dev.switchboard.connectors.spi.webhook.Webhook;
import dev.switchboard.connectors.spi.webhook.WebhookError;
import dev.switchboard.connectors.spi.webhook.WebhookRequest;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check in front of both Twilio webhooks: finds the inbox the request names (by the number it was
 * sent to, or by the account) and proves with that inbox's auth token that Twilio signed it.
 */
final class SignedByTwilio implements Webhook.Check<SmsInbox> {

  private static final Logger log = LoggerFactory.getLogger(SignedByTwilio.class);

  private final TwilioSignature signature;
  private final String field;
  private final Function<String, Future<Optional<SmsInbox>>> lookup;
  private final WebhookError unknown;

  private SignedByTwilio(TwilioSignature signature, String field,
      Function<String, Future<Optional<SmsInbox>>> lookup, WebhookError unknown) {
    this.signature = signature;
    this.field = field;
    this.lookup = lookup;
    this.unknown = unknown;
  }

  /** Inbound messages: the inbox whose number is {@code To}. */
  static SignedByTwilio toOurNumber(SmsInboxes inboxes, TwilioSignature signature) {
    return new SignedByTwilio(signature, "To", inboxes::byNumber,
        WebhookError.notFound("unknown_number", "No SMS inbox has this number."));
  }

  /** Status callbacks: an inbox of the Twilio account {@code AccountSid} (they do not always name our number). */
  static SignedByTwilio ofAccount(SmsInboxes inboxes, TwilioSignature signature) {
    return new SignedByTwilio(signature, "AccountSid", sid -> inboxes.byAccount(sid.trim()),
        WebhookError.notFound("unknown_account", "No SMS inbox uses this Twilio account."));
  }

  @Override
  public Future<SmsInbox> verify(WebhookRequest request) {
    if (request.header(TwilioSignature.HEADER) == null) {
      return Future.failedFuture(WebhookError.badSignature("X-Twilio-Signature is missing."));
    }
    String value = request.form().get(field);
    if (value == null || value.isBlank()) {
      return Future.failedFuture(WebhookError.badRequest(field + " is required."));
    }
    return lookup.apply(value).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(unknown);
      }
      SmsInbox inbox = found.get();
      if (!signature.valid(request, inbox.authToken())) {
        log.warn("sms webhook: bad X-Twilio-Signature for inbox {} (checked against {})", inbox.id(), signature.signedUrl(request));
        return Future.failedFuture(WebhookError.badSignature("X-Twilio-Signature does not match."));
      }
      return Future.succeededFuture(inbox);
    });
  }
}
