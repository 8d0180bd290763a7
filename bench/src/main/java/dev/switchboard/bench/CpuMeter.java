package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the CPU went during a phase: the hub, this generator, PostgreSQL, Redis, and everything
 * else on the machine. They share the cores, so a hub number only means something next to these,
 * and "rest" shows when something unrelated was competing. Reads Linux's /proc; percentages are
 * of one core (200% = two cores busy).
 */
final class CpuMeter {

  /** Cumulative clock ticks (1/100 s) at one instant. */
  record Sample(long hub, long self, long postgres, long redis, long interrupts, long busy, long total, long nanos) {}

  private static final double TICKS_PER_SECOND = 100.0;

  private final Vertx vertx;
  private final long hubPid;
  private final long selfPid = ProcessHandle.current().pid();

  CpuMeter(Vertx vertx, long hubPid) {
    this.vertx = vertx;
    this.hubPid = hubPid;
  }

  Future<Sample> sample() {
    Future<long[]> machine = vertx.fileSystem().readFile("/proc/stat").map(CpuMeter::machineTicks);
    Future<List<ProcessTicks>> processes = vertx.fileSystem().readDir("/proc", "[0-9]+").compose(dirs -> {
      List<Future<ProcessTicks>> reads = new ArrayList<>();
      for (String dir : dirs) {
        // a process may end between the listing and the read: count it as nothing
        reads.add(vertx.fileSystem().readFile(dir + "/stat").map(CpuMeter::processTicks)
            .otherwise(new ProcessTicks(0, "", 0)));
      }
      return Future.join(reads).map(all -> all.<ProcessTicks>list());
    });
    return Future.all(machine, processes).map(all -> {
      long hub = 0;
      long self = 0;
      long postgres = 0;
      long redis = 0;
      for (ProcessTicks p : processes.result()) {
        if (p.pid() == hubPid) {
          hub += p.ticks();
        } else if (p.pid() == selfPid) {
          self += p.ticks();
        } else if (p.command().equals("postgres")) {
          postgres += p.ticks();
        } else if (p.command().startsWith("redis-server")) {
          redis += p.ticks();
        }
      }
      long[] m = machine.result();
      return new Sample(hub, self, postgres, redis, m[2], m[0], m[1], System.nanoTime());
    }).recover(e -> Future.succeededFuture(new Sample(0, 0, 0, 0, 0, 0, 0, System.nanoTime())));
  }

  /**
   * "hub 120%, generator 45%, PostgreSQL 25%, Redis 3%, interrupts 4%, other processes 2%, idle 1%"
   * between two samples. Interrupts (irq, softirq: much of loopback TCP) and steal belong to no process.
   */
  static String between(Sample a, Sample b) {
    double seconds = (b.nanos() - a.nanos()) / 1e9;
    if (seconds <= 0 || b.total() == a.total()) {
      return "cpu n/a";
    }
    double hub = pct(b.hub() - a.hub(), seconds);
    double self = pct(b.self() - a.self(), seconds);
    double pg = pct(b.postgres() - a.postgres(), seconds);
    double redis = pct(b.redis() - a.redis(), seconds);
    double interrupts = pct(b.interrupts() - a.interrupts(), seconds);
    double busy = pct(b.busy() - a.busy(), seconds);
    double all = pct(b.total() - a.total(), seconds);
    return String.format("cpu (100%% = one core): hub %.0f%%, generator %.0f%%, PostgreSQL %.0f%%, Redis %.0f%%, "
            + "interrupts+steal %.0f%%, other processes %.0f%%, idle %.0f%%", hub, self, pg, redis, interrupts,
        Math.max(0, busy - hub - self - pg - redis - interrupts), Math.max(0, all - busy));
  }

  private static double pct(long ticks, double seconds) {
    return ticks / TICKS_PER_SECOND / seconds * 100;
  }

  private record ProcessTicks(long pid, String command, long ticks) {}

  /**
   * pid, command and utime + stime (fields 1, 2, 14, 15) of /proc/PID/stat. The command may hold
   * spaces and parentheses, so fields are counted from the last ')'.
   */
  private static ProcessTicks processTicks(Buffer stat) {
    String s = stat.toString();
    int open = s.indexOf('(');
    int close = s.lastIndexOf(')');
    String[] f = s.substring(close + 2).split(" ");
    return new ProcessTicks(Long.parseLong(s.substring(0, open).trim()), s.substring(open + 1, close),
        Long.parseLong(f[11]) + Long.parseLong(f[12]));
  }

  /** {busy, total, irq + softirq + steal} from the "cpu" line of /proc/stat; idle and iowait are not busy. */
  private static long[] machineTicks(Buffer stat) {
    String line = stat.toString().lines().findFirst().orElseThrow();
    String[] f = line.trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < Math.min(f.length, 9); i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
    long interrupts = Long.parseLong(f[6]) + Long.parseLong(f[7]) + Long.parseLong(f[8]);
    return new long[] {total - idle, total, interrupts};
  }
}
