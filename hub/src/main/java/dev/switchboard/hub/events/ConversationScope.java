package dev.switchboard.hub.events;

/**
 * Which conversation an event is about, with what decides who may see it: the inbox its customer
 * last wrote to and its assignee. A team (later) is one more field here.
 *
 * @param inboxId    {@code null} when the customer never wrote through an inbox
 * @param assigneeId {@code null} when unassigned
 */
public record ConversationScope(long conversationId, Long inboxId, Long assigneeId) {}
