package dev.switchboard.connectors.spi;

import io.vertx.core.Future;

/**
 * A channel adapter. The hub finds implementations with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.switchboard.connectors.spi.Connector}) and starts each once per node.
 * A connector knows its channel's wire format and the SPI types, never the hub's internals.
 */
public interface Connector {

  /** The channel this connector serves: {@code web}, {@code sms}, {@code email}, {@code whatsapp}, … */
  String channel();

  /** Mounts the connector's routes on {@link ConnectorContext#router()} and starts any pollers. */
  Future<Void> start(ConnectorContext context);

  /**
   * Hands one outbound message to the provider. Completes with {@link DeliveryReceipt#sent} (with
   * the provider's id, which later status callbacks quote) once the provider accepted it, or with
   * {@link DeliveryReceipt#failed} when it refused it for good (invalid number, opted out). A
   * failed future means "could not tell, try again later": the hub's outbox retries with backoff.
   * Blocking SDKs (Twilio, Jakarta Mail) must run in {@code executeBlocking}, never on an event loop.
   */
  default Future<DeliveryReceipt> deliver(OutboundMessage message) {
    return Future.failedFuture(new UnsupportedOperationException(channel() + " delivers through its own sockets"));
  }

  /** Customer sockets this connector holds open on this node (the widget's), for the hub's metrics. */
  default int openSockets() {
    return 0;
  }

  /** Stops pollers and closes provider connections. */
  default Future<Void> stop() {
    return Future.succeededFuture();
  }
}
