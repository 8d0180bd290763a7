package dev.switchboard.connectors.telegram;

import dev.switchboard.connectors.spi.InboxConfig;
import io.vertx.core.json.JsonObject;

/**
 * A {@code telegram} inbox's configuration, read from its {@link InboxConfig}. {@link #toString()}
 * leaves both secrets out, so the record can be logged.
 *
 * @param botToken    BotFather's token, {@code 123456789:AA…}; it sits in every Bot API URL
 * @param secretToken what Telegram sends back in {@code X-Telegram-Bot-Api-Secret-Token}
 * @param apiBaseUrl  the Bot API root ({@code https://api.telegram.org}) unless configured otherwise
 */
record TelegramInbox(String id, String botToken, String secretToken, String apiBaseUrl) {

  static final String TELEGRAM_API = "https://api.telegram.org";

  static TelegramInbox from(InboxConfig inbox) {
    JsonObject c = inbox.config() == null ? new JsonObject() : inbox.config();
    String base = c.getValue("api_base_url") instanceof String s && !s.isBlank() ? s.trim() : TELEGRAM_API;
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return new TelegramInbox(inbox.id(), text(c, "bot_token"), text(c, "secret_token"), base);
  }

  /** Has what it takes to check webhooks and call the Bot API. */
  boolean usable() {
    return botToken != null && secretToken != null;
  }

  /**
   * The bot's own id, the part of the token before the colon: provider ids carry it, so two bots'
   * chats and message ids never collide, and a deleted and re-created inbox of one bot keeps its keys.
   */
  String botId() {
    int colon = botToken == null ? -1 : botToken.indexOf(':');
    return colon > 0 ? botToken.substring(0, colon) : "bot";
  }

  private static String text(JsonObject c, String key) {
    return c.getValue(key) instanceof String s && !s.isBlank() ? s.trim() : null;
  }

  @Override
  public String toString() {
    return "TelegramInbox[id=" + id + ", bot=" + botId() + ", apiBaseUrl=" + apiBaseUrl + "]";
  }
}
