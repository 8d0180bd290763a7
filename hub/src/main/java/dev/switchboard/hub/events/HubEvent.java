package dev.switchboard.hub.events;

import dev.switchboard.hub.bots.Draft;
import dev.switchboard.hub.conversation.Conversation;
import dev.switchboard.hub.conversation.Message;
import dev.switchboard.hub.notify.Notification;

/**
 * Something that happened in the hub, told to every feature that listens ({@link HubEvents}), on
 * every node. Committed changes are published only after their commit. A new kind of event
 * (assigned, draft created, SLA breached) is a new record here, a case in {@link HubEventJson}, and
 * a case in whichever encoder shows it to clients; listeners that do not care never see a change.
 *
 * <p>Events about a conversation carry its {@link ConversationScope}, so a listener can decide who
 * may see them without asking the database.
 */
public sealed interface HubEvent {

  /** A message was added to a conversation's timeline (inbound, reply, note). */
  record MessageAppended(ConversationScope scope, Message message) implements HubEvent {}

  /** A message's delivery status moved (sent, delivered, read, failed). */
  record MessageStatusChanged(ConversationScope scope, Message message) implements HubEvent {}

  /**
   * A conversation's state changed (status, assignee, team, priority, tags, or a new customer
   * message reopening it); {@code conversation} is its state after the change.
   */
  record ConversationChanged(ConversationScope scope, Conversation conversation) implements HubEvent {}

  /**
   * Customer {@code mergedCustomerId} became part of {@code customerId}: the timeline of
   * {@code from} (null when that customer had no conversation) now lives, renumbered, in {@code into}.
   */
  record CustomerMerged(long customerId, long mergedCustomerId, ConversationScope from, ConversationScope into)
      implements HubEvent {}

  /** An agent's presence: online, away, offline (or unknown while Redis is not answering). */
  record AgentPresence(long agentId, String status) implements HubEvent {}

  /** A customer came online on a conversation's channel. */
  record CustomerPresence(ConversationScope scope, long customerId, String status) implements HubEvent {}

  /**
   * Someone is typing in a conversation: the customer ({@code agentId} null) or an agent. Only
   * agents viewing the conversation hear it, and they were checked when they began viewing.
   */
  record Typing(long conversationId, Long agentId, String name, boolean state) implements HubEvent {

    public boolean byCustomer() {
      return agentId == null;
    }
  }

  /** An agent opened ({@code state} true) or left a conversation. */
  record Viewing(ConversationScope scope, long agentId, String name, boolean state) implements HubEvent {}

  /** An inbox's members changed: whoever caches who sees what re-reads it. */
  record InboxMembersChanged(long inboxId) implements HubEvent {}

  /** Some of an agent's tokens stopped being valid (logout, deactivation, a role change). */
  record AgentSessionsEnded(long agentId) implements HubEvent {}

  /**
   * A conversation's assignee was changed by {@code byAgentId} (null: the hub itself) from
   * {@code previousAssigneeId}; {@code scope} carries the new assignee (null: unassigned). Published
   * with, not instead of, the {@link ConversationChanged} that shows the new state.
   */
  record Assigned(ConversationScope scope, Long previousAssigneeId, Long byAgentId, String byName)
      implements HubEvent {}

  /**
   * A snoozed conversation's time came and it is open again (published with the
   * {@link ConversationChanged} that shows it, by the one node that woke it); {@code scope} carries
   * its assignee.
   */
  record SnoozeEnded(ConversationScope scope) implements HubEvent {}

  /**
   * The bot's turn in a conversation ended and the humans have it now (published once, by the node
   * that handed it off, with the {@link ConversationChanged} that shows it): {@code cause} is
   * {@code bot}, {@code customer_asked}, {@code bot_timeout}, {@code bot_unavailable} or {@code agent}; {@code reason} the words
   * shown; {@code byType} {@code bot}, {@code hub} or {@code agent}, with its id and name when known.
   * {@code scope} carries the assignee after the hand-off (null: it waits for routing).
   */
  record HandedOff(ConversationScope scope, long botId, String cause, String reason, String byType, Long byId,
      String byName) implements HubEvent {}

  /** A notification was stored for one agent: their sockets, on every node, show it. */
  record NotificationCreated(Notification notification) implements HubEvent {}

  /** A bot suggested a reply (a pending draft): agents who see the conversation show it above the composer. */
  record DraftCreated(ConversationScope scope, Draft draft) implements HubEvent {}

  /**
   * An agent sent (accepted, edited) or dismissed a draft: it leaves every agent's composer, and its bot
   * hears of it. {@code message}: the reply it became, or null when dismissed.
   */
  record DraftDecided(ConversationScope scope, Draft draft, Message message)
      implements HubEvent {}

  /**
   * New events were stored for these bots ({@code bot_delivery}): their live sockets, on every node,
   * read on from the last seq they sent.
   */
  record BotEventsStored(java.util.List<Long> botIds) implements HubEvent {}
}
