package dev.switchboard.connectors.chat;

import dev.switchboard.connectors.spi.LiveChannelContext;
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
  /**
   * The {@code details} key offering {@code LiveChannelContext.identify} a new visitor id: the hub
   * links it, instead of merging, when the visitor proves to be a different person than before.
   */
  static final String FRESH_VISITOR = "fresh_visitor";

  private final LiveChannelContext hub;
  private final VisitorTokens tokens;
  private final InboxConfig inbox;
  private final ServerWebSocket ws;
  private final Set<WidgetSession> sessions;
  private final VisitorSockets visitorSockets;
  private final RateLimit messages = new RateLimit(5, 20);
  private final RateLimit frames = new RateLimit(30, 60);
  /** Agents need a visitor's typing state, not every keystroke's frame. */
  private final RateLimit typingChanges = new RateLimit(2, 2);
  /** Completes when hello is sent; frames wait for it so they are handled in order. */
  private Future<Void> ready = Promise.<Void>promise().future();
  /**
   * The last message, identify, reset or sync on its way through the hub; the next one waits for it,
   * so a message or a sync sent right after "sign in as bob" or "reset" is the visitor's who follows.
   */
  private Future<?> inOrder = Future.succeededFuture();
  /** Who this socket speaks for; changes on reset and when a proven visitor signs in as someone else. */
  private Identity visitor;
  private ThreadRef thread;
  private LiveChannelContext.Watch watch;
  private boolean verified;
  private boolean typing;
  private boolean closed;
  private volatile long lastHeard = System.currentTimeMillis();

  WidgetSession(LiveChannelContext hub, VisitorTokens tokens, InboxConfig inbox, ServerWebSocket ws,
      Set<WidgetSession> sessions, VisitorSockets visitorSockets) {
    this.hub = hub;
    this.tokens = tokens;
    this.inbox = inbox;
    this.ws = ws;
    this.sessions = sessions;
    this.visitorSockets = visitorSockets;
  }

  /**
   * @param visitorId a returning visitor (their token checked, their socket counted), or
   *     {@code null} for a new one
   * @param tokenRefused the page offered a token that is invalid or expired
   */
  void start(String visitorId, boolean tokenRefused) {
    sessions.add(this);
    ws.textMessageHandler(text -> {
      lastHeard = System.currentTimeMillis();
      ready.onComplete(v -> onFrame(text));
    });
    ws.pongHandler(p -> lastHeard = System.currentTimeMillis());
    ws.binaryMessageHandler(b -> error("bad_frame", "frames must be JSON text", null));
    ws.closeHandler(v -> close());
    ws.exceptionHandler(e -> ws.close());
    if (tokenRefused) {
      error("invalid_visitor", "the visitor token is not valid here or has expired; starting a new visitor", null);
    }
    visitor = visitorId != null ? new Identity(Identity.WEB_VISITOR, visitorId) : newVisitor();
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
    // chars are at most bytes: only long frames need counting; 60,000 "€" are 180 KB on the wire
    if (text.length() > MAX_FRAME_BYTES
        || (text.length() * 3L > MAX_FRAME_BYTES && Utf8.length(text, MAX_FRAME_BYTES) > MAX_FRAME_BYTES)) {
      error("too_large", "frames are limited to 64 KB", null);
      return;
    }
    // taken before parsing, so a flood of junk counts too
    boolean allowed = frames.tryTake();
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (RuntimeException e) {
      error(allowed ? "bad_frame" : "rate_limited", allowed ? "frames must be JSON objects" : "too many frames; slow down", null);
      return;
    }
    String type = frame.getValue("type") instanceof String s ? s : "";
    // a refused message names its client_id, so the widget knows which one to give up on
    String cid = "message".equals(type) ? clientId(frame) : null;
    if (!allowed) {
      error("rate_limited", "too many frames; slow down", cid);
      return;
    }
    // PostgreSQL refuses NUL in text: refuse it here, as a bad frame, not as a failed store
    if ((text.indexOf('\u0000') >= 0 || text.contains("\\u0000")) && Frames.containsNul(frame)) {
      error("bad_frame", "frames may not contain NUL characters", cid);
      return;
    }
    switch (type) {
      case "message" -> onMessage(frame, cid);
      // in the order sent: a sync after a reset or an identify reads whoever the socket speaks for then
      case "sync" -> inOrder = inOrder.transform(previous -> {
        onSync(frame);
        return Future.<Void>succeededFuture();
      });
      case "typing" -> onTyping(frame);
      case "identify" -> onIdentify(frame);
      case "reset" -> onReset();
      case "ping" -> send(new JsonObject().put("type", "pong"));
      default -> error("unknown_type", "unknown frame type '" + type + "'", null);
    }
  }

  /** The frame's client_id when it is a usable one, else {@code null}. */
  private static String clientId(JsonObject frame) {
    return frame.getValue("client_id") instanceof String cid && !cid.isEmpty() && cid.length() <= MAX_CLIENT_ID
        && cid.indexOf('\u0000') < 0 ? cid : null;
  }

  private void onMessage(JsonObject frame, String cid) {
    Object body = frame.getValue("body");
    if (cid == null) {
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
      error("rate_limited", "too many messages; wait a moment", cid);
      return;
    }
    // one at a time per visitor: two quick messages must keep the order they were sent in
    inOrder = inOrder.transform(previous -> store(cid, text));
  }

  private Future<Void> store(String cid, String text) {
    Identity who = visitor;
    InboundMessage in = InboundMessage.text(inbox.id(), "web", who, text, who.address() + ":" + cid);
    return hub.receive(in).transform(stored -> {
      if (stored.failed()) {
        log.warn("widget message not stored: {}", stored.cause().getMessage());
        error("not_stored", "the message could not be stored; it will be resent", cid);
        return Future.<Void>succeededFuture();
      }
      var accepted = stored.result();
      send(new JsonObject().put("type", "ack").put("client_id", cid).put("id", accepted.messageId())
          .put("seq", accepted.seq()));
      if (thread != null && thread.conversationId() == accepted.conversationId()) {
        return Future.<Void>succeededFuture();
      }
      return hub.thread(who).map(next -> {
        followAs(who, next);
        return (Void) null;
      }).recover(e -> Future.succeededFuture());
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

  /** Only changes are forwarded, at most two a second; the rest are dropped (the next change catches up). */
  private void onTyping(JsonObject frame) {
    boolean state = Boolean.TRUE.equals(frame.getValue("state"));
    if (thread != null && state != typing && typingChanges.tryTake()) {
      typing = state;
      hub.customerTyping(thread.conversationId(), state);
    }
  }

  /**
   * The site tells who the visitor is. What a valid {@code user_hash} covers (see {@link IdentityProof})
   * is proven and links the visitor to that customer's conversation; the rest is only noted on the
   * customer. A visitor already proven as someone else becomes a new visitor (a new token in the next
   * hello) of the proven customer: one shared browser never carries alice's chat over to bob.
   */
  private void onIdentify(JsonObject frame) {
    String id = field(frame, "id", 200);
    String email = field(frame, "email", 320);
    String phone = field(frame, "phone", 40);
    String name = field(frame, "name", 200);
    String hash = field(frame, "user_hash", 128);
    if (!IdentityProof.signable(id) || !IdentityProof.signable(email) || !IdentityProof.signable(phone)) {
      error("invalid_identity", "id, email and phone may not contain line breaks; nothing was linked", null);
      return;
    }
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
    List<Identity> vouched = proven;
    inOrder = inOrder.transform(previous -> identify(vouched, details));
  }

  private Future<Void> identify(List<Identity> proven, JsonObject details) {
    Identity before = visitor;
    // offered to the hub in case this visitor turns out to be someone else than the one before
    Identity fresh = new Identity(Identity.WEB_VISITOR, VisitorTokens.newVisitorId());
    details.put(FRESH_VISITOR, fresh.address());
    return hub.identify(before, proven, details)
        .compose(next -> hub.thread(fresh).map(switched -> {
          if (before.equals(visitor)) {
            if (switched != null) {
              becomeVisitor(fresh);
            }
            thread = null;
            follow(next);
          }
          return (Void) null;
        }))
        .recover(e -> {
          log.warn("widget identify failed: {}", e.toString());
          error("identify_failed", "could not identify; try again", null);
          return Future.succeededFuture();
        });
  }

  /** The site's logout: this socket forgets the visitor and starts as a stranger with no history. */
  private void onReset() {
    inOrder = inOrder.transform(previous -> {
      // becomeVisitor counts the new visitor's socket; newVisitor() would count it twice, and the
      // one close that follows would leave the count behind for good
      becomeVisitor(new Identity(Identity.WEB_VISITOR, VisitorTokens.newVisitorId()));
      verified = false;
      follow(null);
      return Future.<Void>succeededFuture();
    });
  }

  /** A new, not yet stored visitor, counted for this socket. */
  private Identity newVisitor() {
    Identity fresh = new Identity(Identity.WEB_VISITOR, VisitorTokens.newVisitorId());
    visitorSockets.tryOpen(fresh.address());
    return fresh;
  }

  /** Hands the socket to another visitor: the old one's typing ends, its socket count drops. */
  private void becomeVisitor(Identity next) {
    if (typing && thread != null) {
      hub.customerTyping(thread.conversationId(), false);
    }
    typing = false;
    visitorSockets.closed(visitor.address());
    if (!next.equals(visitor)) {
      visitorSockets.tryOpen(next.address());
    }
    visitor = next;
  }

  /** A mistyped setting must not break the chat: anything but {@code true} means "not required". */
  private boolean requiresIdentity() {
    return Boolean.TRUE.equals(inbox.config().getValue("require_identity"));
  }

  /** {@link #follow} when the socket still speaks for {@code who}: a late answer about a visitor left behind is dropped. */
  private void followAs(Identity who, ThreadRef next) {
    if (who.equals(visitor)) {
      follow(next);
    }
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
    // a freshly issued token each time: a visitor who keeps coming back never expires
    send(new JsonObject().put("type", "hello").put("visitor", tokens.issue(inbox.id(), visitor.address()))
        .put("conversation_id", thread == null ? null : thread.conversationId())
        .put("last_seq", thread == null ? 0 : thread.lastSeq()));
  }

  private void onEvent(JsonObject event) {
    switch (event.getString("type", "")) {
      case "message" -> send(messageFrame(event.getJsonObject("message")));
      case "typing" -> send(new JsonObject().put("type", "typing").put("state", event.getBoolean("state"))
          .put("name", event.getString("name")));
      case "moved" -> {
        Identity who = visitor;
        hub.thread(who).onSuccess(next -> {
          if (who.equals(visitor)) {
            // merged timelines are renumbered: start over, even when the conversation id stayed
            thread = null;
            follow(next);
          }
        });
      }
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
    if (closed) {
      return;
    }
    closed = true;
    sessions.remove(this);
    if (visitor != null) {
      visitorSockets.closed(visitor.address());
    }
    if (watch != null) {
      watch.close();
      watch = null;
    }
    if (typing && thread != null) {
      hub.customerTyping(thread.conversationId(), false);
    }
  }
}
