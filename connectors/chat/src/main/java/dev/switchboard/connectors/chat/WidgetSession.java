package dev.switchboard.connectors.chat;

import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.InboundMessage;
import dev.switchboard.connectors.spi.InboxConfig;
import dev.switchboard.connectors.spi.ThreadRef;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One visitor's widget socket: the protocol of DESIGN.md ("Widget socket"). Frames are handled in
 * arrival order; a bad frame gets an error frame and the socket stays open.
 */
final class WidgetSession {

  private static final Logger log = LoggerFactory.getLogger(WidgetSession.class);

  static final int MAX_FRAME_BYTES = 64 * 1024;
  /** A phone that lost its signal leaves a half-open socket: close it after this much silence. */
  private static final long SILENCE_MILLIS = 60_000;
  private static final int HISTORY_PAGE = 200;
  private static final int MAX_CLIENT_ID = 100;

  private final ConnectorContext hub;
  private final VisitorTokens tokens;
  private final InboxConfig inbox;
  private final ServerWebSocket ws;
  private final String offeredToken;
  private final Set<WidgetSession> sessions;
  private final RateLimit messages = new RateLimit(5, 20);
  private final RateLimit frames = new RateLimit(30, 60);
  /** Completes when hello is sent; frames wait for it so they are handled in order. */
  private Future<Void> ready = Promise.<Void>promise().future();
  /** The visitor's last message on its way to the hub; the next one waits for it. */
  private Future<?> lastReceive = Future.succeededFuture();
  private Identity visitor;
  private String visitorToken;
  private ThreadRef thread;
  private ConnectorContext.Watch watch;
  private boolean verified;
  private boolean typing;
  private boolean closed;
  private volatile long lastHeard = System.currentTimeMillis();

  WidgetSession(ConnectorContext hub, VisitorTokens tokens, InboxConfig inbox, ServerWebSocket ws,
      String offeredToken, Set<WidgetSession> sessions) {
    this.hub = hub;
    this.tokens = tokens;
    this.inbox = inbox;
    this.ws = ws;
    this.offeredToken = offeredToken;
    this.sessions = sessions;
  }

  void start() {
    sessions.add(this);
    ws.textMessageHandler(text -> {
      lastHeard = System.currentTimeMillis();
      ready.onComplete(v -> onFrame(text));
    });
    ws.pongHandler(p -> lastHeard = System.currentTimeMillis());
    ws.binaryMessageHandler(b -> error("bad_frame", "frames must be JSON text", null));
    ws.closeHandler(v -> close());
    ws.exceptionHandler(e -> ws.close());
    String visitorId = tokens.verify(offeredToken, inbox.id());
    if (offeredToken != null && visitorId == null) {
      error("invalid_visitor", "the visitor token is not valid here; starting a new visitor", null);
    }
    if (visitorId == null) {
      visitorId = VisitorTokens.newVisitorId();
    }
    visitor = new Identity(Identity.WEB_VISITOR, visitorId);
    visitorToken = tokens.issue(inbox.id(), visitorId);
    ready = hub.thread(visitor).map(t -> {
      follow(t);
      return null;
    }).<Void>mapEmpty().onFailure(e -> {
      log.warn("widget session could not start: {}", e.toString());
      ws.close((short) 1011, "try again");
    });
  }

  void ping() {
    if (System.currentTimeMillis() - lastHeard > SILENCE_MILLIS) {
      ws.close((short) 1001, "no heartbeat");
      return;
    }
    if (!ws.isClosed()) {
      ws.writePing(Buffer.buffer());
      if (thread != null) {
        hub.customerOnline(thread);
      }
    }
  }

  private void onFrame(String text) {
    if (text.length() > MAX_FRAME_BYTES) {
      error("too_large", "frames are limited to 64 KB", null);
      return;
    }
    if (!frames.tryTake()) {
      error("rate_limited", "too many frames; slow down", null);
      return;
    }
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (RuntimeException e) {
      error("bad_frame", "frames must be JSON objects", null);
      return;
    }
    String type = frame.getValue("type") instanceof String s ? s : "";
    switch (type) {
      case "message" -> onMessage(frame);
      case "sync" -> onSync(frame);
      case "typing" -> onTyping(frame);
      case "identify" -> onIdentify(frame);
      case "ping" -> send(new JsonObject().put("type", "pong"));
      default -> error("unknown_type", "unknown frame type '" + type + "'", null);
    }
  }

  private void onMessage(JsonObject frame) {
    Object clientId = frame.getValue("client_id");
    Object body = frame.getValue("body");
    if (!(clientId instanceof String cid) || cid.isEmpty() || cid.length() > MAX_CLIENT_ID) {
      error("bad_frame", "a message needs a client_id of 1 to 100 characters", null);
      return;
    }
    if (!(body instanceof String text) || text.isBlank()) {
      error("bad_frame", "a message needs a non-empty body", cid);
      return;
    }
    if (requiresIdentity() && !verified) {
      error("identity_required", "this chat needs you to be signed in", cid);
      return;
    }
    if (!messages.tryTake()) {
      error("rate_limited", "too many messages; wait a moment", null);
      return;
    }
    String providerId = visitor.address() + ":" + cid;
    InboundMessage in = InboundMessage.text(inbox.id(), "web", visitor, text, providerId);
    // one at a time per visitor: two quick messages must keep the order they were sent in
    lastReceive = lastReceive.transform(previous -> hub.receive(in))
        .onSuccess(accepted -> {
          send(new JsonObject().put("type", "ack").put("client_id", cid).put("id", accepted.messageId())
              .put("seq", accepted.seq()));
          if (thread == null || thread.conversationId() != accepted.conversationId()) {
            hub.thread(visitor).onSuccess(this::follow);
          }
        })
        .onFailure(e -> {
          log.warn("widget message not stored: {}", e.getMessage());
          error("not_stored", "the message could not be stored; it will be resent", null);
        });
  }

