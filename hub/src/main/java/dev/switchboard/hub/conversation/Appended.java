package dev.switchboard.hub.conversation;

import dev.switchboard.hub.events.ConversationScope;

/**
 * A message just stored (or found again, when {@code duplicate}), whether the conversation's status
 * moved, and who may see the conversation now ({@code null} for a duplicate).
 */
public record Appended(Message message, boolean duplicate, boolean statusChanged, ConversationScope scope) {}
