package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * Where the CPU went during a phase: the hub, this generator, and everything else (PostgreSQL,
 * Redis). They share the machine's cores, so a hub number only means something next to these.
 * Reads Linux's /proc; percentages are of one core (200% = two cores busy).
 */
final class CpuMeter {

  /** Cumulative clock ticks (1/100 s) at one instant. */
  record Sample(long hub, long self, long busy, long total, long nanos) {}

  private static final double TICKS_PER_SECOND = 100.0;

  private final Vertx vertx;
  private final long hubPid;
  private final long selfPid = ProcessHandle.current().pid();

  CpuMeter(Vertx vertx, long hubPid) {
    this.vertx = vertx;
    this.hubPid = hubPid;
  }

  Future<Sample> sample() {
    Future<Long> hub = hubPid > 0 ? processTicks(hubPid) : Future.succeededFuture(0L);
    Future<Long> self = processTicks(selfPid);
    Future<long[]> machine = vertx.fileSystem().readFile("/proc/stat").map(CpuMeter::machineTicks);
    return Future.all(hub, self, machine).map(all -> new Sample(hub.result(), self.result(),
        machine.result()[0], machine.result()[1], System.nanoTime()))
        .recover(e -> Future.succeededFuture(new Sample(0, 0, 0, 0, System.nanoTime())));
  }

  /** "hub 120%, generator 45%, other 25%, idle 10%" between two samples. */
  static String between(Sample a, Sample b) {
    double seconds = (b.nanos() - a.nanos()) / 1e9;
    if (seconds <= 0 || b.total() == a.total()) {
      return "cpu n/a";
    }
    double hub = pct(b.hub() - a.hub(), seconds);
    double self = pct(b.self() - a.self(), seconds);
    double busy = pct(b.busy() - a.busy(), seconds);
    double all = pct(b.total() - a.total(), seconds);
    return String.format("cpu (100%% = one core): hub %.0f%%, generator %.0f%%, other (PostgreSQL, Redis, ...) %.0f%%, idle %.0f%%",
        hub, self, Math.max(0, busy - hub - self), Math.max(0, all - busy));
  }

  private static double pct(long ticks, double seconds) {
    return ticks / TICKS_PER_SECOND / seconds * 100;
  }

  private Future<Long> processTicks(long pid) {
    return vertx.fileSystem().readFile("/proc/" + pid + "/stat").map(CpuMeter::utimePlusStime);
  }

  /** Fields 14 and 15 of /proc/PID/stat; the command name (field 2) may hold spaces, so count after ')'. */
  private static long utimePlusStime(Buffer stat) {
    String s = stat.toString();
    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** {busy, total} from the "cpu" line of /proc/stat; idle and iowait are not busy. */
  private static long[] machineTicks(Buffer stat) {
    String line = stat.toString().lines().findFirst().orElseThrow();
    String[] f = line.trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < Math.min(f.length, 9); i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
    return new long[] {total - idle, total};
  }
}
