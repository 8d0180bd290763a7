package dev.switchboard.connectors.email;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The hub as a connector sees it, in memory: inboxes, durable state (kept across connector
 * restarts within a test) and messages stored once per provider id, like the real hub.
 */
final class FakeHub implements ConnectorContext {

  private final Vertx vertx;
  final List<InboxConfig> inboxes = new CopyOnWriteArrayList<>();
  final Map<String, JsonObject> state = new ConcurrentHashMap<>();
  private final Map<String, Accepted> byProviderId = new LinkedHashMap<>();
  private final List<InboundMessage> stored = new ArrayList<>();
  volatile int receiveCalls;

  FakeHub(Vertx vertx) {
    this.vertx = vertx;
  }

  synchronized List<InboundMessage> stored() {
    return List.copyOf(stored);
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public Router router() {
    return Router.router(vertx);
  }

  @Override
  public String publicUrl() {
    return "http://localhost";
  }

  @Override
  public byte[] signingKey(String purpose) {
    return purpose.getBytes();
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
    JsonObject value = state.get(key);
    return Future.succeededFuture(value == null ? new JsonObject() : value.copy());
  }

  @Override
  public Future<Void> saveState(String key, JsonObject value) {
    state.put(key, value.copy());
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Accepted> receive(InboundMessage message) {
    receiveCalls++;
    Accepted first = byProviderId.get(message.providerId());
    if (first != null) {
      return Future.succeededFuture(new Accepted(first.messageId(), first.conversationId(), first.seq(), true));
    }
    Accepted accepted = new Accepted(stored.size() + 1, 1, stored.size() + 1, false);
    byProviderId.put(message.providerId(), accepted);
    stored.add(message);
    return Future.succeededFuture(accepted);
  }

  @Override
  public Future<ThreadRef> thread(Identity identity) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Future<List<JsonObject>> history(long conversationId, long afterSeq, int limit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Watch watch(long conversationId, Handler<JsonObject> handler) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void customerTyping(long conversationId, boolean typing) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void customerOnline(ThreadRef thread) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Future<ThreadRef> identify(Identity current, List<Identity> verified, JsonObject details) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Future<Boolean> allow(String key, int limit, int windowSeconds) {
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Void> receipt(DeliveryReceipt receipt) {
    return Future.succeededFuture();
  }
}
