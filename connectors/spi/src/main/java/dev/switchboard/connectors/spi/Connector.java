package dev.switchboard.connectors.spi;

import io.vertx.core.Future;
import java.util.List;

/**
 * A channel adapter. The hub finds implementations with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.switchboard.connectors.spi.Connector}) and starts each once per node.
 * A connector knows its channel's wire format and the SPI types, never the hub's internals.
 */
public interface Connector {

  /**
   * The channels this connector serves, each described in full: the hub learns every channel's name,
   * identity kind, capabilities and inbox config schema from here, and from nowhere else. Most
   * connectors serve one channel; one Meta connector serves WhatsApp, Messenger and Instagram.
   * Called before {@link #start}; the answer must not change while the hub runs.
   */
  List<ChannelDescriptor> channels();

  /**
   * Mounts the connector's webhooks ({@link ConnectorContext#mountWebhook}) or, for a socket channel,
   * its socket route ({@link ConnectorContext#live()}), and starts any pollers.
   */
  Future<Void> start(ConnectorContext context);

  /**
   * Hands one outbound message to the provider. Completes with {@link DeliveryReceipt#sent} (with
   * the provider's id, which later status callbacks quote) once the provider accepted it, or with
   * {@link DeliveryReceipt#failed} when it refused it for good (invalid number, opted out). A
   * failed future means "could not tell, try again later": the hub's outbox retries with backoff.
   * Blocking SDKs (Twilio, Jakarta Mail) must run in {@code executeBlocking}, never on an event loop.
   * Only called for channels replied to through the {@link ChannelCapabilities.Replies#OUTBOX}.
   */
  default Future<DeliveryReceipt> deliver(OutboundMessage message) {
    return Future.failedFuture(new UnsupportedOperationException(message.channel() + " delivers through its own sockets"));
  }

  /**
   * Prepares the provider's side of an inbox of one of this connector's channels (Telegram: registers
   * the hub's webhook with the bot). The hub calls it after an inbox is created, changed or enabled,
   * on one node, and again with backoff while the future fails; the inbox shows the outcome to admins
   * ({@code setup} in the inbox API). Completes with one line for admins saying what was done, without
   * secrets, or {@code null} when the channel needs nothing set up (the default). Fail it with a message
   * in plain words, without secrets: admins see it.
   */
  default Future<String> setUpInbox(InboxConfig inbox) {
    return Future.succeededFuture(null);
  }

  /**
   * The provider-approved message templates of one of this connector's inboxes (channels whose
   * {@link ChannelCapabilities#templates()} is true), each {@code {name, language, category, body,
   * parameters}} with {@code parameters} the number of body placeholders. Fails with
   * {@link ConnectorContext.NoSuchInboxException} for an inbox that is not this connector's.
   */
  default Future<List<io.vertx.core.json.JsonObject>> templates(String inboxId) {
    return Future.succeededFuture(List.of());
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
