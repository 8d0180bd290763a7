package dev.switchboard.hub.connect;

import dev.switchboard.connectors.spi.Accepted;
import dev.switchboard.connectors.spi.ChannelDescriptor;
import dev.switchboard.connectors.spi.Connector;
import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.InboundMessage;
import dev.switchboard.connectors.spi.InboundRejectedException;
import dev.switchboard.connectors.spi.InboxConfig;
import dev.switchboard.connectors.spi.LiveChannelContext;
import dev.switchboard.connectors.spi.ThreadRef;
import dev.switchboard.hub.channel.Channels;
import dev.switchboard.connectors.spi.webhook.Signatures;
import dev.switchboard.connectors.spi.webhook.Webhook;
import dev.switchboard.hub.conversation.ConversationService;
import dev.switchboard.hub.conversation.CustomerService;
import dev.switchboard.hub.conversation.Message;
import dev.switchboard.hub.delivery.Receipts;
import dev.switchboard.hub.inbox.InboxService;
import dev.switchboard.hub.intake.RefusedData;
import dev.switchboard.hub.intake.SetAsideStore;
import dev.switchboard.hub.limits.ClientAddress;
import dev.switchboard.hub.limits.RateLimiter;
import dev.switchboard.hub.ops.Metrics;
import dev.switchboard.hub.presence.PresenceService;
import dev.switchboard.hub.realtime.Addresses;
import dev.switchboard.hub.realtime.Realtime;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the connectors the hub found ({@link Channels}) and gives each the hub as a
 * {@link ConnectorContext}; the hub serves live sockets too, so it is the {@link LiveChannelContext}
 * a socket channel asks for.
 */
public final class ConnectorHost implements LiveChannelContext {

  private static final Logger log = LoggerFactory.getLogger(ConnectorHost.class);

  /** The services a connector reaches through this host. */
  public record Services(
      InboxService inboxes,
      ConversationService conversations,
      CustomerService customers,
      Realtime realtime,
      PresenceService presence,
      Receipts receipts,
      ConnectorState state,
      RateLimiter limiter,
      ClientAddress addresses,
      Metrics metrics,
      SetAsideStore setAside) {}

  private final Vertx vertx;
  private final Router router;
  private final String publicUrl;
  private final byte[] hubSecret;
  private final Services services;
  private final Channels channels;

  public ConnectorHost(Vertx vertx, Router router, String publicUrl, byte[] hubSecret, Services services,
      Channels channels) {
    this.vertx = vertx;
    this.channels = channels;
    this.router = router;
    this.publicUrl = publicUrl;
    this.hubSecret = hubSecret;
    this.services = services;
  }

  /** Starts every connector, once each, whatever number of channels it serves. */
  public Future<Void> start() {
    List<Future<Void>> started = new ArrayList<>();
    for (Connector c : channels.connectors()) {
      List<String> names = c.channels().stream().map(ChannelDescriptor::name).toList();
      started.add(c.start(this).onSuccess(v -> log.info("connector {} started", names)));
    }
    return Future.all(started).mapEmpty();
  }

  public Future<Void> stop() {
    return Future.join(channels.connectors().stream().map(Connector::stop).toList()).mapEmpty();
  }

  /** Customer sockets (the widget's) open on this node, for the metrics. */
  public int openSockets() {
    return channels.connectors().stream().mapToInt(Connector::openSockets).sum();
  }

