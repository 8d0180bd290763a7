package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.BitSet;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Phase b: a fixed rate of messages (open loop: message i is due at t0 + i/rate whatever the hub
 * does), spread round-robin over the widget sockets, and the time until each agent socket gets
 * its {@code message.created}. Latency counts from the scheduled time, not the actual send, so a
 * stalled hub (or generator) shows up in the numbers instead of hiding (coordinated omission).
 */
final class LatencyPhase {

  record Result(Histogram delivery, Histogram ack, long measured, long missing, long refused, long failed,
      long notSent, String cpu) {}

  private static final long PROGRESS_MILLIS = 5_000;
  /** WidgetSession allows a visitor 5 messages/s (burst 20); a faster schedule measures refusals. */
  private static final int HUB_VISITOR_LIMIT = 5;
  /** How long to wait for the last deliveries after the schedule ends. */
  private static final long TAIL_MILLIS = 10_000;

  private final Vertx vertx;
  private final BenchOptions options;
  private final List<WidgetSocket> sockets;
  private final List<AgentListener> agents;
  private final CpuMeter cpu;
  /**
   * Bodies are "lat-RUN-i": the run's own nonce, so messages a previous run left in the hub cannot be
   * taken for ours, and i, which gives the scheduled send time.
   */
  private final String prefix = "lat-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "-";

  /** Agent delivery and widget ack latency, in microseconds. */
  private final Histogram delivery = new Histogram(3);
  private final Histogram ack = new Histogram(3);
  /** Deliveries since the last progress line, warm-up included: shows a backlog building or draining. */
  private final Histogram recent = new Histogram(3);
  private long acks;
  private final long periodNanos;
  private final int total;
  private final int warmupCount;
  private final BitSet[] received;
  private long t0;
  private int next;
  private long refused;
  private long failed;
  private long notSent;

  LatencyPhase(Vertx vertx, BenchOptions options, List<WidgetSocket> sockets, List<AgentListener> agents,
      CpuMeter cpu) {
    this.vertx = vertx;
    this.options = options;
    this.sockets = sockets;
    this.agents = agents;
    this.cpu = cpu;
    this.periodNanos = 1_000_000_000L / options.rate();
    this.warmupCount = options.rate() * options.warmupSeconds();
    this.total = warmupCount + options.rate() * options.seconds();
    this.received = new BitSet[agents.size()];
  }

  Future<Result> run() {
    if (agents.isEmpty()) {
      return Future.failedFuture("the latency phase needs at least one agent socket");
    }
    Report.line("latency: %d msgs/s over %d widget sockets (%.1f/s each), %d agent sockets, %d s warm-up + %d s measured",
        options.rate(), sockets.size(), (double) options.rate() / sockets.size(), agents.size(),
        options.warmupSeconds(), options.seconds());
    if ((double) options.rate() / sockets.size() > HUB_VISITOR_LIMIT) {
      Report.line("latency: WARNING %.1f msgs/s per socket is over the hub's per-visitor limit (%d/s): messages will be "
          + "refused; use at least %d sockets", (double) options.rate() / sockets.size(), HUB_VISITOR_LIMIT,
          (options.rate() + HUB_VISITOR_LIMIT - 1) / HUB_VISITOR_LIMIT);
    }
    for (WidgetSocket s : sockets) {
      s.onAck(frame -> {
        acks++;
        int i = index(frame.getString("client_id", ""));
        if (i >= warmupCount) {
          record(ack, System.nanoTime() - due(i));
        }
      });
      s.onError(frame -> {
        if ("rate_limited".equals(frame.getString("error"))) {
          refused++;
        } else {
          failed++;
        }
      });
    }
    for (int a = 0; a < agents.size(); a++) {
      BitSet got = received[a] = new BitSet(total);
      agents.get(a).onBody((body, at) -> {
        int i = index(body);
        if (i >= 0 && !got.get(i)) {
          got.set(i);
          record(recent, at - due(i));
          if (i >= warmupCount) {
            record(delivery, at - due(i));
          }
        }
      });
    }
    t0 = System.nanoTime() + 10_000_000;
    CpuMeter.Sample[] cpuAt = new CpuMeter.Sample[2];
    Future<Void> scheduleDone = schedule();
    long progress = vertx.setPeriodic(PROGRESS_MILLIS, t -> progress());
    scheduleDone.onComplete(v -> vertx.cancelTimer(progress));
    Future<Void> warm = vertx.timer(Math.max(1, options.warmupSeconds() * 1000L + 10))
        .compose(v -> cpu.sample()).map(s -> {
          cpuAt[0] = s;
          return null;
        });
    return Future.all(warm, scheduleDone)
        .compose(v -> cpu.sample())
        .compose(s -> {
          cpuAt[1] = s;
          return Poll.until(vertx, this::allDelivered, TAIL_MILLIS);
        })
        .map(v -> {
          long measured = total - warmupCount;
          long missing = 0;
          for (BitSet got : received) {
            missing += measured - got.get(warmupCount, total).cardinality();
          }
          Result r = new Result(delivery, ack, measured, missing, refused, failed, notSent,
              CpuMeter.between(cpuAt[0], cpuAt[1]));
          Report.line("latency: widget send -> agent message.created, ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f"
                  + "  (%d deliveries, %d missing)", ms(delivery, 50), ms(delivery, 90), ms(delivery, 99),
              ms(delivery, 99.9), delivery.getMaxValue() / 1000.0, delivery.getTotalCount(), missing);
          Report.line("latency: widget send -> ack (committed), ms: p50 %.2f  p99 %.2f  max %.2f; %d refused, %d errors, "
                  + "%d not sent (socket closed); %s", ms(ack, 50), ms(ack, 99), ack.getMaxValue() / 1000.0, refused,
              failed, notSent, r.cpu());
          return r;
        });
  }

  private void progress() {
    double seconds = (System.nanoTime() - t0) / 1e9;
    Report.line("latency: %4.0f s: %d sent, %d acked; last %d s of deliveries: p50 %.1f ms, max %.1f ms%s", seconds,
        next, acks, PROGRESS_MILLIS / 1000, ms(recent, 50), recent.getMaxValue() / 1000.0,
        next <= warmupCount ? " (warm-up)" : "");
    recent.reset();
  }

  static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }

  /**
   * Sends whatever is due, every millisecond, until the schedule is done. A late tick sends its
   * backlog at once; the lateness is counted in the latencies, as a real client's would be.
   */
  private Future<Void> schedule() {
    Promise<Void> done = Promise.promise();
    vertx.setPeriodic(1, timer -> {
      long due = Math.min(total, (System.nanoTime() - t0) / periodNanos + 1);
      while (next < due) {
        int i = next++;
        String id = prefix + i;
        if (!sockets.get(i % sockets.size()).send(id, id)) {
          notSent++;
        }
      }
      if (next >= total) {
        vertx.cancelTimer(timer);
        done.complete();
      }
    });
    return done.future();
  }

  private boolean allDelivered() {
    int want = total - warmupCount;
    for (BitSet got : received) {
      if (got.get(warmupCount, total).cardinality() < want) {
        return false;
      }
    }
    return true;
  }

  private long due(int i) {
    return t0 + i * periodNanos;
  }

  private static void record(Histogram h, long nanos) {
    h.recordValue(Math.max(0, nanos / 1000));
  }

  /** "lat-RUN-123" -> 123; anything else (other phases' or runs' messages) -> -1. */
  private int index(String token) {
    if (!token.startsWith(prefix)) {
      return -1;
    }
    try {
      return Integer.parseInt(token, prefix.length(), token.length(), 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
