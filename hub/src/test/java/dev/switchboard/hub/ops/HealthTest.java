package dev.switchboard.hub.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.TcpProxy;
import dev.switchboard.hub.TestHub;
import org.junit.jupiter.api.Test;

/** {@code /health} tells a load balancer the truth: 503 when Redis is gone. */
class HealthTest {

  @Test
  void healthIsServiceUnavailableWhenRedisGoesAway() throws Exception {
    HubConfig base = TestHub.config("health");
    try (TcpProxy redis = new TcpProxy(6379)) {
      HubConfig config = new HubConfig(base.httpPort(), base.pgUrl(), "redis://127.0.0.1:" + redis.port(),
          base.publicUrl(), base.adminEmail(), base.adminPassword(), base.redisPrefix(), base.nodeId());
      Hub hub = TestHub.start(config);
      try {
        ApiClient anonymous = new ApiClient("http://localhost:" + config.httpPort());
        assertEquals(200, anonymous.get("/health").status());
        redis.close();
        Reply down = anonymous.get("/health");
        assertEquals(503, down.status());
        assertEquals("down", down.json().getJsonObject("checks").getString("redis"));
        assertEquals("up", down.json().getJsonObject("checks").getString("postgres"));
      } finally {
        TestHub.stop(hub);
        TestHub.dropAll(base);
      }
    }
  }
}
