package dev.switchboard.connectors.meta;

import java.util.List;

/**
 * One webhook delivery from Meta, verified: its parts, each with the inbox it belongs to. A WhatsApp
 * part is a {@code changes[].value} (messages, contacts, statuses); a Messenger or Instagram part is an
 * {@code entry} with its {@code messaging[]} events. Parts for inboxes this hub does not have are gone.
 */
record MetaBatch(List<Part> parts) {

  record Part(MetaInbox inbox, io.vertx.core.json.JsonObject body) {}

  static MetaBatch empty() {
    return new MetaBatch(List.of());
  }
}
