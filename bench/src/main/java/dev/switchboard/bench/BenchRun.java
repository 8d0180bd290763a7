package dev.switchboard.bench;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The whole run as one chain on one event loop: set-up, then the phases in order. Everything the
 * generator does happens on this verticle's context, so its state needs no locks.
 */
final class BenchRun extends VerticleBase {

  private final BenchOptions o;
  private HubApi api;
  private WebSocketClient client;
  private CpuMeter cpu;
  private long inboxId;
  private DeadEndpoint deadEndpoint;
  private long deadBotId;
  private final List<WidgetSocket> widgets = new ArrayList<>();
  private final List<AgentListener> agents = new ArrayList<>();

  BenchRun(BenchOptions options) {
    this.o = options;
  }

  @Override
  public Future<?> start() {
    api = new HubApi(vertx, o.host(), o.port());
    // the default caps a client at 50 sockets per server; the idle phase opens 10,000
    client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(o.sockets() + o.agents() + o.idleSockets() + 16)
        .setConnectTimeout(30_000));
    cpu = new CpuMeter(vertx, o.hubPid());
    return api.login(o.email(), o.password())
        .compose(token -> api.createWebInbox("bench"))
        .compose(id -> {
          inboxId = id;
          return o.deadBot() ? addDeadBot() : Future.<Void>succeededFuture();
        })
        .compose(v -> openAgentsAndWidgets())
        .compose(v -> phase("throughput", this::throughput))
        .compose(v -> phase("latency", this::latency))
        .compose(v -> closeAgentsAndWidgets())
        .compose(v -> phase("idle", this::idleSockets))
        .compose(v -> o.deadBot() ? reportDeadBot() : Future.<Void>succeededFuture())
        .eventually(() -> {
          api.close();
          return deadEndpoint == null ? Future.succeededFuture() : deadEndpoint.close();
        });
  }

  /** A read-scope bot on the bench inbox whose webhook accepts connections and never answers. */
  private Future<Void> addDeadBot() {
    return DeadEndpoint.start(vertx).compose(endpoint -> {
      deadEndpoint = endpoint;
      return api.createBot("bench dead bot", endpoint.url(), inboxId);
    }).map(id -> {
      deadBotId = id;
      Report.line("dead bot %d: webhook %s accepts and never answers", id, deadEndpoint.url());
      return null;
    });
  }

  /** How many events the hub queued for the dead bot, and how many tries reached it. */
  private Future<Void> reportDeadBot() {
    return api.newestDelivery(deadBotId).map(newest -> {
      long events = newest == null ? 0 : newest.getLong("seq");
      Report.line("dead bot: %d events queued, %d connections to its endpoint", events, deadEndpoint.accepted());
      Report.result("dead_bot_events", events);
      Report.result("dead_bot_connections", deadEndpoint.accepted());
      return null;
    });
  }

  private Future<Void> phase(String name, Supplier<Future<?>> run) {
    return o.phases().contains(name) ? run.get().mapEmpty() : Future.succeededFuture();
  }

  private Future<?> throughput() {
    return new ThroughputPhase(vertx, o, widgets, agents, api, cpu).run().map(this::report);
  }

  private Future<?> latency() {
    // the hub limits each visitor to 5 messages/s with a burst of 20: after the throughput phase,
    // let every bucket refill so the fixed rate is not refused
    Future<?> refilled = o.phases().contains("throughput") ? vertx.timer(4_000) : Future.succeededFuture();
    return refilled.compose(v -> new LatencyPhase(vertx, o, widgets, agents, cpu).run().map(this::report));
  }

  private Future<?> idleSockets() {
    if (o.idleSockets() == 0) {
      return Future.succeededFuture();
    }
    return new IdleSocketsPhase(vertx, o, client, api, new HubGc(vertx, o.hubPid()), inboxId).run().map(this::report);
  }

  private Future<Void> openAgentsAndWidgets() {
    return Concurrently.run(o.agents(), o.agents(), i -> AgentListener.open(client, o.host(), o.port(), api.token()))
        .compose(results -> {
          agents.addAll(successes(results, "agent"));
          return Concurrently.run(o.sockets(), o.connectConcurrency(),
              i -> WidgetSocket.open(client, o.host(), o.port(), inboxId));
        })
        .map(results -> {
          widgets.addAll(successes(results, "widget"));
          Report.line("set-up: web inbox %d, %d agent sockets, %d widget sockets open", inboxId, agents.size(),
              widgets.size());
          return null;
        });
  }

  private Future<Void> closeAgentsAndWidgets() {
    List<Future<Void>> closing = new ArrayList<>();
    widgets.forEach(w -> closing.add(w.close()));
    agents.forEach(a -> closing.add(a.close()));
    // then give the hub a moment to drop the sessions before anyone measures its heap
    return Future.join(closing).compose(v -> vertx.timer(1_000)).mapEmpty();
  }

  private static <T> List<T> successes(List<AsyncResult<T>> results, String what) {
    List<T> ok = new ArrayList<>();
    for (AsyncResult<T> r : results) {
      if (r.failed()) {
        throw new IllegalStateException("a " + what + " socket did not open: " + r.cause(), r.cause());
      }
      ok.add(r.result());
    }
    return ok;
  }

  private Object report(ThroughputPhase.Result r) {
    Report.result("throughput_msgs_per_s", r.msgsPerSecond());
    Report.result("throughput_acks", r.acks());
    Report.result("throughput_stored", r.stored());
    Report.result("throughput_mismatch", r.mismatch());
    Report.result("throughput_duplicate_seqs", r.duplicateSeqs());
    Report.result("throughput_reordered", r.reordered());
    Report.result("throughput_refused", r.refused());
    Report.result("throughput_errors", r.failed());
    Report.result("throughput_unanswered", r.unanswered());
    Report.result("throughput_agent_misses", r.agentMisses());
    Report.result("throughput_cpu", r.cpu());
    return r;
  }

  private Object report(LatencyPhase.Result r) {
    Report.result("latency_p50_ms", LatencyPhase.ms(r.delivery(), 50));
    Report.result("latency_p90_ms", LatencyPhase.ms(r.delivery(), 90));
    Report.result("latency_p99_ms", LatencyPhase.ms(r.delivery(), 99));
    Report.result("latency_p999_ms", LatencyPhase.ms(r.delivery(), 99.9));
    Report.result("latency_max_ms", r.delivery().getMaxValue() / 1000.0);
    Report.result("latency_deliveries", r.delivery().getTotalCount());
    Report.result("latency_missing", r.missing());
    Report.result("latency_refused", r.refused());
    Report.result("latency_ack_p50_ms", LatencyPhase.ms(r.ack(), 50));
    Report.result("latency_ack_p99_ms", LatencyPhase.ms(r.ack(), 99));
    Report.result("latency_cpu", r.cpu());
    return r;
  }

  private Object report(IdleSocketsPhase.Result r) {
    Report.result("idle_sockets", r.opened());
    Report.result("idle_failed", r.failed());
    Report.result("idle_heap_before_mb", r.heapBefore() / 1048576.0);
    Report.result("idle_heap_after_mb", r.heapAfter() / 1048576.0);
    Report.result("idle_kb_per_socket", r.kbPerSocket());
    Report.result("idle_open_seconds", r.seconds());
    return r;
  }
}
