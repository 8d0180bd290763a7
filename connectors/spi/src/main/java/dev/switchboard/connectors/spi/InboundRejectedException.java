package dev.switchboard.connectors.spi;

/**
 * The hub's final "no" to one inbound message ({@link ConnectorContext#receive} fails with it): the
 * database refuses its data for good, so no retry can help. The hub has already set the message
 * aside for admins ({@link ConnectorContext#setAside}); the connector acknowledges the provider
 * (HTTP 2xx, IMAP {@code \Seen}) and goes on with the messages behind it.
 */
public final class InboundRejectedException extends RuntimeException {

  public InboundRejectedException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
