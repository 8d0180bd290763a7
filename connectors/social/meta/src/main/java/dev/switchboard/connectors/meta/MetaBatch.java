package dev.switchboard.connectors.meta;

import dev.switchboard.connectors.spi.InboundRejectedException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
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

  /**
   * A stored message, or one the hub refused for good (it set it aside already): either way the
   * messages behind it in the same delivery go on. Anything else stops the delivery, so Meta retries it.
   */
  static Future<Void> nextEvenIfRefused(AsyncResult<?> stored) {
    return stored.succeeded() || stored.cause() instanceof InboundRejectedException ? Future.succeededFuture()
        : Future.failedFuture(stored.cause());
  }
}