  /** The connector serving a channel, or {@code null}. */
  public Connector connector(String channel) {
    return channels.connector(channel);
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public Optional<LiveChannelContext> live() {
    return Optional.of(this);
  }

  @Override
  public void mountWebhook(Webhook webhook) {
    webhook.mountOn(router);
  }

  @Override
  public void mountSocket(String path, Handler<RoutingContext> route) {
    router.get(path).handler(route);
  }

  @Override
  public String publicUrl() {
    return publicUrl;
  }

  @Override
  public byte[] signingKey(String purpose) {
    return Signatures.hmacSha256(hubSecret, purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public Future<InboxConfig> inbox(String inboxId) {
    return services.inboxes().enabled(inboxId);
  }

  @Override
  public Future<List<InboxConfig>> inboxes(String channel) {
    return services.inboxes().enabledOfChannel(channel);
  }

  @Override
  public Future<JsonObject> loadState(String key) {
    return services.state().load(key);
  }

  @Override
  public Future<Void> saveState(String key, JsonObject state) {
    return services.state().save(key, state);
  }

  /**
   * Links the identities the message vouches for ({@link InboundMessage#linked()}) first, as proven
   * identities of the sender's customer (the same rules as a widget visitor proving them), so the
   * message lands in the conversation those identities lead to; then stores it. A retried delivery
   * links again, which changes nothing.
   */
  @Override
  public Future<Accepted> receive(InboundMessage message) {
    if (message.linked().isEmpty()) {
      return store(message);
    }
    JsonObject details = new JsonObject().put("name", message.senderName());
    return services.customers().identify(message.from(), message.linked(), details)
        .compose(thread -> store(message));
  }

  private Future<Accepted> store(InboundMessage message) {
    long started = System.nanoTime();
    return services.conversations().receive(message)
        .<Accepted>map(a -> {
          if (!a.duplicate()) {
            services.metrics().messageReceived(message.channel());
            services.metrics().appendTook(message.channel(), System.nanoTime() - started);
          }
          Message m = a.message();
          return new Accepted(m.id(), m.conversationId(), m.seq(), a.duplicate());
        })
        .recover(e -> {
          String refused = RefusedData.reason(e);
          if (refused == null) {
            return Future.failedFuture(e);
          }
          // The same data gets the same "no" on every retry, and a retrying connector would hold up
          // every message behind this one: set it aside now and tell the connector it is final.
          log.warn("{} message {} from {} set aside: {}", message.channel(), abbreviated(message.providerId()),
              abbreviated(message.from().address()), refused);
          return setAside(message, refused)
              .compose(v -> Future.failedFuture(new InboundRejectedException(refused, e)));
        });
  }

  @Override
  public Future<Void> setAside(InboundMessage message, String reason) {
    return services.setAside().add(message, reason);
  }

  /** A provider's value for a log line: a poisoned one may be kilobytes long. */
  private static String abbreviated(String value) {
    return value == null || value.length() <= 120 ? value : value.substring(0, 120) + "…";
  }

  @Override
  public Future<ThreadRef> thread(Identity identity) {
    return services.conversations().thread(identity);
  }

  @Override
  public Future<List<JsonObject>> history(long conversationId, long afterSeq, int limit) {
    return services.conversations().messages(conversationId, afterSeq, limit, true)
        .map(list -> list.stream().map(Message::toCustomerJson).toList());
  }

  @Override
  public Watch watch(long conversationId, Handler<JsonObject> handler) {
    MessageConsumer<String> consumer = vertx.eventBus()
        .<String>localConsumer(Addresses.conversation(conversationId))
        .handler(msg -> handler.handle(new JsonObject(msg.body())));
    return consumer::unregister;
  }

  @Override
  public void customerTyping(long conversationId, boolean typing) {
    services.realtime().customerTyping(conversationId, typing);
  }

  @Override
  public void customerOnline(ThreadRef thread) {
    services.presence().customerSeen(thread.customerId(), thread.conversationId())
        .onFailure(e -> log.debug("presence: {}", e.getMessage()));
  }

  @Override
  public Future<ThreadRef> identify(Identity current, List<Identity> verified, JsonObject details) {
    return services.customers().identify(current, verified, details);
  }

  @Override
  public String clientAddress(HttpServerRequest request) {
    return services.addresses().of(request);
  }

  @Override
  public Future<Boolean> allow(String key, int limit, int windowSeconds) {
    return services.limiter().allow("connector:" + key, limit, windowSeconds);
  }

  @Override
  public Future<Void> receipt(DeliveryReceipt receipt) {
    return services.receipts().apply(receipt);
  }
}
