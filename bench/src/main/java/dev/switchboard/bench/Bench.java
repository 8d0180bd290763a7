package dev.switchboard.bench;

import io.vertx.core.Vertx;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar switchboard-bench.jar --port P --hub-pid PID [--sockets 200 --window 4 --warmup 5
 * --seconds 20 --rate 1000 --agents 2 --idle 10000 --phases throughput,latency,idle]}: load for a
 * running hub; scripts/bench starts the hub, runs this, and adds pgbench. Exits 1 when a phase
 * could not run (targets are judged by the script, not here).
 */
public final class Bench {

  private Bench() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    Set<String> phases;
    try {
      String[] rest = stripPhases(args);
      options = BenchOptions.parse(rest);
      phases = Set.of(phasesArg(args).split(","));
    } catch (RuntimeException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    int status = 0;
    try {
      // the run is bounded by its phases' own timers; this is only a guard against a hang
      vertx.deployVerticle(new BenchRun(options, phases)).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.MINUTES);
      Report.printResults();
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("bench: failed: " + cause);
      Report.printResults();
      status = 1;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    System.exit(status);
  }

  private static String phasesArg(String[] args) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--phases")) {
        return args[i + 1];
      }
    }
    return "throughput,latency,idle";
  }

  private static String[] stripPhases(String[] args) {
    java.util.List<String> rest = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--phases") && i + 1 < args.length) {
        i++;
      } else {
        rest.add(args[i]);
      }
    }
    return rest.toArray(String[]::new);
  }
}
