package dev.switchboard.hub.conversation;

import java.util.List;

/** One page of a conversation list; {@code nextCursor} is {@code null} on the last page. */
public record ConversationPage(List<Conversation> conversations, String nextCursor) {}
