package dev.switchboard.connectors.sms;

import dev.switchboard.connectors.spi.Accepted;
import dev.switchboard.connectors.spi.Attachment;
import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.InboundMessage;
import dev.switchboard.connectors.spi.webhook.Webhook;
import dev.switchboard.connectors.spi.webhook.WebhookError;
import dev.switchboard.connectors.spi.webhook.WebhookRequest;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/twilio/sms}: a customer's SMS or MMS, in Twilio's form-encoded format, from an
 * inbox {@link SignedByTwilio} verified. Stored (media fetched as attachments) before the webhook
 * answers, so a message Twilio retries is never lost; the hub's provider-id key ({@code MessageSid})
 * keeps a retry from doubling it.
 */
final class InboundSmsRoute implements Webhook.Handler<SmsInbox> {

  private static final Logger log = LoggerFactory.getLogger(InboundSmsRoute.class);
  /** Twilio sends at most 10 media per message. */
  private static final int MAX_MEDIA = 10;

  private final ConnectorContext hub;
  private final MediaFetcher media;

  InboundSmsRoute(ConnectorContext hub, MediaFetcher media) {
    this.hub = hub;
    this.media = media;
  }

  @Override
  public Future<Accepted> handle(SmsInbox inbox, WebhookRequest request) {
    return store(inbox, request.form());
  }

  private Future<Accepted> store(SmsInbox inbox, MultiMap form) {
    String sid = form.get("MessageSid");
    if (sid == null || sid.isBlank()) {
      return Future.failedFuture(WebhookError.badRequest("MessageSid is required."));
    }
    Identity from = Identity.phone(form.get("From"));
    if (from == null) {
      return Future.failedFuture(WebhookError.badRequest("From must be a phone number in international format."));
    }
    String body = form.get("Body") == null ? "" : form.get("Body");
    return fetchMedia(inbox, sid, form)
        .compose(attachments -> hub.receive(new InboundMessage(
            inbox.id(), "sms", from, null, body, null, attachments, sid, null)));
  }

  /** Every {@code MediaUrl{n}} that could be fetched; one that could not is logged and left out. */
  private Future<List<Attachment>> fetchMedia(SmsInbox inbox, String sid, MultiMap form) {
    int count = numMedia(form.get("NumMedia"));
    List<Future<Attachment>> fetches = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      String url = form.get("MediaUrl" + n);
      if (url == null || url.isBlank()) {
        continue;
      }
      int index = n;
      fetches.add(media.fetch(inbox, url.trim(), form.get("MediaContentType" + n))
          .recover(e -> {
            log.warn("sms inbound: media {} of {} not fetched, storing the text without it: {}", index, sid, e.getMessage());
            return Future.succeededFuture(null);
          }));
    }
    return Future.join(fetches).map(all -> {
      List<Attachment> attachments = new ArrayList<>();
      for (Future<Attachment> f : fetches) {
        if (f.result() != null) {
          attachments.add(f.result());
        }
      }
      return attachments;
    });
  }

  private static int numMedia(String raw) {
    try {
      return raw == null ? 0 : Math.max(0, Math.min(MAX_MEDIA, Integer.parseInt(raw.trim())));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
