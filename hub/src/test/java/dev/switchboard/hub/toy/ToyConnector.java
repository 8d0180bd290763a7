package dev.switchboard.hub.toy;

import dev.switchboard.connectors.spi.ChannelCapabilities;
import dev.switchboard.connectors.spi.ChannelDescriptor;
import dev.switchboard.connectors.spi.ConfigKey;
import dev.switchboard.connectors.spi.Connector;
import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.InboundMessage;
import dev.switchboard.connectors.spi.InboxConfig;
import dev.switchboard.connectors.spi.OutboundMessage;
import dev.switchboard.connectors.spi.webhook.Signatures;
import dev.switchboard.connectors.spi.webhook.Webhook;
import dev.switchboard.connectors.spi.webhook.WebhookError;
import dev.switchboard.connectors.spi.webhook.WebhookRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A channel that exists only on the test class path, found by ServiceLoader like any other: it
 * proves a new channel needs a connector and nothing in the hub. Customers are phone numbers.
 * Inbound (on the shared webhook helper): {@code POST /webhooks/toy/{inboxId}} with {@code {from, text, id}} and the inbox's
 * {@code api_key} in {@code x-toy-key}; outbound: {@link #deliver} keeps what it was given in
 * {@link #DELIVERED} for the test to read.
 */
public final class ToyConnector implements Connector {

  static final String CHANNEL = "toy";

  /** Every message any node's toy connector delivered, in order (tests share one JVM). */
  static final BlockingQueue<OutboundMessage> DELIVERED = new LinkedBlockingQueue<>();

  static final ChannelDescriptor TOY = new ChannelDescriptor(CHANNEL, List.of(Identity.PHONE),
      ChannelCapabilities.outbox().withReplyWindow(java.time.Duration.ofHours(24)).withTemplates(),
      List.of(
          ConfigKey.of("account", ConfigKey.Type.TEXT).asRequired(),
          ConfigKey.secret("api_key"),
          ConfigKey.of("server_url", ConfigKey.Type.URL).asEndpoint().withDefault("https://toy.example.com"),
          ConfigKey.of("max_per_minute", ConfigKey.Type.COUNT).withDefault(10)));

  private ConnectorContext hub;

  @Override
  public List<ChannelDescriptor> channels() {
    return List.of(TOY);
  }

  @Override
  public Future<Void> start(ConnectorContext context) {
    hub = context;
    context.mountWebhook(Webhook.post("/webhooks/toy/:inboxId")
        .verify(this::signedByInbox)
        .handle((inbox, request) -> {
          JsonObject body = request.body().toJsonObject();
          return hub.receive(InboundMessage.text(inbox.id(), CHANNEL, Identity.phone(body.getString("from")),
              body.getString("text"), body.getString("id")));
        }));
    return Future.succeededFuture();
  }

  /** The inbox named in the path, when the request carries its {@code api_key}. */
  private Future<InboxConfig> signedByInbox(WebhookRequest request) {
    return hub.inbox(request.pathParam("inboxId")).compose(inbox -> {
      String given = request.header("x-toy-key");
      if (!CHANNEL.equals(inbox.channel()) || given == null
          || !Signatures.equal(inbox.config().getString("api_key", ""), given)) {
        return Future.failedFuture(new WebhookError(403, "forbidden", "bad key"));
      }
      return Future.succeededFuture(inbox);
    });
  }

  @Override
  public Future<DeliveryReceipt> deliver(OutboundMessage message) {
    DELIVERED.add(message);
    return Future.succeededFuture(DeliveryReceipt.sent(message.messageId(), "toy-" + message.messageId()));
  }
}
