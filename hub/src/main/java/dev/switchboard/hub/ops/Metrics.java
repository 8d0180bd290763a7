package dev.switchboard.hub.ops;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters and gauges of one node, rendered as Prometheus text for {@code GET /metrics}. */
public final class Metrics {

  private final Map<String, LongAdder> received = new ConcurrentHashMap<>();
  private final LongAdder sent = new LongAdder();
  private final AtomicLong agentSockets = new AtomicLong();
  private final LongAdder httpErrors = new LongAdder();

  public void messageReceived(String channel) {
    received.computeIfAbsent(channel, c -> new LongAdder()).increment();
  }

  public void messageSent() {
    sent.increment();
  }

  public void agentSocket(int delta) {
    agentSockets.addAndGet(delta);
  }

  public void httpError() {
    httpErrors.increment();
  }

  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("# HELP switchboard_messages_received_total Inbound messages stored, by channel.\n");
    out.append("# TYPE switchboard_messages_received_total counter\n");
    received.forEach((channel, n) -> out.append("switchboard_messages_received_total{channel=\"")
        .append(channel).append("\"} ").append(n.sum()).append('\n'));
    gauge(out, "switchboard_messages_sent_total", "counter", "Agent and bot replies stored.", sent.sum());
    gauge(out, "switchboard_agent_sockets", "gauge", "Open agent sockets on this node.", agentSockets.get());
    gauge(out, "switchboard_http_errors_total", "counter", "Requests answered with a 5xx.", httpErrors.sum());
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    gauge(out, "jvm_memory_heap_used_bytes", "gauge", "Heap in use.", heap.getUsed());
    gauge(out, "jvm_memory_heap_max_bytes", "gauge", "Heap limit.", heap.getMax());
    gauge(out, "jvm_threads_live", "gauge", "Live threads.", ManagementFactory.getThreadMXBean().getThreadCount());
    return out.toString();
  }

  private static void gauge(StringBuilder out, String name, String type, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(' ').append(type).append('\n')
        .append(name).append(' ').append(value).append('\n');
  }
}
