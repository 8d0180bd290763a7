package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.bots.Bot;
import dev.switchboard.hub.bots.BotEventLog;
import dev.switchboard.hub.bots.Bots;
import dev.switchboard.hub.events.HubEvent.BotEventsStored;
import dev.switchboard.hub.events.HubEvents;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /ws/bot?token=BOT_TOKEN[&after=SEQ]}: a bot's events live, the same ones its webhook
 * gets, each with its {@code seq} (gap-free per bot). First frame {@code hello {bot_id, last_seq}};
 * then {@code event {seq, event: {type, timestamp, data}}} frames. {@code after} (or a
 * {@code sync {after_seq}} frame, answered by the events after it and {@code synced {last_seq}})
 * replays what the bot missed while away. The events are read from the outbox in seq order whenever
 * a node says it stored some for this bot ({@link BotEventsStored}), so a frame is never skipped
 * nor sent twice on one socket.
 */
final class BotSocket implements Handler<RoutingContext> {

  private static final int PAGE = 200;
  private static final long PING_MILLIS = 15_000;
  private static final int MAX_FRAME = 4096;

  private final Vertx vertx;
  private final Bots bots;
  private final BotEventLog log;
  /** Open sockets by bot, on this node. */
  private final Map<Long, Set<Session>> open = new ConcurrentHashMap<>();

  BotSocket(Vertx vertx, Bots bots, BotEventLog log, HubEvents events) {
    this.vertx = vertx;
    this.bots = bots;
    this.log = log;
    events.listen(BotEventsStored.class, e -> e.botIds().forEach(id -> {
      Set<Session> sessions = open.get(id);
      if (sessions != null) {
        sessions.forEach(Session::pump);
      }
    }));
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.request().pause();
    String token = ctx.request().getParam("token");
    Long after;
    try {
      String a = ctx.request().getParam("after");
      after = a == null || a.isEmpty() ? null : Math.max(0, Long.parseLong(a));
    } catch (NumberFormatException e) {
      ctx.fail(HubError.invalid("after must be a seq"));
      return;
    }
    bots.authenticate(token).onComplete(auth -> {
      if (auth.failed()) {
        ctx.fail(auth.cause());
      } else if (auth.result() == null) {
        ctx.fail(new HubError(401, "unauthorized", "a valid bot token is required"));
      } else {
        ctx.request().toWebSocket().onSuccess(ws -> new Session(ws, auth.result(), token).open(after))
            .onFailure(ctx::fail);
      }
    });
  }

  /** One bot's open socket; everything runs on its connection's event loop. */
  private final class Session {
    private final ServerWebSocket ws;
    private final Bot bot;
    private final String token;
    private long sent;
    private boolean reading;
    private boolean again;
    private boolean ready;
    private long pinger = -1;
    /** The connection's context: every change of this session's state happens there. */
    private io.vertx.core.Context context;

    Session(ServerWebSocket ws, Bot bot, String token) {
      this.ws = ws;
      this.bot = bot;
      this.token = token;
    }

    void open(Long after) {
      context = vertx.getOrCreateContext();
      ws.closeHandler(v -> close());
      ws.exceptionHandler(e -> ws.close());
      ws.textMessageHandler(this::onFrame);
      open.computeIfAbsent(bot.id(), k -> ConcurrentHashMap.newKeySet()).add(this);
      pinger = vertx.setPeriodic(PING_MILLIS, t -> recheck());
      log.lastSeq(bot.id()).onSuccess(last -> {
        ws.writeTextMessage(new JsonObject().put("type", "hello").put("bot_id", bot.id()).put("last_seq", last).encode());
        sent = after == null ? last : Math.min(after, last);
        ready = true;
        pump();
      }).onFailure(e -> ws.close((short) 1011, "try again"));
    }

    private void onFrame(String text) {
      JsonObject frame;
      try {
        frame = text.length() > MAX_FRAME ? null : new JsonObject(text);
      } catch (RuntimeException e) {
        frame = null;
      }
      if (frame == null || !"sync".equals(frame.getString("type"))) {
        ws.writeTextMessage(new JsonObject().put("type", "error").put("error", "bad_frame")
            .put("message", "the only frame a bot sends is sync {after_seq}").encode());
        return;
      }
      Object a = frame.getValue("after_seq");
      if (!(a instanceof Number n) || n.longValue() < 0) {
        ws.writeTextMessage(new JsonObject().put("type", "error").put("error", "bad_frame")
            .put("message", "after_seq must be a seq (0 or more)").encode());
        return;
      }
      sent = n.longValue();
      pump(true);
    }

    /** Sends the events after the last one sent (any thread: hops to the socket's context). */
    void pump() {
      if (context != null) {
        context.runOnContext(v -> pump(false));
      }
    }

    private void pump(boolean synced) {
      if (!ready) {
        return;
      }
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      again = false;
      log.after(bot.id(), sent, PAGE).onComplete(done -> {
        reading = false;
        if (done.failed()) {
          ws.close((short) 1011, "try again");
          return;
        }
        for (BotEventLog.Event e : done.result()) {
          if (ws.writeQueueFull()) {
            // a bot that cannot keep up is dropped; it reconnects with ?after= and catches up
            ws.close((short) 1008, "too slow");
            return;
          }
          ws.writeTextMessage(new JsonObject().put("type", "event").put("seq", e.seq()).put("event", e.event()).encode());
          sent = e.seq();
        }
        if (done.result().size() == PAGE || again) {
          pump(synced);
        } else if (synced) {
          ws.writeTextMessage(new JsonObject().put("type", "synced").put("last_seq", sent).encode());
        }
      });
    }

    /** A bot disabled, deleted or rotated since it connected loses its socket. */
    private void recheck() {
      ws.writePing(Buffer.buffer());
      bots.authenticate(token).onSuccess(b -> {
        if (b == null) {
          ws.close((short) 4401, "token no longer valid");
        }
      });
    }

    private void close() {
      vertx.cancelTimer(pinger);
      Set<Session> sessions = open.get(bot.id());
      if (sessions != null) {
        sessions.remove(this);
      }
    }
  }
}
