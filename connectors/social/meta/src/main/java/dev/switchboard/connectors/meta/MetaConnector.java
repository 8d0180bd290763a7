package dev.switchboard.connectors.meta;

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
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * WhatsApp (Cloud API), Messenger and Instagram through Meta's Graph API: one webhook for all three,
 * {@code GET /webhooks/meta} (the subscription check) and {@code POST /webhooks/meta} (signed with the
 * app secret, {@code X-Hub-Signature-256}); replies through the Graph API's send endpoints. Inboxes are
 * read from the hub on every request, so edits apply at once.
 */
public final class MetaConnector implements Connector {

  static final String WHATSAPP = "whatsapp";
  static final String MESSENGER = "messenger";
  static final String INSTAGRAM = "instagram";
  static final String PATH = "/webhooks/meta";
  /** Meta batches up to 1,000 updates; its payloads stay well under this. */
  static final int BODY_LIMIT = 1024 * 1024;

  private static ConfigKey apiBaseUrl() {
    return ConfigKey.of("api_base_url", ConfigKey.Type.URL).asEndpoint().withDefault(MetaInbox.GRAPH_API);
  }

  /** Customers are phone numbers (shared with SMS); free-form replies only within 24 h, templates after. */
  static final ChannelDescriptor WHATSAPP_CHANNEL = new ChannelDescriptor(WHATSAPP, List.of(Identity.PHONE, WHATSAPP),
      ChannelCapabilities.outbox().withReplyWindow(Duration.ofHours(24)).withTemplates().withOutboundAttachments(),
      List.of(
          ConfigKey.of("phone_number_id", ConfigKey.Type.TEXT).asRequired(),
          ConfigKey.secret("access_token").asRequired(),
          ConfigKey.secret("app_secret").asRequired(),
          ConfigKey.secret("verify_token").asRequired(),
          ConfigKey.of("business_account_id", ConfigKey.Type.TEXT),
          apiBaseUrl()));

  /** Page-scoped ids; 24 h for any reply, 7 days for a human agent's ({@code HUMAN_AGENT} tag). */
  static final ChannelDescriptor MESSENGER_CHANNEL = new ChannelDescriptor(MESSENGER, List.of(MESSENGER),
      ChannelCapabilities.outbox().withReplyWindow(MessengerSender.STANDARD_WINDOW)
          .withAgentReplyWindow(MessengerSender.HUMAN_AGENT_WINDOW),
      List.of(
          ConfigKey.of("page_id", ConfigKey.Type.TEXT).asRequired(),
          ConfigKey.secret("page_access_token").asRequired(),
          ConfigKey.secret("app_secret").asRequired(),
          ConfigKey.secret("verify_token").asRequired(),
          apiBaseUrl()));

  static final ChannelDescriptor INSTAGRAM_CHANNEL = new ChannelDescriptor(INSTAGRAM, List.of(INSTAGRAM),
      ChannelCapabilities.outbox().withReplyWindow(MessengerSender.STANDARD_WINDOW)
          .withAgentReplyWindow(MessengerSender.HUMAN_AGENT_WINDOW),
      List.of(
          ConfigKey.of("instagram_account_id", ConfigKey.Type.TEXT).asRequired(),
          ConfigKey.secret("page_access_token").asRequired(),
          ConfigKey.secret("app_secret").asRequired(),
          ConfigKey.secret("verify_token").asRequired(),
          apiBaseUrl()));

  private MetaInboxes inboxes;
  private GraphClient graph;
  private WhatsAppSender whatsapp;
  private MessengerSender messenger;
  private WhatsAppTemplates templates;

  @Override
  public List<ChannelDescriptor> channels() {
    return List.of(WHATSAPP_CHANNEL, MESSENGER_CHANNEL, INSTAGRAM_CHANNEL);
  }

  @Override
  public Future<Void> start(ConnectorContext context) {
    inboxes = new MetaInboxes(context);
    graph = new GraphClient(context.vertx());
    MediaDownloads media = new MediaDownloads(graph);
    SentLog sent = new SentLog(context);
    whatsapp = new WhatsAppSender(graph);
    messenger = new MessengerSender(graph, sent);
    templates = new WhatsAppTemplates(graph);
    WhatsAppInbound whatsappInbound = new WhatsAppInbound(context, media);
    MessengerInbound messengerInbound = new MessengerInbound(context, media, sent, new ProfileNames(graph));
    context.mountWebhook(Webhook.get(PATH, new VerifySubscription(inboxes)));
    context.mountWebhook(Webhook.post(PATH)
        .bodyLimit(BODY_LIMIT)
        .acknowledgeWith(WebhookReply.ok())
        .verify(new SignedByMeta(inboxes))
        .handle((batch, request) -> {
          Future<Void> done = Future.succeededFuture();
          for (MetaBatch.Part part : batch.parts()) {
            done = done.compose(v -> WHATSAPP.equals(part.inbox().channel())
                ? whatsappInbound.handle(part.inbox(), part.body())
                : messengerInbound.handle(part.inbox(), part.body()));
          }
          return done;
        }));
    return Future.succeededFuture();
  }

  @Override
  public Future<DeliveryReceipt> deliver(OutboundMessage message) {
    return inboxes.byId(message.inboxId())
        .compose(inbox -> {
          if (!inbox.usable()) {
            return Future.succeededFuture(DeliveryReceipt.failed(message.messageId(), null,
                "This " + inbox.channel() + " inbox is missing its account id, access token or app secret; an admin must complete its settings."));
          }
          return WHATSAPP.equals(inbox.channel()) ? whatsapp.send(inbox, message) : messenger.send(inbox, message);
        })
        .recover(e -> e instanceof ConnectorContext.NoSuchInboxException
            ? Future.succeededFuture(DeliveryReceipt.failed(message.messageId(), null,
                "This " + message.channel() + " inbox was deleted or disabled, so the message cannot be sent from it."))
            : Future.failedFuture(e));
  }

  @Override
  public Future<List<JsonObject>> templates(String inboxId) {
    return inboxes.byId(inboxId).compose(inbox -> WHATSAPP.equals(inbox.channel()) ? templates.of(inbox)
        : Future.succeededFuture(List.of()));
  }

  @Override
  public Future<Void> stop() {
    return graph == null ? Future.succeededFuture() : graph.close();
  }
}
