package dev.switchboard.connectors.sms;

import dev.switchboard.connectors.spi.ChannelCapabilities;
import dev.switchboard.connectors.spi.ChannelDescriptor;
import dev.switchboard.connectors.spi.ConfigKey;
import dev.switchboard.connectors.spi.Connector;
import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.OutboundMessage;
import dev.switchboard.connectors.spi.webhook.Webhook;
import dev.switchboard.connectors.spi.webhook.WebhookReply;
import io.vertx.core.Future;
import java.util.List;

/**
 * SMS and MMS through Twilio. Inbound: Twilio's webhook {@code POST /webhooks/twilio/sms}; outbound:
 * the Twilio SDK, with progress reported to {@code POST /webhooks/twilio/status}. Both webhooks are
 * checked against {@code X-Twilio-Signature}. Inboxes ({@code account_sid}, {@code auth_token},
 * {@code phone_number}, {@code api_base_url}) are read from the hub on every request, so edits apply
 * at once.
 */
public final class SmsConnector implements Connector {

  static final String INBOUND_PATH = "/webhooks/twilio/sms";
  static final String STATUS_PATH = "/webhooks/twilio/status";
  /** How Twilio wants a webhook acknowledged: TwiML that asks it to do nothing more. */
  static final WebhookReply EMPTY_TWIML = WebhookReply.ok("text/xml; charset=utf-8",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>");

  private SmsInboxes inboxes;
  private MediaFetcher media;
  private TwilioSender sender;

  /** Customers are phone numbers (shared with WhatsApp); MMS out needs public file URLs, so text only. */
  static final ChannelDescriptor SMS = new ChannelDescriptor("sms", List.of(Identity.PHONE),
      ChannelCapabilities.outbox(),
      List.of(
          ConfigKey.of("account_sid", ConfigKey.Type.TEXT),
          ConfigKey.secret("auth_token"),
          ConfigKey.of("phone_number", ConfigKey.Type.PHONE),
          ConfigKey.of("api_base_url", ConfigKey.Type.URL).asEndpoint().withDefault(SmsInbox.TWILIO_API)));

  @Override
  public List<ChannelDescriptor> channels() {
    return List.of(SMS);
  }

  @Override
  public Future<Void> start(ConnectorContext context) {
    inboxes = new SmsInboxes(context);
    media = new MediaFetcher(context.vertx());
    sender = new TwilioSender(context.vertx(), new TwilioClients(), context.publicUrl());
    TwilioSignature signature = new TwilioSignature(context.publicUrl());
    context.mountWebhook(Webhook.post(INBOUND_PATH)
        .acknowledgeWith(EMPTY_TWIML)
        .describedBy(request -> "sms inbound " + request.form().get("MessageSid"))
        .verify(SignedByTwilio.toOurNumber(inboxes, signature))
        .handle(new InboundSmsRoute(context, media)));
    context.mountWebhook(Webhook.post(STATUS_PATH)
        .acknowledgeWith(EMPTY_TWIML)
        .describedBy(request -> "sms status " + request.form().get("MessageSid"))
        .verify(SignedByTwilio.ofAccount(inboxes, signature))
        .handle(new StatusCallbackRoute(context)));
    return Future.succeededFuture();
  }

  @Override
  public Future<DeliveryReceipt> deliver(OutboundMessage message) {
    return inboxes.byId(message.inboxId())
        .compose(inbox -> inbox.usable() ? sender.send(inbox, message)
            : Future.succeededFuture(DeliveryReceipt.failed(message.messageId(), null,
                "This SMS inbox is missing its Twilio account SID, auth token or phone number; an admin must complete its settings.")))
        .recover(e -> e instanceof ConnectorContext.NoSuchInboxException
            ? Future.succeededFuture(DeliveryReceipt.failed(message.messageId(), null,
                "This SMS inbox was deleted or disabled, so the message cannot be sent from it."))
            : Future.failedFuture(e));
  }

  @Override
  public Future<Void> stop() {
    return media == null ? Future.succeededFuture() : media.close();
  }
}
