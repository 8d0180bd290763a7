package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Phase a: every widget socket sends as fast as its acks come back, with a few messages unacked at
 * a time (the window), for a warm-up and then the measured seconds. An ack means the message is
 * committed in PostgreSQL, so acks per second is persisted messages per second. Afterwards it checks
 * that each conversation holds exactly the messages acked in it: nothing lost, nothing doubled.
 */
final class ThroughputPhase {

  record Result(double msgsPerSecond, long measuredAcks, long acks, long refused, long failed, long unanswered,
      long stored, long duplicateSeqs, long reordered, long agentMisses, String cpu) {

    /** Stored rows that were never acked, or acks without a row: both are broken promises. */
    long mismatch() {
      return Math.abs(stored - acks);
    }
  }

  /** The per-visitor limit of the hub (5 messages/s): after a refusal, wait for its bucket to refill. */
  private static final long BACKOFF_MILLIS = 1_000;
  private static final long PROGRESS_MILLIS = 5_000;

  private final Vertx vertx;
  private final BenchOptions options;
  private final List<WidgetSocket> sockets;
  private final List<AgentListener> agents;
  private final HubApi api;
  private final CpuMeter cpu;

  private boolean running;
  private boolean measuring;
  private long measuredAcks;
  private long totalAcks;
  private long refused;
  private long failed;
  private long duplicateSeqs;
  private final Map<String, Long> failures = new TreeMap<>();
  private final long[] agentBodies;
  /** Bodies start with the run's nonce, so agents do not count messages a previous run left behind. */
  private final String bodyPrefix = "tp-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "-";

  ThroughputPhase(Vertx vertx, BenchOptions options, List<WidgetSocket> sockets, List<AgentListener> agents,
      HubApi api, CpuMeter cpu) {
    this.vertx = vertx;
    this.options = options;
    this.sockets = sockets;
    this.agents = agents;
    this.api = api;
    this.cpu = cpu;
    this.agentBodies = new long[agents.size()];
  }

  /** One socket's share: keeps {@code window} messages in flight while the phase runs. */
  private final class Sender {
    final int index;
    final WidgetSocket socket;
    final BitSet seqs = new BitSet();
    /** The seq each message got, by the order it was sent: a visitor's messages should keep their order. */
    final List<Integer> seqBySend = new ArrayList<>();
    int inFlight;
    long sent;
    long acked;
    boolean backingOff;

    Sender(int index, WidgetSocket socket) {
      this.index = index;
      this.socket = socket;
      socket.onAck(this::onAck);
      socket.onError(this::onError);
    }

    void pump() {
      while (running && !backingOff && inFlight < options.window()) {
        String id = "t" + index + "-" + sent;
        if (!socket.send(id, bodyPrefix + id)) {
          return;
        }
        sent++;
        inFlight++;
      }
    }

    void onAck(JsonObject ack) {
      inFlight--;
      acked++;
      totalAcks++;
      if (measuring) {
        measuredAcks++;
      }
      int seq = ack.getLong("seq").intValue();
      if (seqs.get(seq)) {
        duplicateSeqs++;
      }
      seqs.set(seq);
      String id = ack.getString("client_id", "");
      int n = Integer.parseInt(id, id.indexOf('-') + 1, id.length(), 10);
      while (seqBySend.size() <= n) {
        seqBySend.add(0);
      }
      seqBySend.set(n, seq);
      pump();
    }

    /** Messages stored before one this socket sent earlier. */
    long reordered() {
      long out = 0;
      for (int n = 1; n < seqBySend.size(); n++) {
        if (seqBySend.get(n) != 0 && seqBySend.get(n - 1) != 0 && seqBySend.get(n) < seqBySend.get(n - 1)) {
          out++;
        }
      }
      return out;
    }

    /** Every message frame gets exactly one answer, an ack or an error, so errors free the window too. */
    void onError(JsonObject error) {
      inFlight--;
      String code = error.getString("error", "?");
      if ("rate_limited".equals(code)) {
        refused++;
        if (!backingOff) {
          backingOff = true;
          vertx.setTimer(BACKOFF_MILLIS, t -> {
            backingOff = false;
            pump();
          });
        }
      } else {
        failed++;
        failures.merge(code, 1L, Long::sum);
        pump();
      }
    }
  }

