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
 * @param linked     identities the provider vouches belong to the sender too (a Telegram user sharing their
 *                   own phone number): the hub links them to the sender's customer, as a proven identity, so
 *                   the other channels of that address reach the same conversation. Usually empty.
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
    String threadKey,
    List<Identity> linked) {

  public InboundMessage {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
    linked = linked == null ? List.of() : List.copyOf(linked);
  }

  /** A message that links no further identity. */
  public InboundMessage(String inboxId, String channel, Identity from, String senderName, String body, String bodyHtml,
      List<Attachment> attachments, String providerId, String threadKey) {
    this(inboxId, channel, from, senderName, body, bodyHtml, attachments, providerId, threadKey, List.of());
  }

  /** A plain-text message without attachments. */
  public static InboundMessage text(String inboxId, String channel, Identity from, String body, String providerId) {
    return new InboundMessage(inboxId, channel, from, null, body, null, List.of(), providerId, null);
  }
}
