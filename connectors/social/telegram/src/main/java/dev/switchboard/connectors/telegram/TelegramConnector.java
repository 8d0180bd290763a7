package dev.switchboard.connectors.telegram;

import dev.switchboard.connectors.spi.ChannelCapabilities;
import dev.switchboard.connectors.spi.ChannelDescriptor;
import dev.switchboard.connectors.spi.ConfigKey;
import dev.switchboard.connectors.spi.Connector;
import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.InboxConfig;
import dev.switchboard.connectors.spi.OutboundMessage;
import dev.switchboard.connectors.spi.webhook.Webhook;
import io.vertx.core.Future;
import java.util.List;

/**
 * Telegram bots through the Bot API. Inbound: Telegram's webhook {@code POST /webhooks/telegram/{inboxId}},
 * proven by {@code X-Telegram-Bot-Api-Secret-Token}; the hub registers it ({@code setWebhook}) when an
 * inbox is created or changed ({@link #setUpInbox}). Outbound: {@code sendMessage}. Inboxes
 * ({@code bot_token}, {@code secret_token}, {@code api_base_url}) are read from the hub on every
 * request, so edits apply at once.
 */
public final class TelegramConnector implements Connector {

  static final String CHANNEL = "telegram";
  /** A customer is their Telegram chat: in a private chat, the user's id. */
  static final String IDENTITY = "telegram";
  static final String WEBHOOK_PREFIX = "/webhooks/telegram/";
  /** A Bot API update is a few kilobytes; a long text with its entities stays far below this. */
  static final int BODY_LIMIT = 256 * 1024;

  /** No reply window (a customer who wrote to the bot can be answered at any time); replies carry text and files. */
  static final ChannelDescriptor TELEGRAM = new ChannelDescriptor(CHANNEL, List.of(IDENTITY),
      ChannelCapabilities.outbox().withOutboundAttachments(),
      List.of(
          ConfigKey.secret("bot_token").asRequired(),
          ConfigKey.secret("secret_token").asRequired().asGenerated(),
          ConfigKey.of("api_base_url", ConfigKey.Type.URL).asEndpoint().withDefault(TelegramInbox.TELEGRAM_API)));

  private ConnectorContext hub;
  private TelegramApi api;
  private TelegramSender sender;
  private WebhookRegistration registration;

  @Override
  public List<ChannelDescriptor> channels() {
    return List.of(TELEGRAM);
  }

  @Override
  public Future<Void> start(ConnectorContext context) {
    hub = context;
    api = new TelegramApi(context.vertx());
    sender = new TelegramSender(api);
    registration = new WebhookRegistration(api, context.publicUrl());
    context.mountWebhook(Webhook.post(WEBHOOK_PREFIX + ":inboxId")
        .bodyLimit(BODY_LIMIT)
        .describedBy(request -> "telegram update for inbox " + SentByTelegram.abbreviated(request.pathParam("inboxId")))
        .verify(new SentByTelegram(context))
        .handle(new UpdateRoute(context, new FileFetcher(api))));
    return Future.succeededFuture();
  }

  /** Registers the inbox's webhook with Telegram ({@code setWebhook}, with its secret token). */
  @Override
  public Future<String> setUpInbox(InboxConfig inbox) {
    return registration.register(TelegramInbox.from(inbox));
  }

  @Override
  public Future<DeliveryReceipt> deliver(OutboundMessage message) {
    return hub.inbox(message.inboxId())
        .map(TelegramInbox::from)
        .compose(inbox -> inbox.usable() ? sender.send(inbox, message)
            : Future.succeededFuture(DeliveryReceipt.failed(message.messageId(), null,
                "This Telegram inbox has no bot token; an admin must complete its settings.")))
        .recover(e -> e instanceof ConnectorContext.NoSuchInboxException
            ? Future.succeededFuture(DeliveryReceipt.failed(message.messageId(), null,
                "This Telegram inbox was deleted or disabled, so the message cannot be sent from it."))
            : Future.failedFuture(e));
  }

  @Override
  public Future<Void> stop() {
    return api == null ? Future.succeededFuture() : api.close();
  }
}
