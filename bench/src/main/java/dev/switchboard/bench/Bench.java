package dev.switchboard.bench;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar switchboard-bench.jar --port P --hub-pid PID [--sockets 200 --window 4 --warmup 15
 * --seconds 20 --rate 1000 --agents 2 --idle 10000 --phases throughput,latency,idle]}: load for a
 * running hub; scripts/bench starts the hub, runs this, and adds pgbench. Exits 1 when a phase
 * could not run (targets are judged by the script, not here).
 */
public final class Bench {

  private Bench() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (RuntimeException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    int status = 0;
    try {
      // the run is bounded by its phases' own timers; this is only a guard against a hang
      vertx.deployVerticle(new BenchRun(options)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("bench: failed: " + cause);
      status = 1;
    } finally {
      Report.printResults();
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    System.exit(status);
  }
}
