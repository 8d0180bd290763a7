package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.access.Visibility;
import dev.switchboard.hub.agent.Agent;
import dev.switchboard.hub.agent.AgentService;
import dev.switchboard.hub.conversation.ConversationService;
import dev.switchboard.hub.events.ConversationScope;
import dev.switchboard.hub.events.HubEvent.Typing;
import dev.switchboard.hub.events.HubEvent.Viewing;
import dev.switchboard.hub.events.HubEvents;
import dev.switchboard.hub.ops.Metrics;
import dev.switchboard.hub.presence.PresenceService;
import dev.switchboard.hub.realtime.Addresses;
import dev.switchboard.hub.realtime.AgentFrame;
import dev.switchboard.hub.realtime.AgentFrames;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /ws/agent?token=TOKEN}: authenticated before the upgrade, then, live, the events of
 * the conversations this agent may see ({@link Visibility}; checked in memory for each frame). The
 * server pings every 10 s; each pong renews the agent's presence, and a socket silent for 30 s is
 * closed (a closed laptop goes offline). A socket whose token is revoked (logout, deactivation) is
 * closed with 1008 as soon as any node says so, and at the latest at the next ping, which re-checks
 * the token.
 */
final class AgentSocket implements Handler<RoutingContext> {

  static final int MAX_FRAME_BYTES = 64 * 1024;
  private static final long PING_MILLIS = 10_000;
  private static final long SILENCE_MILLIS = 30_000;
  private static final int SYNC_PAGE = 500;

  private final Vertx vertx;
  private final AgentService agents;
  private final ConversationService conversations;
  private final PresenceService presence;
  private final HubEvents events;
  private final Visibility visibility;
  private final Metrics metrics;

  AgentSocket(Vertx vertx, AgentService agents, ConversationService conversations, PresenceService presence,
      HubEvents events, Visibility visibility, Metrics metrics) {
    this.vertx = vertx;
    this.agents = agents;
    this.conversations = conversations;
    this.presence = presence;
    this.events = events;
    this.visibility = visibility;
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    // the upgrade must find the request unread after the asynchronous token check
    ctx.request().pause();
    String token = ctx.request().getParam("token");
    agents.authenticate(token).onComplete(auth -> {
      if (auth.failed()) {
        ctx.fail(auth.cause());
      } else if (auth.result() == null) {
        ctx.fail(new HubError(401, "unauthorized", "a valid token is required"));
      } else {
        ctx.request().toWebSocket().onSuccess(ws -> new Session(ws, auth.result(), token).open())
            .onFailure(ctx::fail);
      }
    });
  }

  /** One agent's open socket. */
  private final class Session {
    private final ServerWebSocket ws;
    private final Agent agent;
    private final String token;
    private MessageConsumer<AgentFrame> frames;
    private MessageConsumer<Long> sessionsEnded;
    /** Typing in the conversation this socket is viewing (one at a time: the open one). */
    private MessageConsumer<String> viewed;
    private long viewedId;
    /**
     * The client's frames, handled one after another even when one waits for the database: a
     * client may rely on their order ({@code viewing}, then {@code ping}: after the pong it views).
     */
    private Future<Void> handled = Future.succeededFuture();
    private long pinger;
    private long lastHeard = System.currentTimeMillis();
    private String status = "online";

    Session(ServerWebSocket ws, Agent agent, String token) {
      this.ws = ws;
      this.agent = agent;
      this.token = token;
    }

    void open() {
      metrics.agentSocket(1);
      frames = vertx.eventBus().<AgentFrame>localConsumer(Addresses.AGENTS).handler(m -> {
        AgentFrame frame = m.body();
        if (frame.isFor(agent.id()) && (frame.scope() == null || visibility.sees(agent, frame.scope()))) {
          send(frame.text());
        }
      });
      sessionsEnded = vertx.eventBus().<Long>localConsumer(Addresses.SESSIONS_ENDED).handler(m -> {
        if (m.body() == agent.id()) {
          recheck();
        }
      });
      ws.textMessageHandler(this::onFrame);
      ws.pongHandler(p -> {
        heard();
        presence.agentHeartbeat(agent.id(), status);
      });
      ws.closeHandler(v -> close());
      ws.exceptionHandler(e -> ws.close());
      pinger = vertx.setPeriodic(PING_MILLIS, t -> ping());
      presence.agentConnected(agent.id(), status)
          .compose(v -> agents.list())
          .compose(list -> presence.agentStatuses(list.stream().map(Agent::id).toList()).map(s -> {
            JsonArray all = new JsonArray();
            list.forEach(a -> all.add(a.toJson().put("presence", s.get(a.id()))));
            return all;
          }))
          .onSuccess(all -> send(AgentFrames.hello(agent, all)))
          .onFailure(e -> error("internal", "could not load the team"));
    }

    private void onFrame(String text) {
      heard();
      if (tooLarge(text)) {
        error("too_large", "frames are limited to 64 KB");
        return;
      }
      JsonObject frame;
      try {
        frame = new JsonObject(text);
      } catch (RuntimeException e) {
        error("bad_frame", "frames must be JSON objects");
        return;
      }
      String type = frame.getValue("type") instanceof String s ? s : "";
      switch (type) {
        case "typing" -> inOrder(() -> typing(frame));
        case "viewing" -> inOrder(() -> viewing(frame));
        case "presence" -> inOrder(() -> setPresence(frame));
        case "sync" -> inOrder(() -> sync(frame));
        case "ping" -> inOrder(() -> {
          send(AgentFrames.pong());
          return Future.succeededFuture();
        });
        default -> error("unknown_type", "unknown frame type '" + type + "'");
      }
    }

