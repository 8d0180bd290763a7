package dev.switchboard.connectors.telegram;

import java.util.Locale;

/**
 * The Bot API's refusals in words an agent understands, and which are for good (the customer blocked
 * the bot: no retry helps) and which are passing (Telegram down, flood control). Telegram names its
 * errors by {@code error_code} (an HTTP status) and a {@code description} such as
 * {@code "Forbidden: bot was blocked by the user"}.
 */
final class TelegramErrors {

  private TelegramErrors() {}

  /** Whether trying again later may succeed: no answer, Telegram's 5xx, or 429 flood control. */
  static boolean isTransient(TelegramApiException e) {
    return e.errorCode() == 0 || e.errorCode() == 429 || e.errorCode() >= 500;
  }

  /** Why Telegram refused to deliver a reply, for the agent. */
  static String refused(TelegramApiException e) {
    String d = e.description().toLowerCase(Locale.ROOT);
    String quoted = " (Telegram: " + e.description() + ")";
    if (e.errorCode() == 403 && d.contains("blocked by the user")) {
      return "The customer has blocked this Telegram bot, so they cannot get messages from it until they unblock it" + quoted;
    }
    if (e.errorCode() == 403 && d.contains("deactivated")) {
      return "The customer's Telegram account has been deleted, so the message cannot be delivered" + quoted;
    }
    if (e.errorCode() == 403 && d.contains("can't initiate")) {
      return "The customer has not started a chat with this Telegram bot, and bots cannot write first" + quoted;
    }
    if (e.errorCode() == 400 && d.contains("chat not found")) {
      return "Telegram does not know this chat: the customer may never have written to this bot, or it is another bot's chat" + quoted;
    }
    if (e.errorCode() == 400 && d.contains("too long")) {
      return "The message is too long for Telegram; shorten it and send again" + quoted;
    }
    if (e.errorCode() == 400 && d.contains("empty")) {
      return "The message is empty; Telegram needs some text" + quoted;
    }
    if (e.errorCode() == 401 || e.errorCode() == 404) {
      return "Telegram did not accept this inbox's bot token; an admin must check bot_token in the inbox settings" + quoted;
    }
    return "Telegram refused the message" + quoted;
  }

  /** Why a call that may succeed later did not, for the outbox's retry note. */
  static String passing(TelegramApiException e) {
    if (e.errorCode() == 429) {
      return "Telegram asked to slow down (flood control)"
          + (e.retryAfter() == null ? "" : "; retry after " + e.retryAfter() + " s") + ". It will be sent again shortly.";
    }
    if (e.errorCode() == 0) {
      return e.description();
    }
    return "Telegram is not answering properly now (error " + e.errorCode() + ": " + e.description() + ")";
  }
}
