package dev.switchboard.hub.routing;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every so often, one node of the deployment brings routing's Redis state back in line with
 * PostgreSQL ({@link AutoAssign#reconcile}), so a Redis that restarted or lost keys loses no queued
 * conversation for longer than a period. Which node: the first to take the lease in Redis for the
 * period. Undeploying it stops the ticks.
 */
public final class RoutingReconciler extends VerticleBase {

  public static final long PERIOD_MILLIS = 30_000;

  private static final Logger log = LoggerFactory.getLogger(RoutingReconciler.class);

  private final AutoAssign routing;
  private final Assigner assigner;
  private final String nodeId;
  private final long periodMillis;
  private long timer = -1;

  public RoutingReconciler(AutoAssign routing, Assigner assigner, String nodeId, long periodMillis) {
    this.routing = routing;
    this.assigner = assigner;
    this.nodeId = nodeId;
    this.periodMillis = periodMillis;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(periodMillis, t -> runOnce()
        .onFailure(e -> log.warn("routing not reconciled this time: {}", e.toString())));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /**
   * Reconciles when this node takes the lease for the period (a little shorter than it, so the next
   * tick finds it free); true when it ran here.
   */
  public Future<Boolean> runOnce() {
    return assigner.leaseReconcile(nodeId, periodMillis * 9 / 10)
        .compose(mine -> mine ? routing.reconcile().map(true) : Future.succeededFuture(false));
  }
}
