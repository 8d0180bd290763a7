package dev.switchboard.hub.store;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work whose time is kept in PostgreSQL (snoozes that end, bots that stay silent too long), done on
 * every node each tick: the statement of a batch skips or re-checks the rows another node holds, so
 * each is done exactly once, a restart loses no timer, and a node going away leaves the work to the
 * others. One batch at a time per node; a full batch means more are due, so the next runs at once.
 * Undeploying it stops the ticks.
 */
public abstract class DueWork extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(DueWork.class);

  private final long tickMillis;
  private long timer = -1;
  private boolean running;

  protected DueWork(long tickMillis) {
    this.tickMillis = tickMillis;
  }

  /** One batch of what is due; how many were done, which is {@link #batchSize()} when more may be due. */
  protected abstract Future<Integer> batch();

  protected abstract int batchSize();

  /** What is not done when a batch fails, for the log ("snoozed conversations woken"). */
  protected abstract String what();

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

  private void tick() {
    if (running) {
      return;
    }
    running = true;
    due().onComplete(done -> {
      running = false;
      if (done.failed()) {
        log.warn("{}: not this time: {}", what(), done.cause().toString());
      }
    });
  }

  private Future<Void> due() {
    return batch().compose(n -> n >= batchSize() ? due() : Future.succeededFuture());
  }
}
