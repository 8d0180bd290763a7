package dev.switchboard.connectors.telegram;

/**
 * The Bot API's refusal of a call, {@code {"ok":false,"error_code":…,"description":…,
 * "parameters":{"retry_after":…}}}, or a call that got no usable answer ({@code errorCode} 0). The
 * message never holds the bot token.
 *
 * @see TelegramErrors for what each means to an agent
 */
final class TelegramApiException extends RuntimeException {

  private final int errorCode;
  private final String description;
  private final Integer retryAfter;

  TelegramApiException(int errorCode, String description, Integer retryAfter) {
    super(errorCode == 0 ? description : "Telegram error " + errorCode + ": " + description, null, false, false);
    this.errorCode = errorCode;
    this.description = description == null ? "" : description;
    this.retryAfter = retryAfter;
  }

  /** No answer, a timeout or an unreadable one: worth trying again. */
  static TelegramApiException unreachable(String what) {
    return new TelegramApiException(0, what, null);
  }

  /** Telegram's {@code error_code} (an HTTP status: 400, 401, 403, 429, …), or 0 for no answer. */
  int errorCode() {
    return errorCode;
  }

  /** Telegram's {@code description}, such as {@code "Forbidden: bot was blocked by the user"}. */
  String description() {
    return description;
  }

  /** Seconds Telegram asked to wait ({@code parameters.retry_after}, with 429), or {@code null}. */
  Integer retryAfter() {
    return retryAfter;
  }
}
