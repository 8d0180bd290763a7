package dev.switchboard.connectors.telegram;

import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.webhook.Signatures;
import dev.switchboard.connectors.spi.webhook.Webhook;
import dev.switchboard.connectors.spi.webhook.WebhookError;
import dev.switchboard.connectors.spi.webhook.WebhookRequest;
import io.vertx.core.Future;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check in front of {@code POST /webhooks/telegram/{inboxId}}: the path names the inbox, and
 * Telegram proves itself with the inbox's {@code secret_token}, which the hub gave it with
 * {@code setWebhook} and which it repeats in {@code X-Telegram-Bot-Api-Secret-Token} (compared in
 * constant time). A missing or wrong token is a 403 with nothing stored. An inbox that does not exist
 * (any more) is answered 200 with nothing stored and one log line: Telegram would otherwise retry the
 * update for a day, and it cannot be stored anywhere.
 */
final class SentByTelegram implements Webhook.Check<Optional<TelegramInbox>> {

  static final String HEADER = "X-Telegram-Bot-Api-Secret-Token";
  private static final Logger log = LoggerFactory.getLogger(SentByTelegram.class);

  private final ConnectorContext hub;

  SentByTelegram(ConnectorContext hub) {
    this.hub = hub;
  }

  @Override
  public Future<Optional<TelegramInbox>> verify(WebhookRequest request) {
    String given = request.header(HEADER);
    if (given == null) {
      return Future.failedFuture(WebhookError.badSignature(HEADER + " is missing."));
    }
    String inboxId = request.pathParam("inboxId");
    return hub.inbox(inboxId)
        .map(config -> TelegramConnector.CHANNEL.equals(config.channel())
            ? Optional.of(TelegramInbox.from(config)) : Optional.<TelegramInbox>empty())
        .recover(e -> e instanceof ConnectorContext.NoSuchInboxException
            ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(e))
        .compose(found -> {
          if (found.isEmpty()) {
            log.info("telegram webhook: no enabled telegram inbox {}; update acknowledged, nothing stored",
                abbreviated(inboxId));
            return Future.succeededFuture(found);
          }
          if (!Signatures.equal(found.get().secretToken(), given)) {
            log.warn("telegram webhook: wrong {} for inbox {}", HEADER, found.get().id());
            return Future.failedFuture(WebhookError.badSignature(HEADER + " does not match."));
          }
          return Future.succeededFuture(found);
        });
  }

  /** An id from the path, as a log line may show it: a made-up one may be long. */
  static String abbreviated(String id) {
    String safe = id == null ? "" : id.replaceAll("[^0-9A-Za-z_-]", "?");
    return safe.length() <= 24 ? safe : safe.substring(0, 24) + "…";
  }
}
