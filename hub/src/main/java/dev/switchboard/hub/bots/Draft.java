package dev.switchboard.hub.bots;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * A reply a bot suggested for a conversation; an agent sends it (as is: {@code accepted}, changed:
 * {@code edited}) or dismisses it. {@code decidedBy*}, {@code decidedAt} and {@code messageId} (the
 * reply it became) are null while it is {@code pending}.
 */
public record Draft(
    long id,
    long conversationId,
    long botId,
    String botName,
    String body,
    String note,
    String status,
    Long decidedById,
    String decidedByName,
    OffsetDateTime decidedAt,
    Long messageId,
    OffsetDateTime createdAt) {

  public static final String PENDING = "pending";
  public static final String ACCEPTED = "accepted";
  public static final String EDITED = "edited";
  public static final String DISMISSED = "dismissed";

  public boolean pending() {
    return PENDING.equals(status);
  }

  /** What agents and bots see (the REST API, the agent socket, bot events). */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("conversation_id", conversationId)
        .put("bot", new JsonObject().put("id", botId).put("name", botName))
        .put("body", body)
        .put("note", note)
        .put("status", status)
        .put("decided_by", decidedById == null && decidedByName == null ? null
            : new JsonObject().put("id", decidedById).put("name", decidedByName))
        .put("decided_at", time(decidedAt))
        .put("message_id", messageId)
        .put("created_at", time(createdAt));
  }

  /** The same JSON read back (between nodes), losslessly. */
  public static Draft fromJson(JsonObject j) {
    JsonObject bot = j.getJsonObject("bot");
    JsonObject by = j.getJsonObject("decided_by");
    return new Draft(j.getLong("id"), j.getLong("conversation_id"), bot.getLong("id"), bot.getString("name"),
        j.getString("body"), j.getString("note"), j.getString("status"), by == null ? null : by.getLong("id"),
        by == null ? null : by.getString("name"), parse(j.getString("decided_at")), j.getLong("message_id"),
        parse(j.getString("created_at")));
  }

  private static String time(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }

  private static OffsetDateTime parse(String s) {
    return s == null ? null : OffsetDateTime.parse(s);
  }
}
