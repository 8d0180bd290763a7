package dev.switchboard.connectors.spi;

import java.time.Instant;
import java.util.List;

/**
 * One agent or bot reply for a connector to send.
 *
 * @param messageId     the hub's message id; comes back in {@link DeliveryReceipt}
 * @param to            the customer's address on this channel
 * @param threadKey     provider threading (email: the Message-IDs to reference; Meta: the customer's last
 *                      message id on this channel), or {@code null}
 * @param authorType    {@code agent}, {@code bot} or {@code system}: Messenger's {@code HUMAN_AGENT} tag is
 *                      for replies a person wrote only
 * @param lastInboundAt when the customer last wrote on this channel, or {@code null} (a reply window's start)
 * @param template      a provider-approved template to send instead of the body (WhatsApp), or {@code null}
 * @param replyToProviderId the provider's id of the customer message this reply answers (WhatsApp's
 *                      {@code wamid}, Telegram's {@code tg:…} id), for channels that quote it; or {@code null}
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
    String threadKey,
    String authorType,
    Instant lastInboundAt,
    Template template,
    String replyToProviderId) {

  public OutboundMessage {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }

  /** A reply that answers no particular message. */
  public OutboundMessage(long messageId, long conversationId, String inboxId, String channel, Identity to,
      String authorName, String body, List<Attachment> attachments, String threadKey, String authorType,
      Instant lastInboundAt, Template template) {
    this(messageId, conversationId, inboxId, channel, to, authorName, body, attachments, threadKey, authorType,
        lastInboundAt, template, null);
  }

  /** An agent's free-form reply, without reply-window facts or a template. */
  public OutboundMessage(long messageId, long conversationId, String inboxId, String channel, Identity to,
      String authorName, String body, List<Attachment> attachments, String threadKey) {
    this(messageId, conversationId, inboxId, channel, to, authorName, body, attachments, threadKey, "agent", null, null, null);
  }
}
