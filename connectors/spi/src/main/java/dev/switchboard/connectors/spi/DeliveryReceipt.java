package dev.switchboard.connectors.spi;

/**
 * A provider's word on an outbound message.
 *
 * @param messageId  the hub's id when known (answer to {@code deliver}), else 0
 * @param providerId the provider's id (status callbacks find the message by it)
 * @param status     {@code queued}, {@code sent}, {@code delivered}, {@code read}, {@code failed}
 * @param error      for failures: what went wrong, in words an agent understands
 */
public record DeliveryReceipt(long messageId, String providerId, String status, String error) {

  public static DeliveryReceipt sent(long messageId, String providerId) {
    return new DeliveryReceipt(messageId, providerId, "sent", null);
  }

  /** The provider refused the message for good (invalid number, opted out): no retry will help. */
  public static DeliveryReceipt failed(long messageId, String providerId, String error) {
    return new DeliveryReceipt(messageId, providerId, "failed", error);
  }
}
