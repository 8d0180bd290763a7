package dev.switchboard.connectors.spi;

import java.util.List;

/**
 * One message a customer sent on a channel, verified and parsed by its connector.
 *
 * @param inboxId    the inbox it came in through
 * @param channel    {@code web}, {@code sms}, {@code email}, …
 * @param from       who sent it; resolved to a customer (created on first contact)
 * @param senderName a display name when the channel gives one, else {@code null}
 * @param body       plain text as the customer wrote it (stored as given, escaped when shown)
 * @param bodyHtml   sanitized HTML (email), else {@code null}
 * @param providerId the provider's unique id (Twilio MessageSid, Message-ID, …): the idempotency key
 * @param threadKey  a provider thread reference (email In-Reply-To) or {@code null}
 */
public record InboundMessage(
    String inboxId,
    String channel,
    Identity from,
    String senderName,
    String body,
    String bodyHtml,
    List<Attachment> attachments,
    String providerId,
    String threadKey) {

  public InboundMessage {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }

  /** A plain-text message without attachments. */
  public static InboundMessage text(String inboxId, String channel, Identity from, String body, String providerId) {
    return new InboundMessage(inboxId, channel, from, null, body, null, List.of(), providerId, null);
  }
}
