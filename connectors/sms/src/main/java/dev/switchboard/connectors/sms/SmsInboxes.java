package dev.switchboard.connectors.sms;

import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.Identity;
import io.vertx.core.Future;
import java.util.Optional;

/** Finds the {@code sms} inbox a Twilio webhook belongs to. */
final class SmsInboxes {

  private final ConnectorContext hub;

  SmsInboxes(ConnectorContext hub) {
    this.hub = hub;
  }

  /** The inbox whose {@code phone_number} is this (inbound {@code To}) number. */
  Future<Optional<SmsInbox>> byNumber(String number) {
    String e164 = Identity.e164(number);
    return all().map(list -> list.stream().filter(i -> e164 != null && e164.equals(i.phoneNumber())).findFirst());
  }

  /** An inbox of this Twilio account (status callbacks name the account, not always our number). */
  Future<Optional<SmsInbox>> byAccount(String accountSid) {
    return all().map(list -> list.stream().filter(i -> i.accountSid().equals(accountSid)).findFirst());
  }

  Future<SmsInbox> byId(String inboxId) {
    return hub.inbox(inboxId).map(SmsInbox::from);
  }

  private Future<java.util.List<SmsInbox>> all() {
    return hub.inboxes("sms").map(list -> list.stream().map(SmsInbox::from).filter(SmsInbox::usable).toList());
  }
}
