package dev.switchboard.connectors.sms;

import dev.switchboard.connectors.spi.Accepted;
import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.InboundMessage;
import dev.switchboard.connectors.spi.InboxConfig;
import dev.switchboard.connectors.spi.ThreadRef;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The hub as a connector sees it, in memory: stores inbound messages once per provider id (as the
 * hub's unique key does), records receipts, serves the inboxes it was given.
 */
final class FakeHub implements ConnectorContext {

  final List<InboundMessage> stored = new CopyOnWriteArrayList<>();
  final List<DeliveryReceipt> receipts = new CopyOnWriteArrayList<>();
  /** What was set aside, with the reason. */
  final List<Map.Entry<InboundMessage, String>> setAside = new CopyOnWriteArrayList<>();
  /** When set, {@link #receive} fails as a database outage would. */
  volatile boolean storageDown;

  private final Vertx vertx;
  private final Router router;
  private final String publicUrl;
  private final List<InboxConfig> inboxes;
  private final Map<String, Accepted> byProviderId = new HashMap<>();

  FakeHub(Vertx vertx, Router router, String publicUrl, List<InboxConfig> inboxes) {
    this.vertx = vertx;
    this.router = router;
    this.publicUrl = publicUrl;
    this.inboxes = inboxes;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public Router router() {
    return router;
  }

  @Override
  public String publicUrl() {
    return publicUrl;
  }

  @Override
  public byte[] signingKey(String purpose) {
    return ("test-" + purpose).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Future<InboxConfig> inbox(String inboxId) {
    return inboxes.stream().filter(i -> i.id().equals(inboxId)).findFirst()
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(new NoSuchInboxException(inboxId)));
  }

  @Override
  public Future<List<InboxConfig>> inboxes(String channel) {
    return Future.succeededFuture(inboxes.stream().filter(i -> i.channel().equals(channel)).toList());
  }

  @Override
  public Future<JsonObject> loadState(String key) {
    return Future.succeededFuture(new JsonObject());
  }

  @Override
  public Future<Void> saveState(String key, JsonObject state) {
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Accepted> receive(InboundMessage message) {
    if (storageDown) {
      return Future.failedFuture("database unavailable");
    }
    Accepted first = byProviderId.get(message.providerId());
    if (first != null) {
      return Future.succeededFuture(new Accepted(first.messageId(), first.conversationId(), first.seq(), true));
    }
    stored.add(message);
    Accepted accepted = new Accepted(stored.size(), 1, stored.size(), false);
    byProviderId.put(message.providerId(), accepted);
    return Future.succeededFuture(accepted);
  }

  @Override
  public Future<Void> setAside(InboundMessage message, String reason) {
    if (storageDown) {
      return Future.failedFuture("database unavailable");
    }
    setAside.add(Map.entry(message, reason));
    return Future.succeededFuture();
  }

  @Override
  public Future<ThreadRef> thread(Identity identity) {
    return Future.succeededFuture(null);
  }

  @Override
  public Future<List<JsonObject>> history(long conversationId, long afterSeq, int limit) {
    return Future.succeededFuture(new ArrayList<>());
  }

  @Override
  public Watch watch(long conversationId, Handler<JsonObject> handler) {
    return () -> {};
  }

  @Override
  public void customerTyping(long conversationId, boolean typing) {}

  @Override
  public void customerOnline(ThreadRef thread) {}

  @Override
  public Future<ThreadRef> identify(Identity current, List<Identity> verified, JsonObject details) {
    return Future.succeededFuture(null);
  }

  @Override
  public Future<Boolean> allow(String key, int limit, int windowSeconds) {
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Void> receipt(DeliveryReceipt receipt) {
    receipts.add(receipt);
    return Future.succeededFuture();
  }
}
