package dev.switchboard.connectors.telegram;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Tells Telegram where to send a bot's updates: {@code setWebhook} with
 * {@code url = {public URL}/webhooks/telegram/{inboxId}}, the inbox's {@code secret_token} (which
 * Telegram then sends with every update) and the update types the hub reads. Setting the same webhook
 * again is harmless, so the hub may call this as often as an inbox changes.
 */
final class WebhookRegistration {

  /** What the hub reads; other update types are not sent at all. */
  static final JsonArray ALLOWED_UPDATES = new JsonArray().add("message").add("edited_message");

  private final TelegramApi api;
  private final String publicUrl;

  WebhookRegistration(TelegramApi api, String publicUrl) {
    this.api = api;
    String base = publicUrl == null ? "" : publicUrl.trim();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    this.publicUrl = base;
  }

  /** The URL Telegram is told to call for this inbox. */
  String webhookUrl(String inboxId) {
    return publicUrl + TelegramConnector.WEBHOOK_PREFIX + inboxId;
  }

  /** A line for admins on success (no secrets); a failure with Telegram's reason in plain words. */
  Future<String> register(TelegramInbox inbox) {
    if (!inbox.usable()) {
      return Future.failedFuture(new IllegalStateException("The inbox needs bot_token and secret_token."));
    }
    if (!inbox.secretToken().matches("[A-Za-z0-9_-]{1,256}")) {
      return Future.failedFuture(new IllegalStateException("Telegram only takes a secret_token of 1-256 characters"
          + " A-Z, a-z, 0-9, _ and -; set another one (or give none when creating an inbox, and the hub makes one)."));
    }
    String url = webhookUrl(inbox.id());
    JsonObject params = new JsonObject()
        .put("url", url)
        .put("secret_token", inbox.secretToken())
        .put("allowed_updates", ALLOWED_UPDATES.copy());
    return api.call(inbox, "setWebhook", params)
        .map(result -> "Telegram webhook set to " + url + " for bot " + inbox.botId() + ".")
        .recover(e -> Future.failedFuture(new IllegalStateException(explain(e, inbox, url))));
  }

  private static String explain(Throwable e, TelegramInbox inbox, String url) {
    if (e instanceof TelegramApiException t) {
      if (t.errorCode() == 401 || t.errorCode() == 404) {
        return "Telegram did not accept the bot token (Telegram: " + t.description() + "); check bot_token.";
      }
      if (t.errorCode() == 400) {
        return "Telegram refused the webhook " + url + " (Telegram: " + t.description()
            + "); the hub's public URL must be an https address Telegram can reach.";
      }
      return "Telegram could not set the webhook now (" + TelegramErrors.passing(t) + ").";
    }
    return "Telegram could not be reached to set the webhook: " + TelegramApi.scrub(e, inbox);
  }
}
