package dev.switchboard.hub.notify;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * Something an agent should look at: they were @mentioned in a note ({@code kind} "mention", with
 * the note's {@code messageId} and the start of its text), or a conversation was assigned to them by
 * someone else or by auto-assignment ("assigned", {@code actorId} null for the hub), or a conversation
 * they hold woke from its snooze ("snooze_ended").
 *
 * @param actorId   who mentioned or assigned ({@code null} for the system or a deleted agent)
 * @param messageId the note, for mentions; {@code null} otherwise
 * @param readAt    {@code null} while unread
 */
public record Notification(long id, long agentId, String kind, long conversationId, Long messageId, Long actorId,
    String actorName, String preview, OffsetDateTime createdAt, OffsetDateTime readAt) {

  public static final String MENTION = "mention";
  public static final String ASSIGNED = "assigned";
  public static final String SNOOZE_ENDED = "snooze_ended";

  /** As the API and the agent socket show it. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("kind", kind)
        .put("conversation_id", conversationId)
        .put("message_id", messageId)
        .put("actor", new JsonObject().put("id", actorId).put("name", actorName))
        .put("preview", preview)
        .put("created_at", createdAt.toString())
        .put("read_at", readAt == null ? null : readAt.toString());
  }

  /** Lossless, for events between nodes: {@link #toJson()} plus the agent. */
  public JsonObject toWire() {
    return toJson().put("agent_id", agentId);
  }

  public static Notification fromWire(JsonObject j) {
    JsonObject actor = j.getJsonObject("actor", new JsonObject());
    String read = j.getString("read_at");
    return new Notification(j.getLong("id"), j.getLong("agent_id"), j.getString("kind"), j.getLong("conversation_id"),
        j.getLong("message_id"), actor.getLong("id"), actor.getString("name"), j.getString("preview"),
        OffsetDateTime.parse(j.getString("created_at")), read == null ? null : OffsetDateTime.parse(read));
  }
}
