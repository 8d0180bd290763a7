package dev.switchboard.hub.conversation;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes snoozed conversations when their time comes. Runs on every node: the statement that wakes
 * them skips rows another node holds and re-checks the status, so each wakes exactly once, and a
 * node going away leaves the work to the others. Undeploying it stops the ticks.
 */
public final class SnoozeWaker extends VerticleBase {

  /** A snooze ends within about a second of its time; a tick with nothing due reads one index page. */
  public static final long TICK_MILLIS = 1_000;

  private static final Logger log = LoggerFactory.getLogger(SnoozeWaker.class);

  private final ConversationService conversations;
  private final long tickMillis;
  private long timer = -1;
  private boolean running;

  public SnoozeWaker(ConversationService conversations, long tickMillis) {
    this.conversations = conversations;
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

  /** One batch; a full batch means more are due, so the next runs at once. One tick at a time per node. */
  private void tick() {
    if (running) {
      return;
    }
    running = true;
    wake().onComplete(done -> {
      running = false;
      if (done.failed()) {
        log.warn("snoozed conversations not woken this time: {}", done.cause().toString());
      }
    });
  }

  private Future<Void> wake() {
    return conversations.wakeDue().compose(woke -> woke >= ConversationService.WAKE_BATCH ? wake()
        : Future.succeededFuture());
  }
}
