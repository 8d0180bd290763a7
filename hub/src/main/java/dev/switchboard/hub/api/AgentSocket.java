package dev.switchboard.hub.api;

import dev.switchboard.hub.agent.Agent;
import dev.switchboard.hub.agent.AgentService;
import dev.switchboard.hub.conversation.ConversationService;
import dev.switchboard.hub.ops.Metrics;
import dev.switchboard.hub.presence.PresenceService;
import dev.switchboard.hub.realtime.Addresses;
import dev.switchboard.hub.realtime.Realtime;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * {@code GET /ws/agent?token=TOKEN}: authenticated before the upgrade, then every agent-visible
 * event of the hub, live. The server pings every 10 s; each pong renews the agent's presence, and a
 * socket silent for 30 s is closed (a closed laptop goes offline). A socket whose token is revoked
 * (logout, deactivation) is closed with 1008 as soon as any node says so, and at the latest at the
 * next ping, which re-checks the token.
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
  private final Realtime realtime;
  private final Metrics metrics;

  AgentSocket(Vertx vertx, AgentService agents, ConversationService conversations, PresenceService presence,
      Realtime realtime, Metrics metrics) {
    this.vertx = vertx;
    this.agents = agents;
    this.conversations = conversations;
    this.presence = presence;
    this.realtime = realtime;
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
        ctx.fail(new ApiError(401, "unauthorized", "a valid token is required"));
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
    private MessageConsumer<String> events;
    private MessageConsumer<Long> sessionsEnded;
    /** Typing in the conversation this socket is viewing (one at a time: the open one). */
    private MessageConsumer<String> viewed;
    private long viewedId;
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
      events = vertx.eventBus().<String>localConsumer(Addresses.AGENTS).handler(m -> send(m.body()));
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
          .onSuccess(all -> send(new JsonObject().put("type", "hello").put("agent", agent.toJson())
              .put("agents", all).encode()))
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
        case "typing" -> relay(frame, "typing");
        case "viewing" -> {
          view(frame);
          relay(frame, "viewing");
        }
        case "presence" -> setPresence(frame);
        case "sync" -> sync(frame);
        case "ping" -> send(new JsonObject().put("type", "pong").encode());
        default -> error("unknown_type", "unknown frame type '" + type + "'");
      }
    }

    private void relay(JsonObject frame, String type) {
      Long conversation = longField(frame, "conversation_id");
      if (conversation == null) {
        error("bad_frame", type + " needs conversation_id");
        return;
      }
      boolean state = Boolean.TRUE.equals(frame.getValue("state"));
      JsonObject out = new JsonObject().put("type", type).put("conversation_id", conversation)
          .put("who", "agent").put("agent_id", agent.id()).put("name", agent.name()).put("state", state);
      if ("typing".equals(type)) {
        realtime.publishToViewers(conversation, out,
            new JsonObject().put("type", "typing").put("state", state).put("name", agent.name()));
      } else {
        realtime.publish(conversation, out, null);
      }
    }

    /** {@code viewing {conversation_id, state}}: from now on this socket hears typing there (and only there). */
    private void view(JsonObject frame) {
      Long conversation = longField(frame, "conversation_id");
      if (conversation == null) {
        return;
      }
      boolean state = Boolean.TRUE.equals(frame.getValue("state"));
      if (viewed != null && (state || conversation == viewedId)) {
        viewed.unregister();
        viewed = null;
      }
      if (state) {
        viewedId = conversation;
        viewed = vertx.eventBus().<String>localConsumer(Addresses.viewers(conversation)).handler(m -> send(m.body()));
      }
    }

    private void setPresence(JsonObject frame) {
      Object s = frame.getValue("status");
      if (!(s instanceof String st) || !Set.of("online", "away").contains(st)) {
        error("bad_frame", "status must be online or away");
        return;
      }
      status = st;
      presence.agentHeartbeat(agent.id(), status);
    }

    /** Replays the timeline after {@code after_seq}, then {@code synced}: how a client catches up. */
    private void sync(JsonObject frame) {
      Long conversation = longField(frame, "conversation_id");
      Long after = longField(frame, "after_seq");
      if (conversation == null || after == null || after < 0) {
        error("bad_frame", "sync needs conversation_id and after_seq");
        return;
      }
      syncFrom(conversation, after);
    }

    private void syncFrom(long conversation, long after) {
      conversations.messages(conversation, after, SYNC_PAGE, false).onSuccess(list -> {
        long last = after;
        for (var m : list) {
          send(new JsonObject().put("type", "message.created").put("conversation_id", conversation)
              .put("message", m.toAgentJson()).encode());
          last = m.seq();
        }
        if (list.size() == SYNC_PAGE) {
          syncFrom(conversation, last);
        } else {
          send(new JsonObject().put("type", "synced").put("conversation_id", conversation).put("last_seq", last)
              .encode());
        }
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
      send(new JsonObject().put("type", "error").put("error", code).put("message", message).encode());
    }

    private void close() {
      metrics.agentSocket(-1);
      vertx.cancelTimer(pinger);
      if (events != null) {
        events.unregister();
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
