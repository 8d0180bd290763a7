package dev.switchboard.hub.conversation;

/** A message just stored (or found again, when {@code duplicate}), and whether the conversation's status moved. */
public record Appended(Message message, boolean duplicate, boolean statusChanged) {}
