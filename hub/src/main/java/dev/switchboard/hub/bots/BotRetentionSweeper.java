package dev.switchboard.hub.bots;

import dev.switchboard.hub.store.Lease;
import dev.switchboard.hub.store.PgFailures;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what {@link BotRetention} no longer keeps: delivered (and only-stored) events, dead
 * events and audit entries past their age; pending events stay whatever their age. Once a period,
 * on the one node that takes the lease for it; in batches of {@link #BATCH} rows, each its own
 * short statement with a pause between, so a large backlog never holds locks or the pool for long.
 */
public final class BotRetentionSweeper extends VerticleBase {

  public static final long PERIOD_MILLIS = 60L * 60 * 1000;
  /** The first sweep a few minutes after start, so a node that restarts often still sweeps. */
  private static final long FIRST_DELAY_MILLIS = 5L * 60 * 1000;
  static final int BATCH = 1_000;
  private static final long PAUSE_MILLIS = 50;

  private static final Logger log = LoggerFactory.getLogger(BotRetentionSweeper.class);

  /** Rows deleted by one sweep. */
  public record Swept(long delivered, long dead, long audit) {}

  private final Pool pool;
  private final Lease lease;
  private final String nodeId;
  private final BotRetention retention;
  private final long periodMillis;
  private long timer = -1;
  private volatile boolean stopped;
  private boolean running;

  public BotRetentionSweeper(Pool pool, Lease lease, String nodeId, BotRetention retention, long periodMillis) {
    this.pool = pool;
    this.lease = lease;
    this.nodeId = nodeId;
    this.retention = retention;
    this.periodMillis = periodMillis;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(Math.min(FIRST_DELAY_MILLIS, periodMillis), periodMillis, t -> tick());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /** One sweep at a time on this node, even when a large backlog outlasts the lease. */
  private void tick() {
    if (running) {
      return;
    }
    running = true;
    runOnce().onComplete(done -> {
      running = false;
      if (done.failed()) {
        log.warn("bot deliveries and audit not swept this time: {}", done.cause().toString());
      }
    });
  }

  /**
   * Sweeps when this node takes the lease for the period (a little shorter than it, so the next
   * tick finds it free); true when it ran here.
   */
  public Future<Boolean> runOnce() {
    return lease.take(nodeId, periodMillis * 9 / 10)
        .compose(mine -> mine ? sweep().map(true) : Future.succeededFuture(false));
  }

  /** One sweep of all three, whoever else is sweeping (the lease is {@link #runOnce}'s). */
  public Future<Swept> sweep() {
    return all(BotSql.SWEEP_DELIVERED, retention.deliveredDays(), 0)
        .compose(delivered -> all(BotSql.SWEEP_DEAD, retention.deadDays(), 0)
            .compose(dead -> all(BotSql.SWEEP_AUDIT, retention.auditDays(), 0)
                .map(audit -> new Swept(delivered, dead, audit))))
        .onSuccess(s -> {
          if (s.delivered() + s.dead() + s.audit() > 0) {
            log.info("bot retention: deleted {} delivered and {} dead events, {} audit entries",
                s.delivered(), s.dead(), s.audit());
          }
        });
  }

  /** Batches of one statement until a batch is not full (or the node stops). */
  private Future<Long> all(String statement, int days, long sofar) {
    return pool.preparedQuery(statement).execute(Tuple.of(days, BATCH)).recover(PgFailures::recover)
        .compose(rows -> {
          long total = sofar + rows.rowCount();
          if (rows.rowCount() < BATCH || stopped) {
            return Future.succeededFuture(total);
          }
          return vertx.timer(PAUSE_MILLIS).compose(t -> all(statement, days, total));
        });
  }
}
