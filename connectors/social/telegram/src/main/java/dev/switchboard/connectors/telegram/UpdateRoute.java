package dev.switchboard.connectors.telegram;

import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.InboundMessage;
import dev.switchboard.connectors.spi.webhook.Webhook;
import dev.switchboard.connectors.spi.webhook.WebhookError;
import dev.switchboard.connectors.spi.webhook.WebhookRequest;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/telegram/{inboxId}}: one Bot API {@code Update}, from an inbox
 * {@link SentByTelegram} verified. The customer's message (its file downloaded first) is stored
 * before the webhook answers, so an update Telegram retries is never lost, and its provider id
 * (bot, chat and message id) keeps a retry from doubling it.
 */
final class UpdateRoute implements Webhook.Handler<Optional<TelegramInbox>> {

  private static final Logger log = LoggerFactory.getLogger(UpdateRoute.class);

  private final ConnectorContext hub;
  private final FileFetcher files;

  UpdateRoute(ConnectorContext hub, FileFetcher files) {
    this.hub = hub;
    this.files = files;
  }

  @Override
  public Future<?> handle(Optional<TelegramInbox> inbox, WebhookRequest request) {
    if (inbox.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonObject update;
    try {
      update = new JsonObject(request.body());
    } catch (DecodeException | ClassCastException e) {
      return Future.failedFuture(WebhookError.badRequest("The body is not a JSON object."));
    }
    Optional<TelegramMessage> read = UpdateReader.read(inbox.get().botId(), update);
    if (read.isEmpty()) {
      log.debug("telegram inbox {}: update {} holds no private-chat message; nothing stored",
          inbox.get().id(), update.getValue("update_id"));
      return Future.succeededFuture();
    }
    return store(inbox.get(), read.get());
  }

  private Future<?> store(TelegramInbox inbox, TelegramMessage m) {
    Future<FileFetcher.Fetched> file = m.file() == null ? Future.succeededFuture(new FileFetcher.Fetched(null, null))
        : files.fetch(inbox, m.providerId(), m.file());
    return file.compose(fetched -> {
      String body = fetched.placeholder() == null ? m.body()
          : m.body().isEmpty() ? fetched.placeholder() : m.body() + "\n" + fetched.placeholder();
      return hub.receive(new InboundMessage(inbox.id(), TelegramConnector.CHANNEL, m.from(), m.senderName(), body,
          null, fetched.attachment() == null ? List.of() : List.of(fetched.attachment()), m.providerId(), null,
          m.linked()));
    });
  }
}
