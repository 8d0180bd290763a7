package dev.switchboard.connectors.spi;

import java.util.List;

/**
 * One agent or bot reply for a connector to send.
 *
 * @param messageId the hub's message id; comes back in {@link DeliveryReceipt}
 * @param to        the customer's address on this channel
 * @param threadKey provider threading (email: the Message-IDs to reference), or {@code null}
 */
public record OutboundMessage(
    long messageId,
    long conversationId,
    String inboxId,
    String channel,
    Identity to,
    String authorName,
    String body,
    List<Attachment> attachments,
    String threadKey) {

  public OutboundMessage {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }
}
