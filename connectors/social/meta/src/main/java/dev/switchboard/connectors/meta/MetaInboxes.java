package dev.switchboard.connectors.meta;

import dev.switchboard.connectors.spi.ConnectorContext;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the Meta inbox a webhook or a send belongs to, among the hub's enabled inboxes. */
final class MetaInboxes {

  private final ConnectorContext hub;

  MetaInboxes(ConnectorContext hub) {
    this.hub = hub;
  }

  /** The usable inbox of {@code channel} whose account id (phone number id, page id, Instagram id) is this. */
  Future<Optional<MetaInbox>> byAccount(String channel, String accountId) {
    return of(channel).map(list -> list.stream().filter(i -> i.accountId().equals(accountId)).findFirst());
  }

  /** Every inbox of the three channels (for the subscription check, which names no channel). */
  Future<List<MetaInbox>> all() {
    return Future.all(of(MetaConnector.WHATSAPP), of(MetaConnector.MESSENGER), of(MetaConnector.INSTAGRAM))
        .map(all -> {
          List<MetaInbox> out = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            out.addAll(all.resultAt(i));
          }
          return out;
        });
  }

  Future<MetaInbox> byId(String inboxId) {
    return hub.inbox(inboxId).map(MetaInbox::from);
  }

  private Future<List<MetaInbox>> of(String channel) {
    return hub.inboxes(channel).map(list -> list.stream().map(MetaInbox::from).filter(MetaInbox::usable).toList());
  }
}
