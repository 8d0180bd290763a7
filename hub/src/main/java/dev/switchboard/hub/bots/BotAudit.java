package dev.switchboard.hub.bots;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log of bot calls, written off the request's path: {@link #record} only queues the entry,
 * and this verticle writes what has queued in one statement every quarter second (at once when many
 * wait). A failed write puts its entries back for the next round; only when far more wait than a
 * stalled database could explain are the oldest dropped, and then with a warning that says how many.
 * Stopping the verticle writes what is left.
 */
public final class BotAudit extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(BotAudit.class);

  /** One bot call. */
  public record Entry(long botId, String method, String path, int status, int durationMs, OffsetDateTime at) {}

  static final long FLUSH_MILLIS = 250;
  private static final int BATCH = 500;
  private static final int MAX_WAITING = 100_000;
  private static final int MAX_PATH = 500;

  private final Pool pool;
  private final ConcurrentLinkedQueue<Entry> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private long timer = -1;
  private boolean writing;

  public BotAudit(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(FLUSH_MILLIS, t -> flush());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return drain(0);
  }

  /** Queues one call; returns at once (any thread). */
  public void record(Entry e) {
    String path = e.path().length() > MAX_PATH ? e.path().substring(0, MAX_PATH) : e.path();
    waiting.add(new Entry(e.botId(), e.method(), path, e.status(), e.durationMs(), e.at()));
    if (size.incrementAndGet() > MAX_WAITING) {
      int dropped = 0;
      while (size.get() > MAX_WAITING && waiting.poll() != null) {
        size.decrementAndGet();
        dropped++;
      }
      log.warn("bot audit: {} entries dropped, the database has not taken them for a long time", dropped);
    }
  }

  private void flush() {
    if (writing || waiting.isEmpty()) {
      return;
    }
    writing = true;
    write().onComplete(done -> {
      writing = false;
      if (done.succeeded() && !waiting.isEmpty() && size.get() >= BATCH) {
        flush();
      }
    });
  }

  /** Writes everything waiting, a batch at a time (stop: up to 20 rounds). */
  private Future<Void> drain(int round) {
    if (waiting.isEmpty() || round > 20) {
      return Future.succeededFuture();
    }
    return write().compose(v -> drain(round + 1), e -> Future.succeededFuture());
  }

  private Future<Void> write() {
    List<Entry> batch = new ArrayList<>();
    Entry e;
    while (batch.size() < BATCH && (e = waiting.poll()) != null) {
      size.decrementAndGet();
      batch.add(e);
    }
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = batch.size();
    Long[] bots = new Long[n];
    String[] methods = new String[n];
    String[] paths = new String[n];
    Integer[] statuses = new Integer[n];
    Integer[] durations = new Integer[n];
    OffsetDateTime[] ats = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      Entry x = batch.get(i);
      bots[i] = x.botId();
      methods[i] = x.method();
      paths[i] = x.path();
      statuses[i] = x.status();
      durations[i] = x.durationMs();
      ats[i] = x.at();
    }
    return pool.preparedQuery(BotSql.AUDIT_INSERT)
        .execute(Tuple.of(bots, methods, paths, statuses, durations, ats))
        .<Void>mapEmpty()
        .onFailure(err -> {
          log.warn("bot audit: {} entries not written yet ({}); retrying", n, err.toString());
          batch.forEach(x -> {
            waiting.add(x);
            size.incrementAndGet();
          });
        });
  }
}
