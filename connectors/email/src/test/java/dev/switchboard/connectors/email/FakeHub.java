package dev.switchboard.connectors.email;

import dev.switchboard.connectors.spi.Accepted;
import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.InboundMessage;
import dev.switchboard.connectors.spi.InboundRejectedException;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The hub as a connector sees it, in memory: inboxes, durable state (kept across connector
 * restarts within a test) and messages stored once per provider id, like the real hub. Tests make
 * it fail receiving chosen provider ids, as a payload that throws or data the database refuses would.
 */
final class FakeHub implements ConnectorContext {

  private final Vertx vertx;
  final List<InboxConfig> inboxes = new CopyOnWriteArrayList<>();
  final Map<String, JsonObject> state = new ConcurrentHashMap<>();
  private final Map<String, Accepted> byProviderId = new LinkedHashMap<>();
  private final List<InboundMessage> stored = new ArrayList<>();
  volatile int receiveCalls;
  /** Provider ids whose receive fails every time, as a payload that throws would. */
  final Set<String> failing = ConcurrentHashMap.newKeySet();
  /** Provider ids the "database" refuses for good: set aside, then {@link InboundRejectedException}. */
  final Set<String> refused = ConcurrentHashMap.newKeySet();
  /** When set, {@link #setAside} fails as a database outage would. */
  volatile boolean setAsideDown;
  /** Receive attempts per provider id. */
  final Map<String, Integer> attempts = new ConcurrentHashMap<>();
  /** What was set aside, by provider id, with the reason (once per provider id, like the hub). */
  final Map<String, String> setAside = new ConcurrentHashMap<>();
  private final Map<String, InboundMessage> setAsideMessages = new ConcurrentHashMap<>();

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
    attempts.merge(message.providerId(), 1, Integer::sum);
    if (failing.contains(message.providerId())) {
      return Future.failedFuture(new IllegalStateException("this payload throws"));
    }
    if (hasNul(message)) {
      // what PostgreSQL answers to a NUL in text; the old hub passed it on as a plain failure
      return Future.failedFuture(new IllegalStateException("invalid byte sequence for encoding \"UTF8\": 0x00"));
    }
    if (refused.contains(message.providerId())) {
      return setAside(message, "refused: test")
          .compose(v -> Future.failedFuture(new InboundRejectedException("refused: test", null)));
    }
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
  public Future<Void> setAside(InboundMessage message, String reason) {
    if (setAsideDown) {
      return Future.failedFuture(new IllegalStateException("database unavailable"));
    }
    setAside.put(message.providerId(), reason);
    setAsideMessages.put(message.providerId(), message);
    return Future.succeededFuture();
  }

  static boolean hasNul(InboundMessage m) {
    List<String> texts = new ArrayList<>(java.util.Arrays.asList(m.body(), m.bodyHtml(), m.senderName(),
        m.providerId(), m.threadKey(), m.from().address()));
    m.attachments().forEach(a -> texts.add(a.filename()));
    return texts.stream().anyMatch(t -> t != null && t.indexOf(0) >= 0);
  }

  InboundMessage setAsideMessage(String providerId) {
    return setAsideMessages.get(providerId);
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
