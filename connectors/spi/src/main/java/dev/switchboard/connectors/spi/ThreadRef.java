package dev.switchboard.connectors.spi;

/** A customer's one conversation, as far as a connector needs it. */
public record ThreadRef(long conversationId, long customerId, long lastSeq) {}
