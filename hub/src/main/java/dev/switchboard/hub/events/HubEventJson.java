package dev.switchboard.hub.events;

import dev.switchboard.hub.bots.Draft;
import dev.switchboard.hub.conversation.Conversation;
import dev.switchboard.hub.conversation.Message;
import dev.switchboard.hub.notify.Notification;
import dev.switchboard.hub.events.HubEvent.AgentPresence;
import dev.switchboard.hub.events.HubEvent.Assigned;
import dev.switchboard.hub.events.HubEvent.AgentSessionsEnded;
import dev.switchboard.hub.events.HubEvent.BotEventsStored;
import dev.switchboard.hub.events.HubEvent.ConversationChanged;
import dev.switchboard.hub.events.HubEvent.CustomerMerged;
import dev.switchboard.hub.events.HubEvent.CustomerPresence;
import dev.switchboard.hub.events.HubEvent.DraftCreated;
import dev.switchboard.hub.events.HubEvent.DraftDecided;
import dev.switchboard.hub.events.HubEvent.HandedOff;
import dev.switchboard.hub.events.HubEvent.InboxMembersChanged;
import dev.switchboard.hub.events.HubEvent.MessageAppended;
import dev.switchboard.hub.events.HubEvent.MessageStatusChanged;
import dev.switchboard.hub.events.HubEvent.NotificationCreated;
import dev.switchboard.hub.events.HubEvent.SnoozeEnded;
import dev.switchboard.hub.events.HubEvent.Typing;
import dev.switchboard.hub.events.HubEvent.Viewing;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * How events travel between nodes: one JSON object with a {@code kind}, lossless, so a listener on
 * another node sees the same record the publishing node's listeners saw. An event of a kind this
 * node does not know (a newer node during a rolling upgrade) reads as {@code null}.
 */
final class HubEventJson {

  private HubEventJson() {}

  static JsonObject toJson(HubEvent event) {
    if (event instanceof MessageAppended e) {
      return kind("message.appended").put("scope", scope(e.scope())).put("message", message(e.message()));
    }
    if (event instanceof MessageStatusChanged e) {
      return kind("message.status_changed").put("scope", scope(e.scope())).put("message", message(e.message()));
    }
    if (event instanceof ConversationChanged e) {
      return kind("conversation.changed").put("scope", scope(e.scope()))
          .put("conversation", conversation(e.conversation()));
    }
    if (event instanceof CustomerMerged e) {
      return kind("customer.merged").put("customer_id", e.customerId())
          .put("merged_customer_id", e.mergedCustomerId()).put("from", scope(e.from())).put("into", scope(e.into()));
    }
    if (event instanceof AgentPresence e) {
      return kind("presence.agent").put("agent_id", e.agentId()).put("status", e.status());
    }
    if (event instanceof CustomerPresence e) {
      return kind("presence.customer").put("scope", scope(e.scope())).put("customer_id", e.customerId())
          .put("status", e.status());
    }
    if (event instanceof Typing e) {
      return kind("typing").put("conversation_id", e.conversationId()).put("agent_id", e.agentId())
          .put("name", e.name()).put("state", e.state());
    }
    if (event instanceof Viewing e) {
      return kind("viewing").put("scope", scope(e.scope())).put("agent_id", e.agentId()).put("name", e.name())
          .put("state", e.state());
    }
    if (event instanceof InboxMembersChanged e) {
      return kind("inbox.members_changed").put("inbox_id", e.inboxId());
    }
    if (event instanceof AgentSessionsEnded e) {
      return kind("agent.sessions_ended").put("agent_id", e.agentId());
    }
    if (event instanceof Assigned e) {
      return kind("conversation.assigned").put("scope", scope(e.scope()))
          .put("previous_assignee_id", e.previousAssigneeId()).put("by_agent_id", e.byAgentId()).put("by_name", e.byName());
    }
    if (event instanceof SnoozeEnded e) {
      return kind("conversation.snooze_ended").put("scope", scope(e.scope()));
    }
    if (event instanceof HandedOff e) {
      return kind("conversation.handed_off").put("scope", scope(e.scope())).put("bot_id", e.botId())
          .put("cause", e.cause()).put("reason", e.reason()).put("by_type", e.byType()).put("by_id", e.byId())
          .put("by_name", e.byName());
    }
    if (event instanceof NotificationCreated e) {
      return kind("notification.created").put("notification", e.notification().toWire());
    }
    if (event instanceof DraftCreated e) {
      return kind("draft.created").put("scope", scope(e.scope())).put("draft", e.draft().toJson());
    }
    if (event instanceof DraftDecided e) {
      return kind("draft.decided").put("scope", scope(e.scope())).put("draft", e.draft().toJson())
          .put("message", e.message() == null ? null : message(e.message()));
    }
    if (event instanceof BotEventsStored e) {
      return kind("bots.events_stored").put("bot_ids", new io.vertx.core.json.JsonArray(e.botIds()));
    }
    throw new IllegalArgumentException("no wire form for " + event.getClass().getSimpleName());
  }

