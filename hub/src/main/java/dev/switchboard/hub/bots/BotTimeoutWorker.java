package dev.switchboard.hub.bots;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a conversation to the humans when its bot leaves the customer's message unanswered past the
 * inbox's {@code bot_timeout_seconds}. Runs on every node, like the snooze waker: the state is in
 * PostgreSQL (the bot's conversations whose customer waits, a small partial index), so a restart loses
 * no timer, and {@code sb_handoff} locks and re-checks each one, so exactly one node hands it off.
 */
public final class BotTimeoutWorker extends VerticleBase {

  /** A hand-off happens within about a second of its time. */
  public static final long TICK_MILLIS = 1_000;
  static final int BATCH = 100;

  private static final Logger log = LoggerFactory.getLogger(BotTimeoutWorker.class);

  private final Handoffs handoffs;
  private final long tickMillis;
  private long timer = -1;
  private boolean running;

  public BotTimeoutWorker(Handoffs handoffs, long tickMillis) {
    this.handoffs = handoffs;
    this.tickMillis = tickMillis;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(tickMillis, t -> tick());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /** One tick at a time per node; a full batch means more are due, so the next runs at once. */
  private void tick() {
    if (running) {
      return;
    }
    running = true;
    due().onComplete(done -> {
      running = false;
      if (done.failed()) {
        log.warn("bot time-outs not handed off this time: {}", done.cause().toString());
      }
    });
  }

  private Future<Void> due() {
    return handoffs.handOffDue(BATCH).compose(n -> n >= BATCH ? due() : Future.succeededFuture());
  }
}
