package dev.switchboard.connectors.spi;

/** The hub's answer to {@link ConnectorContext#receive}: the stored message, committed. */
public record Accepted(long messageId, long conversationId, long seq, boolean duplicate) {}
