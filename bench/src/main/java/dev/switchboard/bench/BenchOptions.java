package dev.switchboard.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What to run against, and how hard. {@code --name value} pairs on the command line; scripts/bench
 * fills them from its BENCH_* environment variables.
 *
 * @param idleHoldSeconds how long to keep the idle sockets open after measuring, to inspect the hub
 *     (jcmd GC.class_histogram) by hand
 * @param phases which of throughput, latency, idle to run, in that order
 * @param deadBot whether a bot with read scope serves the bench inbox with a webhook that never
 *     answers ({@code --dead-bot 1}), so every message also queues an event for a dead endpoint
 * @param hubPid the hub's process id, for {@code jcmd PID GC.run}; 0 = unknown (heap figures then
 *     include garbage and are only indicative)
 */
record BenchOptions(
    String host,
    int port,
    String email,
    String password,
    int sockets,
    int window,
    int warmupSeconds,
    int seconds,
    int rate,
    int agents,
    int idleSockets,
    int connectConcurrency,
    int idleHoldSeconds,
    long hubPid,
    Set<String> phases,
    boolean deadBot) {

  static BenchOptions parse(String[] args) {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      }
      a.put(args[i].substring(2), args[i + 1]);
    }
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
    }
    return new BenchOptions(
        a.getOrDefault("host", "127.0.0.1"),
        Integer.parseInt(a.getOrDefault("port", "8080")),
        a.getOrDefault("email", "a@b.c"),
        a.getOrDefault("password", "secret123"),
        positive(a, "sockets", 200),
        positive(a, "window", 4),
        Integer.parseInt(a.getOrDefault("warmup", "15")),
        positive(a, "seconds", 20),
        positive(a, "rate", 1000),
        Integer.parseInt(a.getOrDefault("agents", "2")),
        Integer.parseInt(a.getOrDefault("idle", "10000")),
        positive(a, "connect-concurrency", 200),
        Integer.parseInt(a.getOrDefault("idle-hold", "0")),
        Long.parseLong(a.getOrDefault("hub-pid", "0")),
        Set.of(a.getOrDefault("phases", "throughput,latency,idle").split(",")),
        flag(a, "dead-bot"));
  }

  private static boolean flag(Map<String, String> a, String name) {
    String v = a.getOrDefault(name, "0");
    if (!v.equals("0") && !v.equals("1")) {
      throw new IllegalArgumentException("--" + name + " is 0 or 1");
    }
    return v.equals("1");
  }

  private static int positive(Map<String, String> a, String name, int fallback) {
    int v = Integer.parseInt(a.getOrDefault(name, String.valueOf(fallback)));
    if (v <= 0) {
      throw new IllegalArgumentException("--" + name + " must be positive");
    }
    return v;
  }
}
