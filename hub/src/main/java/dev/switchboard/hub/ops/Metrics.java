package dev.switchboard.hub.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.Label;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One node's meters, in its own Micrometer registry: Vert.x reports into it too (see
 * {@link MeteredVertx}), and {@code GET /metrics} scrapes it. A registry per node, never the global
 * one, so two nodes in one JVM (the tests) count separately.
 */
public final class Metrics {

  /** Append latency buckets: a healthy append is a few milliseconds, a stalled pool seconds. */
  private static final Duration[] APPEND_BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5)};

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Counter> received = new ConcurrentHashMap<>();
  private final Map<String, Counter> sent = new ConcurrentHashMap<>();
  private final Map<String, Timer> appends = new ConcurrentHashMap<>();
  private final AtomicLong agentSockets = new AtomicLong();
  private final AtomicLong outboxDepth = new AtomicLong();
  private final AtomicLong outboxOldestSeconds = new AtomicLong();
  private final Counter httpErrors;

  public Metrics() {
    // filters before any meter. Vert.x Web joins every route a request passed with '>'
    // ("/api/>/api/v1/>/api/v1/me"): the route label keeps the endpoint's own template
    registry.config().meterFilter(MeterFilter.replaceTagValues(Label.HTTP_ROUTE.toString(),
        route -> route.substring(route.lastIndexOf('>') + 1)));
    Gauge.builder("switchboard.agent.sockets", agentSockets, AtomicLong::get)
        .description("Open agent sockets on this node.").register(registry);
    Gauge.builder("switchboard.outbox.depth", outboxDepth, AtomicLong::get)
        .description("Replies waiting in the outbox (the whole deployment's, measured every few seconds).")
        .register(registry);
    Gauge.builder("switchboard.outbox.oldest.age", outboxOldestSeconds, AtomicLong::get).baseUnit("seconds")
        .description("Age of the oldest reply waiting in the outbox; 0 when it is empty.").register(registry);
    httpErrors = Counter.builder("switchboard.http.errors").description("Requests answered with a 5xx.")
        .register(registry);
  }

  /** The registry Vert.x reports into ({@link MeteredVertx}). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** One inbound message stored (not a repeated delivery of one). */
  public void messageReceived(String channel) {
    received.computeIfAbsent(channel, c -> Counter.builder("switchboard.messages.received").tag("channel", c)
        .description("Inbound messages stored, by channel.").register(registry)).increment();
  }

  /** One agent or bot reply stored (notes are not messages out). */
  public void messageSent(String channel) {
    sent.computeIfAbsent(channel, c -> Counter.builder("switchboard.messages.sent").tag("channel", c)
        .description("Agent and bot replies stored, by channel.").register(registry)).increment();
  }

  /** How long one inbound append took, from the connector's receive call to the commit. */
  public void appendTook(String channel, long nanos) {
    appends.computeIfAbsent(channel, c -> Timer.builder("switchboard.inbound.append").tag("channel", c)
        .description("Inbound append: from the connector's receive call to the commit.")
        .serviceLevelObjectives(APPEND_BUCKETS).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }

  public void agentSocket(int delta) {
    agentSockets.addAndGet(delta);
  }

  /** The widget's sockets are the chat connector's: it is asked at each scrape. */
  public void widgetSockets(Supplier<Number> open) {
    Gauge.builder("switchboard.widget.sockets", open).description("Open widget sockets on this node.")
        .strongReference(true).register(registry);
  }

  public void outbox(long depth, long oldestSeconds) {
    outboxDepth.set(depth);
    outboxOldestSeconds.set(oldestSeconds);
  }

  public void httpError() {
    httpErrors.increment();
  }

  /** Prometheus text exposition format 0.0.4. */
  public String render() {
    return registry.scrape();
  }
}