  /** The event, or {@code null} for a kind this node does not know. */
  static HubEvent fromJson(JsonObject j) {
    return switch (j.getString("kind", "")) {
      case "message.appended" -> new MessageAppended(scope(j.getJsonObject("scope")),
          message(j.getJsonObject("message")));
      case "message.status_changed" -> new MessageStatusChanged(scope(j.getJsonObject("scope")),
          message(j.getJsonObject("message")));
      case "conversation.changed" -> new ConversationChanged(scope(j.getJsonObject("scope")),
          conversation(j.getJsonObject("conversation")));
      case "customer.merged" -> new CustomerMerged(j.getLong("customer_id"), j.getLong("merged_customer_id"),
          scope(j.getJsonObject("from")), scope(j.getJsonObject("into")));
      case "presence.agent" -> new AgentPresence(j.getLong("agent_id"), j.getString("status"));
      case "presence.customer" -> new CustomerPresence(scope(j.getJsonObject("scope")), j.getLong("customer_id"),
          j.getString("status"));
      case "typing" -> new Typing(j.getLong("conversation_id"), j.getLong("agent_id"), j.getString("name"),
          j.getBoolean("state"));
      case "viewing" -> new Viewing(scope(j.getJsonObject("scope")), j.getLong("agent_id"), j.getString("name"),
          j.getBoolean("state"));
      case "inbox.members_changed" -> new InboxMembersChanged(j.getLong("inbox_id"));
      case "agent.sessions_ended" -> new AgentSessionsEnded(j.getLong("agent_id"));
      case "conversation.assigned" -> new Assigned(scope(j.getJsonObject("scope")), j.getLong("previous_assignee_id"),
          j.getLong("by_agent_id"), j.getString("by_name"));
      case "conversation.snooze_ended" -> new SnoozeEnded(scope(j.getJsonObject("scope")));
      case "conversation.handed_off" -> new HandedOff(scope(j.getJsonObject("scope")), j.getLong("bot_id"),
          j.getString("cause"), j.getString("reason"), j.getString("by_type"), j.getLong("by_id"),
          j.getString("by_name"));
      case "notification.created" -> new NotificationCreated(Notification.fromWire(j.getJsonObject("notification")));
      case "draft.created" -> new DraftCreated(scope(j.getJsonObject("scope")), Draft.fromJson(j.getJsonObject("draft")));
      case "draft.decided" -> new DraftDecided(scope(j.getJsonObject("scope")), Draft.fromJson(j.getJsonObject("draft")),
          j.getJsonObject("message") == null ? null : message(j.getJsonObject("message")));
      case "bots.events_stored" -> new BotEventsStored(j.getJsonArray("bot_ids").stream()
          .map(x -> ((Number) x).longValue()).toList());
      default -> null;
    };
  }

  private static JsonObject kind(String kind) {
    return new JsonObject().put("kind", kind);
  }

