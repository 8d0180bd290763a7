package dev.switchboard.hub.conversation;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * One open→resolved cycle of a conversation, with its ticket {@code number}; {@code resolvedAt} is
 * {@code null} while it is open. {@code handedOffAt}: when a bot that answered it first handed it to
 * the humans; the first response is measured from then ({@link #firstResponseSeconds}).
 */
public record SupportCase(long id, long number, OffsetDateTime openedAt, OffsetDateTime firstResponseAt,
    OffsetDateTime resolvedAt, OffsetDateTime handedOffAt) {

  /** Seconds from the opening (or the bot's hand-off) to the first agent reply; {@code null} before it. */
  public Long firstResponseSeconds() {
    if (firstResponseAt == null) {
      return null;
    }
    OffsetDateTime from = handedOffAt != null ? handedOffAt : openedAt;
    return Math.max(0, java.time.Duration.between(from, firstResponseAt).toSeconds());
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("number", number)
        .put("opened_at", time(openedAt))
        .put("first_response_at", time(firstResponseAt))
        .put("resolved_at", time(resolvedAt))
        .put("handed_off_at", time(handedOffAt))
        .put("first_response_seconds", firstResponseSeconds());
  }

  private static String time(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
