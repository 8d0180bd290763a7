package dev.switchboard.hub.conversation;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes agents' uploads that no reply took within a day ({@link Attachments#sweep}). One delete
 * statement, harmless when several nodes run it at once.
 */
public final class UploadSweeper extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(UploadSweeper.class);
  public static final long TICK_MILLIS = 60L * 60 * 1000;

  private final Attachments attachments;
  private final long tickMillis;
  private long timer = -1;

  public UploadSweeper(Attachments attachments, long tickMillis) {
    this.attachments = attachments;
    this.tickMillis = tickMillis;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(1_000, tickMillis, t -> attachments.sweep()
        .onSuccess(n -> {
          if (n > 0) {
            log.info("deleted {} unsent uploads older than a day", n);
          }
        })
        .onFailure(e -> log.debug("uploads not swept: {}", e.toString())));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
