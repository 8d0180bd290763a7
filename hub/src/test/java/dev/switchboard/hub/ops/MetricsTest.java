package dev.switchboard.hub.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningNodes;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /metrics}: Vert.x's and the JVM's families next to the hub's own, counted per node. */
class MetricsTest {

  @RegisterExtension
  static final RunningNodes nodes = new RunningNodes("metrics");

  @Test
  void aMessageShowsInTheHubsOwnMetricsNextToVertxAndJvmFamilies() {
    ApiClient admin = ApiClient.admin(nodes.configA());
    long inbox = admin.webInbox("Website");
    String ws = "ws://localhost:" + nodes.configA().httpPort();
    try (WsClient agent = WsClient.connect(ws + "/ws/agent?token=" + admin.token());
         WsClient widget = WsClient.connect(ws + "/ws/widget?inbox=" + inbox)) {
      agent.awaitType("hello");
      widget.awaitType("hello");
      widget.send(new JsonObject().put("type", "message").put("client_id", "m1").put("body", "Hello metrics"));
      widget.awaitType("ack");
      long conversation = admin.get("/api/v1/conversations").json().getJsonArray("conversations")
          .getJsonObject(0).getLong("id");
      assertEquals(201, admin.post("/api/v1/conversations/" + conversation + "/messages",
          new JsonObject().put("body", "Hi back")).status());

      String text = new ApiClient("http://localhost:" + nodes.configA().httpPort()).get("/metrics").text();
      // the hub's own
      assertEquals(1.0, value(text, "switchboard_messages_received_total{channel=\"web\"}"));
      assertEquals(1.0, value(text, "switchboard_messages_sent_total{channel=\"web\"}"));
      assertEquals(1.0, value(text, "switchboard_inbound_append_seconds_count{channel=\"web\"}"));
      assertTrue(text.contains("switchboard_inbound_append_seconds_bucket{channel=\"web\",le="), "a histogram");
      assertEquals(1.0, value(text, "switchboard_agent_sockets"));
      assertEquals(1.0, value(text, "switchboard_widget_sockets"));
      assertTrue(text.contains("switchboard_outbox_depth "));
      assertTrue(text.contains("switchboard_outbox_oldest_age_seconds "));
      // Vert.x's: HTTP server, pools, event bus; and the JVM's
      for (String family : new String[] {"vertx_http_server_requests_total", "vertx_http_server_active_ws_connections",
          "vertx_eventbus_handlers", "jvm_memory_used_bytes", "jvm_threads_live_threads"}) {
        assertTrue(text.contains("\n" + family), family + " in\n" + text);
      }

      assertTrue(text.contains("vertx_pool_in_use{pool_name=\"postgres\",pool_type=\"sql\"}"), "the PostgreSQL pool");
      assertTrue(text.contains("vertx_pool_in_use{pool_name=\"redis\",pool_type=\"redis\"}"), "the Redis pool");
      assertTrue(text.contains("route=\"/api/v1/conversations/:id/messages\""), "the route template, once");

      // the other node counts its own: nothing was received there
      String other = new ApiClient("http://localhost:" + nodes.configB().httpPort()).get("/metrics").text();
      assertTrue(value(other, "switchboard_messages_received_total{channel=\"web\"}") == null, other);
      assertEquals(0.0, value(other, "switchboard_agent_sockets"));
    }
  }

  /** The sample's value, or null when the series is absent. */
  static Double value(String text, String series) {
    Optional<String> line = Arrays.stream(text.split("\n")).filter(l -> l.startsWith(series + " ")).findFirst();
    return line.map(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).orElse(null);
  }
}
