package dev.switchboard.connectors.sms;

import java.util.Locale;

/**
 * Twilio's message statuses as the hub's delivery statuses ({@code queued}, {@code sent},
 * {@code delivered}, {@code read}, {@code failed}).
 */
final class TwilioStatus {

  private TwilioStatus() {}

  /** The hub's status, or {@code null} for statuses of inbound messages ({@code receiving}, …). */
  static String toHub(String twilio) {
    if (twilio == null) {
      return null;
    }
    return switch (twilio.trim().toLowerCase(Locale.ROOT)) {
      case "accepted", "scheduled", "queued" -> "queued";
      case "sending", "sent" -> "sent";
      case "delivered", "partially_delivered" -> "delivered";
      case "read" -> "read";
      case "undelivered", "failed", "canceled" -> "failed";
      default -> null;
    };
  }
}