  private static JsonObject scope(ConversationScope s) {
    return s == null ? null : new JsonObject().put("conversation_id", s.conversationId())
        .put("inbox_id", s.inboxId()).put("assignee_id", s.assigneeId());
  }

  private static ConversationScope scope(JsonObject j) {
    return j == null ? null
        : new ConversationScope(j.getLong("conversation_id"), j.getLong("inbox_id"), j.getLong("assignee_id"));
  }

  private static JsonObject message(Message m) {
    return new JsonObject().put("id", m.id()).put("conversation_id", m.conversationId()).put("seq", m.seq())
        .put("direction", m.direction()).put("channel", m.channel()).put("inbox_id", m.inboxId())
        .put("author_type", m.authorType()).put("author_id", m.authorId()).put("author_name", m.authorName())
        .put("body", m.body()).put("body_html", m.bodyHtml()).put("attachments", m.attachments())
        .put("status", m.status()).put("error", m.error()).put("created_at", time(m.createdAt()))
        .put("case_id", m.caseId()).put("reply_to", m.replyToId());
  }

  private static Message message(JsonObject j) {
    JsonArray files = j.getJsonArray("attachments");
    return new Message(j.getLong("id"), j.getLong("conversation_id"), j.getLong("seq"), j.getString("direction"),
        j.getString("channel"), j.getLong("inbox_id"), j.getString("author_type"), j.getLong("author_id"),
        j.getString("author_name"), j.getString("body"), j.getString("body_html"),
        files == null ? new JsonArray() : files, j.getString("status"), j.getString("error"),
        time(j.getString("created_at")), j.getLong("case_id"), j.getLong("reply_to"));
  }

  private static JsonObject conversation(Conversation c) {
    return new JsonObject().put("id", c.id()).put("customer_id", c.customerId())
        .put("customer_name", c.customerName()).put("customer_email", c.customerEmail())
        .put("customer_phone", c.customerPhone()).put("status", c.status()).put("assignee_id", c.assigneeId())
        .put("priority", c.priority()).put("tags", new JsonArray(c.tags())).put("last_seq", c.lastSeq())
        .put("last_inbound_channel", c.lastInboundChannel()).put("last_body", c.lastBody())
        .put("last_direction", c.lastDirection()).put("last_channel", c.lastChannel())
        .put("last_message_at", time(c.lastMessageAt())).put("created_at", time(c.createdAt()))
        .put("updated_at", time(c.updatedAt())).put("inbox_id", c.inboxId())
        .put("team_id", c.teamId()).put("snoozed_until", time(c.snoozedUntil()))
        .put("waiting_since", time(c.waitingSince())).put("bot_id", c.botId())
        .put("handed_off_at", time(c.handedOffAt())).put("handoff_reason", c.handoffReason());
  }

  @SuppressWarnings("unchecked")
  private static Conversation conversation(JsonObject j) {
    JsonArray tags = j.getJsonArray("tags");
    return new Conversation(j.getLong("id"), j.getLong("customer_id"), j.getString("customer_name"),
        j.getString("customer_email"), j.getString("customer_phone"), j.getString("status"),
        j.getLong("assignee_id"), j.getString("priority"),
        tags == null ? List.of() : List.copyOf((List<String>) (List<?>) tags.getList()), j.getLong("last_seq"),
        j.getString("last_inbound_channel"), j.getString("last_body"), j.getString("last_direction"),
        j.getString("last_channel"), time(j.getString("last_message_at")), time(j.getString("created_at")),
        time(j.getString("updated_at")), j.getLong("inbox_id"), j.getLong("team_id"),
        time(j.getString("snoozed_until")), time(j.getString("waiting_since")), j.getLong("bot_id"),
        time(j.getString("handed_off_at")), j.getString("handoff_reason"));
  }

  private static String time(OffsetDateTime t) {
    return t == null ? null : t.toString();
  }

  private static OffsetDateTime time(String s) {
    return s == null ? null : OffsetDateTime.parse(s);
  }
}
