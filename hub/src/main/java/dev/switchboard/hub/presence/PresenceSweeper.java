package dev.switchboard.hub.presence;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Notices agents whose heartbeat ran out: an expiring Redis key tells nobody, so every node looks
 * every two seconds and tells its own sockets. Undeploying it stops the sweep.
 */
public final class PresenceSweeper extends VerticleBase {

  /** With the 25 s status TTL, an agent whose laptop closed reads offline within 30 s. */
  static final long SWEEP_MILLIS = 2_000;

  private final PresenceService presence;
  private long timer = -1;

  public PresenceSweeper(PresenceService presence) {
    this.presence = presence;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(SWEEP_MILLIS, t -> presence.sweep());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
