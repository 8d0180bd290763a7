package dev.switchboard.hub.conversation;

import dev.switchboard.hub.events.ConversationScope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A customer's one conversation, as the inbox lists it. {@code inboxId} is the inbox the customer last
 * wrote to, which (with the assignee) decides who may see it. {@code snoozedUntil} is set only while
 * the status is {@code snoozed}. {@code waitingSince}: since when the customer waits for an answer
 * (their first message after the last reply), or {@code null}. {@code botId}: the bot answering it
 * first (a bot-first inbox), until it hands off; {@code handedOffAt} and {@code handoffReason}: when
 * and why the bot's turn in the current case ended.
 */
public record Conversation(
    long id,
    long customerId,
    String customerName,
    String customerEmail,
    String customerPhone,
    String status,
    Long assigneeId,
    String priority,
    List<String> tags,
    long lastSeq,
    String lastInboundChannel,
    String lastBody,
    String lastDirection,
    String lastChannel,
    OffsetDateTime lastMessageAt,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    Long inboxId,
    Long teamId,
    OffsetDateTime snoozedUntil,
    OffsetDateTime waitingSince,
    Long botId,
    OffsetDateTime handedOffAt,
    String handoffReason) {

  /** What decides who may see this conversation. */
  public ConversationScope scope() {
    return new ConversationScope(id, inboxId, assigneeId);
  }

  public JsonObject toJson(boolean customerOnline) {
    JsonObject last = lastBody == null ? null : new JsonObject()
        .put("body", lastBody)
        .put("direction", lastDirection)
        .put("channel", lastChannel)
        .put("created_at", time(lastMessageAt));
    return new JsonObject()
        .put("id", id)
        .put("customer", new JsonObject()
            .put("id", customerId)
            .put("name", customerName)
            .put("email", customerEmail)
            .put("phone", customerPhone)
            .put("online", customerOnline))
        .put("status", status)
        .put("assignee_id", assigneeId)
        .put("priority", priority)
        .put("tags", new JsonArray(tags))
        .put("last_seq", lastSeq)
        .put("channel", lastInboundChannel)
        .put("inbox_id", inboxId)
        .put("last_message", last)
        .put("last_message_at", time(lastMessageAt))
        .put("created_at", time(createdAt))
        .put("updated_at", time(updatedAt))
        .put("team_id", teamId)
        .put("snoozed_until", time(snoozedUntil))
        .put("waiting_since", time(waitingSince))
        .put("bot_id", botId)
        .put("handed_off_at", time(handedOffAt))
        .put("handoff_reason", handoffReason);
  }

  private static String time(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