    private void inOrder(Supplier<Future<Void>> step) {
      handled = handled.transform(previous -> {
        try {
          return step.get().recover(e -> Future.succeededFuture());
        } catch (RuntimeException e) {
          return Future.succeededFuture();
        }
      });
    }

    /** An agent types where they may: in the conversation they view (checked then), or one they may see. */
    private Future<Void> typing(JsonObject frame) {
      Long conversation = longField(frame, "conversation_id");
      if (conversation == null) {
        error("bad_frame", "typing needs conversation_id");
        return Future.succeededFuture();
      }
      boolean state = Boolean.TRUE.equals(frame.getValue("state"));
      Future<Boolean> allowed = viewed != null && viewedId == conversation ? Future.succeededFuture(true)
          : visible(conversation).map(scope -> scope != null);
      return allowed.map(yes -> {
        if (yes) {
          events.publish(new Typing(conversation, agent.id(), agent.name(), state));
        }
        return null;
      });
    }

    /** {@code viewing {conversation_id, state}}: from now on this socket hears typing there (and only there). */
    private Future<Void> viewing(JsonObject frame) {
      Long conversation = longField(frame, "conversation_id");
      if (conversation == null) {
        error("bad_frame", "viewing needs conversation_id");
        return Future.succeededFuture();
      }
      boolean state = Boolean.TRUE.equals(frame.getValue("state"));
      return visible(conversation).map(scope -> {
        if (scope != null) {
          view(conversation, state);
          events.publish(new Viewing(scope, agent.id(), agent.name(), state));
        }
        return null;
      });
    }

    private void view(long conversation, boolean state) {
      if (viewed != null && (state || conversation == viewedId)) {
        viewed.unregister();
        viewed = null;
      }
      if (state) {
        viewedId = conversation;
        viewed = vertx.eventBus().<String>localConsumer(Addresses.viewers(conversation)).handler(m -> send(m.body()));
      }
    }

    /** The conversation's scope when this agent may see it; otherwise {@code null}, and the client is told. */
    private Future<ConversationScope> visible(long conversation) {
      return conversations.scope(conversation).map(scope -> {
        if (scope == null || !visibility.sees(agent, scope)) {
          error("not_found", "conversation " + conversation + " not found");
          return null;
        }
        return scope;
      }).onFailure(e -> error("internal", "could not check the conversation; try again"));
    }

    private Future<Void> setPresence(JsonObject frame) {
      Object s = frame.getValue("status");
      if (!(s instanceof String st) || !Set.of("online", "away").contains(st)) {
        error("bad_frame", "status must be online or away");
        return Future.succeededFuture();
      }
      status = st;
      presence.agentHeartbeat(agent.id(), status);
      return Future.succeededFuture();
    }

    /** Replays the timeline after {@code after_seq}, then {@code synced}: how a client catches up. */
    private Future<Void> sync(JsonObject frame) {
      Long conversation = longField(frame, "conversation_id");
      Long after = longField(frame, "after_seq");
      if (conversation == null || after == null || after < 0) {
        error("bad_frame", "sync needs conversation_id and after_seq");
        return Future.succeededFuture();
      }
      return visible(conversation).compose(scope -> scope == null ? Future.succeededFuture()
          : syncFrom(conversation, after));
    }

    private Future<Void> syncFrom(long conversation, long after) {
      return conversations.messages(conversation, after, SYNC_PAGE, false).compose(list -> {
        long last = after;
        for (var m : list) {
          send(AgentFrames.messageCreated(m));
          last = m.seq();
        }
        if (list.size() == SYNC_PAGE) {
          return syncFrom(conversation, last);
        }
        send(AgentFrames.synced(conversation, last));
        return Future.<Void>succeededFuture();
      }).onFailure(e -> error("internal", "sync failed; try again"));
    }

    private void heard() {
      lastHeard = System.currentTimeMillis();
    }

    private void ping() {
      if (System.currentTimeMillis() - lastHeard > SILENCE_MILLIS) {
        ws.close((short) 1001, "no heartbeat");
        return;
      }
      ws.writePing(Buffer.buffer());
      recheck(); // in case the revocation broadcast never reached this node
    }

    /** Closes the socket when its token is gone, or its agent is no longer the one it opened as. */
    private void recheck() {
      agents.authenticate(token).onSuccess(now -> {
        if (ws.isClosed()) {
          return;
        }
        if (now == null) {
          ws.close((short) 1008, "session ended");
        } else if (!now.role().equals(agent.role())) {
          ws.close((short) 1008, "role changed; reconnect");
        }
      });
    }

    private void send(String text) {
      if (ws.isClosed()) {
        return;
      }
      if (ws.writeQueueFull()) {
        // a client that cannot keep up is dropped; it reconnects and catches up with sync
        ws.close((short) 1008, "too slow");
        return;
      }
      ws.writeTextMessage(text);
    }

    private void error(String code, String message) {
      send(AgentFrames.error(code, message));
    }

    private void close() {
      metrics.agentSocket(-1);
      vertx.cancelTimer(pinger);
      if (frames != null) {
        frames.unregister();
      }
      if (sessionsEnded != null) {
        sessionsEnded.unregister();
      }
      if (viewed != null) {
        viewed.unregister();
      }
      presence.agentDisconnected(agent.id());
    }
  }

  /** Over the limit in UTF-8 bytes, as on the wire ("€" is three of them), without encoding it. */
  static boolean tooLarge(String text) {
    if (text.length() > MAX_FRAME_BYTES || text.length() * 3 <= MAX_FRAME_BYTES) {
      return text.length() > MAX_FRAME_BYTES;
    }
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes > MAX_FRAME_BYTES;
  }

  private static Long longField(JsonObject frame, String name) {
    return frame.getValue(name) instanceof Number n ? n.longValue() : null;
  }
}
