package dev.switchboard.hub.conversation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * One entry of a conversation's timeline. {@code caseId}: the case (open→resolved cycle) it belongs
 * to, so the inbox can draw case boundaries; {@code null} when not known (see the shorter constructor).
 * {@code replyToId}: the customer message an agent's reply answers (quoted on channels that can), or
 * {@code null}.
 */
public record Message(
    long id,
    long conversationId,
    long seq,
    String direction,
    String channel,
    Long inboxId,
    String authorType,
    Long authorId,
    String authorName,
    String body,
    String bodyHtml,
    JsonArray attachments,
    String status,
    String error,
    OffsetDateTime createdAt,
    Long caseId,
    Long replyToId) {

  public Message(long id, long conversationId, long seq, String direction, String channel, Long inboxId,
      String authorType, Long authorId, String authorName, String body, String bodyHtml, JsonArray attachments,
      String status, String error, OffsetDateTime createdAt, Long caseId) {
    this(id, conversationId, seq, direction, channel, inboxId, authorType, authorId, authorName, body, bodyHtml,
        attachments, status, error, createdAt, caseId, null);
  }

  /** The same message answering {@code quoted}. */
  public Message withReplyTo(Long quoted) {
    return new Message(id, conversationId, seq, direction, channel, inboxId, authorType, authorId, authorName, body,
        bodyHtml, attachments, status, error, createdAt, caseId, quoted);
  }

  /** Whether the customer sees it (agents also see notes, drafts and events). */
  public boolean customerVisible() {
    return "in".equals(direction) || "out".equals(direction);
  }

  public JsonObject toAgentJson() {
    return new JsonObject()
        .put("id", id)
        .put("conversation_id", conversationId)
        .put("seq", seq)
        .put("direction", direction)
        .put("channel", channel)
        .put("inbox_id", inboxId)
        .put("author", new JsonObject().put("type", authorType).put("id", authorId).put("name", authorName))
        .put("body", body)
        .put("body_html", bodyHtml)
        .put("attachments", attachments == null ? new JsonArray() : attachments)
        .put("status", status)
        .put("error", error)
        .put("private", "note".equals(direction))
        .put("case_id", caseId)
        .put("reply_to", replyToId)
        .put("created_at", createdAt.toInstant().toString());
  }

  /** What the widget (and any customer-facing client) may see: no agent ids, no internal fields. */
  public JsonObject toCustomerJson() {
    return new JsonObject()
        .put("id", id)
        .put("seq", seq)
        .put("body", body)
        .put("author", new JsonObject().put("type", authorType).put("name", authorName))
        .put("channel", channel)
        .put("created_at", createdAt.toInstant().toString());
  }
}