  Future<Result> run() {
    List<Sender> senders = new ArrayList<>();
    for (int i = 0; i < sockets.size(); i++) {
      senders.add(new Sender(i, sockets.get(i)));
    }
    for (int i = 0; i < agents.size(); i++) {
      int a = i;
      agents.get(i).onBody((body, at) -> {
        if (body.startsWith(bodyPrefix)) {
          agentBodies[a]++;
        }
      });
    }
    Report.line("throughput: %d widget sockets, window %d, %d s warm-up + %d s measured, %d agent sockets listening",
        sockets.size(), options.window(), options.warmupSeconds(), options.seconds(), agents.size());
    running = true;
    senders.forEach(Sender::pump);
    long startNanos = System.nanoTime();
    long[] lastAcks = {0};
    long progress = vertx.setPeriodic(PROGRESS_MILLIS, t -> {
      Report.line("throughput: %4.0f s: %.0f acks/s over the last %d s%s", (System.nanoTime() - startNanos) / 1e9,
          (totalAcks - lastAcks[0]) * 1000.0 / PROGRESS_MILLIS, PROGRESS_MILLIS / 1000, measuring ? "" : " (warm-up)");
      lastAcks[0] = totalAcks;
    });
    long[] measuredNanos = new long[2];
    CpuMeter.Sample[] cpuAt = new CpuMeter.Sample[2];
    return vertx.timer(Math.max(1, options.warmupSeconds() * 1000L))
        .compose(v -> cpu.sample())
        .compose(s -> {
          cpuAt[0] = s;
          measuring = true;
          measuredNanos[0] = System.nanoTime();
          return vertx.timer(options.seconds() * 1000L);
        })
        .compose(v -> {
          measuring = false;
          running = false;
          vertx.cancelTimer(progress);
          measuredNanos[1] = System.nanoTime();
          return cpu.sample();
        })
        .compose(s -> {
          cpuAt[1] = s;
          double seconds = (measuredNanos[1] - measuredNanos[0]) / 1e9;
          Report.line("throughput: %d acks in %.1f s = %.0f persisted msgs/s; %s", measuredAcks, seconds,
              measuredAcks / seconds, CpuMeter.between(cpuAt[0], cpuAt[1]));
          // let the messages still in flight get their answer before counting rows
          return Poll.until(vertx, () -> senders.stream().allMatch(x -> x.inFlight == 0 || !x.socket.isOpen()), 15_000);
        })
        .compose(drained -> storedPerConversation(senders))
        .compose(stored -> Poll.until(vertx, () -> agentsCaughtUp(), 5_000).map(stored))
        .map(stored -> {
          double seconds = (measuredNanos[1] - measuredNanos[0]) / 1e9;
          long unanswered = senders.stream().mapToLong(x -> x.inFlight).sum();
          long agentMisses = 0;
          for (long got : agentBodies) {
            agentMisses += Math.max(0, totalAcks - got);
          }
          long reordered = senders.stream().mapToLong(Sender::reordered).sum();
          Result r = new Result(measuredAcks / seconds, measuredAcks, totalAcks, refused, failed, unanswered, stored,
              duplicateSeqs, reordered, agentMisses, CpuMeter.between(cpuAt[0], cpuAt[1]));
          Report.line("throughput: check: %d acked (warm-up included), %d stored, %d refused by the rate limit, "
                  + "%d other errors %s, %d unanswered, %d doubled seqs, %d stored out of send order, "
                  + "%d agent deliveries missing -> %s",
              r.acks(), r.stored(), r.refused(), r.failed(), failures, r.unanswered(), r.duplicateSeqs(),
              r.reordered(), r.agentMisses(), r.mismatch() == 0 && r.duplicateSeqs() == 0 ? "nothing lost" : "MISMATCH");
          return r;
        });
  }

  private boolean agentsCaughtUp() {
    for (long got : agentBodies) {
      if (got < totalAcks) {
        return false;
      }
    }
    return true;
  }

  /**
   * Sum of last_seq over the senders' conversations; seq is gap-free from 1, so it is the row count.
   * Also checks each conversation's count against that socket's acks.
   */
  private Future<Long> storedPerConversation(List<Sender> senders) {
    return Concurrently.run(senders.size(), 8, i -> {
      Long conversation = senders.get(i).socket.conversationId();
      return conversation == null ? Future.succeededFuture(0L) : api.lastSeq(conversation);
    }).map(results -> {
      long stored = 0;
      int off = 0;
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i).failed()) {
          throw new IllegalStateException("reading conversation failed: " + results.get(i).cause());
        }
        long n = results.get(i).result();
        stored += n;
        if (n != senders.get(i).acked) {
          off++;
        }
      }
      if (off > 0) {
        Report.line("throughput: %d conversations hold a different number of messages than their socket got acks for", off);
      }
      return stored;
    });
  }
}
