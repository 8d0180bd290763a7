package dev.switchboard.hub.conversation;

import java.util.Locale;

/** The order of a conversation list. */
public enum ListSort {
  /**
   * Open conversations whose customer waits for an answer first, the longest waiting first (by
   * {@code waiting_since}); then all the others, most recent activity first.
   */
  WAITING,
  /** Most recent activity ({@code last_message_at}) first. */
  RECENT;

  /** {@code waiting} or {@code recent}; {@code null} for anything else. */
  public static ListSort parse(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "waiting" -> WAITING;
      case "recent" -> RECENT;
      default -> null;
    };
  }
}