  /** Replays the visible timeline after {@code after_seq}, then {@code synced}. */
  private void onSync(JsonObject frame) {
    long after = frame.getValue("after_seq") instanceof Number n ? Math.max(0, n.longValue()) : 0;
    if (thread == null) {
      send(new JsonObject().put("type", "synced").put("last_seq", 0));
      return;
    }
    syncFrom(thread.conversationId(), after);
  }

  private void syncFrom(long conversationId, long after) {
    hub.history(conversationId, after, HISTORY_PAGE).onSuccess(list -> {
      long last = after;
      for (JsonObject m : list) {
        send(messageFrame(m));
        last = m.getLong("seq");
      }
      if (list.size() == HISTORY_PAGE) {
        syncFrom(conversationId, last);
      } else {
        send(new JsonObject().put("type", "synced").put("last_seq", last));
      }
    }).onFailure(e -> {
      log.warn("widget history failed: {}", e.toString());
      error("sync_failed", "history could not be loaded; sync again", null);
    });
  }

  private void onTyping(JsonObject frame) {
    boolean state = Boolean.TRUE.equals(frame.getValue("state"));
    if (thread != null && state != typing) {
      typing = state;
      hub.customerTyping(thread.conversationId(), state);
    }
  }

  /**
   * The site tells who the visitor is. What a valid {@code user_hash} covers (see {@link IdentityProof})
   * is proven and links the visitor to that customer's conversation; the rest is only noted on the
   * customer.
   */
  private void onIdentify(JsonObject frame) {
    String id = field(frame, "id", 200);
    String email = field(frame, "email", 320);
    String phone = field(frame, "phone", 40);
    String name = field(frame, "name", 200);
    String hash = field(frame, "user_hash", 128);
    List<Identity> proven = List.of();
    if (hash != null) {
      proven = IdentityProof.proven(inbox.id(), inbox.config().getString("identity_secret"), id, email, phone, hash);
      if (proven == null) {
        error("invalid_identity", "user_hash does not match; nothing was linked", null);
        return;
      }
      verified = true;
    } else if (requiresIdentity()) {
      error("identity_required", "this chat needs a user_hash", null);
      return;
    }
    JsonObject details = new JsonObject().put("name", name)
        .put("email", email == null ? null : email.trim().toLowerCase(Locale.ROOT)).put("phone", Identity.e164(phone));
    hub.identify(visitor, proven, details)
        .onSuccess(next -> {
          thread = null;
          follow(next);
        })
        .onFailure(e -> error("identify_failed", "could not identify; try again", null));
  }

  /** A mistyped setting must not break the chat: anything but {@code true} means "not required". */
  private boolean requiresIdentity() {
    return Boolean.TRUE.equals(inbox.config().getValue("require_identity"));
  }

  /** Watches the visitor's (possibly new) conversation and says hello with it, unless it is the same one. */
  private void follow(ThreadRef next) {
    if (closed) {
      return;
    }
    if (thread != null && next != null && next.conversationId() == thread.conversationId() && watch != null) {
      thread = next;
      return;
    }
    if (watch != null && (next == null || thread == null || next.conversationId() != thread.conversationId())) {
      watch.close();
      watch = null;
    }
    thread = next;
    if (thread != null && watch == null) {
      watch = hub.watch(thread.conversationId(), this::onEvent);
      hub.customerOnline(thread);
    }
    send(new JsonObject().put("type", "hello").put("visitor", visitorToken)
        .put("conversation_id", thread == null ? null : thread.conversationId())
        .put("last_seq", thread == null ? 0 : thread.lastSeq()));
  }

  private void onEvent(JsonObject event) {
    switch (event.getString("type", "")) {
      case "message" -> send(messageFrame(event.getJsonObject("message")));
      case "typing" -> send(new JsonObject().put("type", "typing").put("state", event.getBoolean("state"))
          .put("name", event.getString("name")));
      case "moved" -> hub.thread(visitor).onSuccess(next -> {
        // merged timelines are renumbered: start over, even when the conversation id stayed
        thread = null;
        follow(next);
      });
      default -> { }
    }
  }

  private static JsonObject messageFrame(JsonObject message) {
    return message.copy().put("type", "message");
  }

  private static String field(JsonObject frame, String name, int max) {
    Object v = frame.getValue(name);
    if (!(v instanceof String s) || s.isBlank()) {
      return null;
    }
    return s.length() > max ? s.substring(0, max) : s.trim();
  }

  private void send(JsonObject frame) {
    if (ws.isClosed()) {
      return;
    }
    if (ws.writeQueueFull()) {
      // a visitor that cannot keep up reconnects and catches up with sync
      ws.close((short) 1008, "too slow");
      return;
    }
    ws.writeTextMessage(frame.encode());
  }

  private void error(String code, String message, String clientId) {
    JsonObject frame = new JsonObject().put("type", "error").put("error", code).put("message", message);
    if (clientId != null) {
      frame.put("client_id", clientId);
    }
    send(frame);
  }

  private void close() {
    closed = true;
    sessions.remove(this);
    if (watch != null) {
      watch.close();
      watch = null;
    }
    if (typing && thread != null) {
      hub.customerTyping(thread.conversationId(), false);
    }
  }
}
