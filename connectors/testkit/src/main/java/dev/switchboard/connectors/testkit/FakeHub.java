package dev.switchboard.connectors.testkit;

import dev.switchboard.connectors.spi.Accepted;
import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.InboundMessage;
import dev.switchboard.connectors.spi.InboundRejectedException;
import dev.switchboard.connectors.spi.InboxConfig;
import dev.switchboard.connectors.spi.webhook.Webhook;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The hub as a connector sees it ({@link ConnectorContext}), in memory, for connectors' tests. It
 * keeps what the real hub promises: a provider id is stored once (a repeat gets the first
 * {@link Accepted}, {@code duplicate = true}), state survives a connector's restart, webhooks are
 * served over real HTTP on loopback ({@link #listening}). Tests change its inboxes at any time and
 * make it fail the way the real hub can:
 *
 * <ul>
 *   <li>{@link #storageDown}: the database is unreachable, every {@code receive} and {@code setAside}
 *       fails ("try again later");
 *   <li>{@link #failing}: these provider ids fail on every try, as a payload that throws would;
 *   <li>{@link #refused}: these provider ids are refused for good: set aside, then
 *       {@link InboundRejectedException}; text with a NUL fails as PostgreSQL fails it;
 *   <li>{@link #setAsideDown}: only setting aside fails.
 * </ul>
 *
 * It offers no {@link ConnectorContext#live() live} part: socket channels are tested against the hub.
 */
public final class FakeHub implements ConnectorContext {

  /** The inboxes {@code inbox} and {@code inboxes} serve; tests add, replace and remove them. */
  public final List<InboxConfig> inboxes = new CopyOnWriteArrayList<>();
  /** Connector state by key, as {@code saveState} left it. */
  public final Map<String, JsonObject> state = new ConcurrentHashMap<>();
  /** Every receipt reported, in order. */
  public final List<DeliveryReceipt> receipts = new CopyOnWriteArrayList<>();
  /** Provider ids whose receive fails every time. */
  public final Set<String> failing = ConcurrentHashMap.newKeySet();
  /** Provider ids the "database" refuses for good. */
  public final Set<String> refused = ConcurrentHashMap.newKeySet();
  /** Receive attempts per provider id. */
  public final Map<String, Integer> attempts = new ConcurrentHashMap<>();
  /** What was set aside, by provider id, with the reason (once per provider id, like the hub). */
  public final Map<String, String> setAside = new ConcurrentHashMap<>();
  public volatile boolean storageDown;
  public volatile boolean setAsideDown;

  private final Vertx vertx;
  private final Router router;
  private final HttpServer server;
  private final List<InboundMessage> stored = new ArrayList<>();
  private final Map<String, Accepted> byProviderId = new HashMap<>();
  private final Map<String, InboundMessage> setAsideMessages = new ConcurrentHashMap<>();
  private final Map<String, long[]> limitWindows = new HashMap<>();
  private int receiveCalls;

  /** A hub that serves no HTTP: for connectors that only poll and send (email). */
  public FakeHub(Vertx vertx) {
    this(vertx, Router.router(vertx), null);
  }

  private FakeHub(Vertx vertx, Router router, HttpServer server) {
    this.vertx = vertx;
    this.router = router;
    this.server = server;
  }

  /** A hub serving the webhooks connectors mount on a loopback port; {@link #publicUrl()} is its address. */
  public static Future<FakeHub> listening(Vertx vertx) {
    Router router = Router.router(vertx);
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .map(server -> new FakeHub(vertx, router, server));
  }

  /** Stops serving webhooks. */
  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The messages stored, in order, each provider id once. */
  public synchronized List<InboundMessage> stored() {
    return List.copyOf(stored);
  }

  /** How many times {@code receive} was called, repeats and failures included. */
  public synchronized int receiveCalls() {
    return receiveCalls;
  }

  /** The message set aside under this provider id, or {@code null}. */
  public InboundMessage setAsideMessage(String providerId) {
    return setAsideMessages.get(providerId);
  }

  /** Whether any text of the message holds a NUL, which PostgreSQL refuses in text columns. */
  public static boolean hasNul(InboundMessage m) {
    List<String> texts = new ArrayList<>(Arrays.asList(m.body(), m.bodyHtml(), m.senderName(),
        m.providerId(), m.threadKey(), m.from().address()));
    m.attachments().forEach(a -> texts.add(a.filename()));
    return texts.stream().anyMatch(t -> t != null && t.indexOf(0) >= 0);
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public String publicUrl() {
    return server == null ? "http://localhost" : "http://127.0.0.1:" + server.actualPort();
  }

  @Override
  public byte[] signingKey(String purpose) {
    return ("test-" + purpose).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void mountWebhook(Webhook webhook) {
    webhook.mountOn(router);
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
    if (storageDown) {
      return Future.failedFuture(new IllegalStateException("database unavailable"));
    }
    if (failing.contains(message.providerId())) {
      return Future.failedFuture(new IllegalStateException("this payload throws"));
    }
    if (hasNul(message)) {
      // what PostgreSQL answers to a NUL in text, before the hub tells its data errors apart
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
    if (storageDown || setAsideDown) {
      return Future.failedFuture(new IllegalStateException("database unavailable"));
    }
    setAside.putIfAbsent(message.providerId(), reason);
    setAsideMessages.putIfAbsent(message.providerId(), message);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> receipt(DeliveryReceipt receipt) {
    receipts.add(receipt);
    return Future.succeededFuture();
  }

  /** A fixed window per key, like the hub's shared counters (on one node here). */
  @Override
  public synchronized Future<Boolean> allow(String key, int limit, int windowSeconds) {
    long now = System.currentTimeMillis();
    long[] window = limitWindows.get(key);
    if (window == null || now - window[0] >= windowSeconds * 1000L) {
      window = new long[] {now, 0};
      limitWindows.put(key, window);
    }
    window[1]++;
    return Future.succeededFuture(window[1] <= limit);
  }
}
