package dev.switchboard.hub.ops;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node's Vert.x, reporting its HTTP server, pools, event bus and the JVM into the node's
 * {@link Metrics}. Metrics can only be switched on when a Vert.x is created, hence a factory.
 */
public final class MeteredVertx {

  /** Vert.x keeps backend registries in a static map by name: each node needs a name of its own. */
  private static final AtomicInteger NODES = new AtomicInteger();

  private MeteredVertx() {}

  public static Vertx create(Metrics metrics, String nodeId) {
    MicrometerMetricsOptions options = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setRegistryName("switchboard-" + nodeId + "-" + NODES.incrementAndGet())
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        // the route template (/api/v1/conversations/:id), never the raw path: bounded label values
        .addLabels(Label.HTTP_ROUTE);
    // never the event-bus address: there is one per conversation (and per request-reply), and a
    // meter per address is unbounded memory and a registration on the message path each time
    java.util.Set<Label> labels = java.util.EnumSet.copyOf(options.getLabels());
    labels.remove(Label.EB_ADDRESS);
    options.setLabels(labels);
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(options))
        .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
        .build();
  }
}
