package dev.switchboard.hub.conversation;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * One open→resolved cycle of a conversation, with its ticket {@code number}; {@code resolvedAt} is
 * {@code null} while it is open.
 */
public record SupportCase(long id, long number, OffsetDateTime openedAt, OffsetDateTime firstResponseAt,
    OffsetDateTime resolvedAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("number", number)
        .put("opened_at", time(openedAt))
        .put("first_response_at", time(firstResponseAt))
        .put("resolved_at", time(resolvedAt));
  }

  private static String time(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
