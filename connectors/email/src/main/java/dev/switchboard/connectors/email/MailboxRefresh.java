package dev.switchboard.connectors.email;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.function.Supplier;

/**
 * Background work of the email channel, as a verticle: every few seconds the email inboxes are read
 * again and mailbox pollers started, restarted or stopped to match, so an inbox added or changed by
 * an admin is picked up on every node without a restart.
 */
final class MailboxRefresh extends VerticleBase {

  private final long everyMillis;
  private final Supplier<Future<Void>> refresh;
  private long timer = -1;

  MailboxRefresh(long everyMillis, Supplier<Future<Void>> refresh) {
    this.everyMillis = everyMillis;
    this.refresh = refresh;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(everyMillis, t -> refresh.get());
    return refresh.get();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
