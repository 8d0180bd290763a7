package dev.switchboard.hub.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.TcpProxy;
import dev.switchboard.hub.TestHub;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Redis frozen (not down: it accepts and never answers, like a stalled server or a dead link):
 * the API keeps answering from PostgreSQL, limits let requests through, presence says "unknown".
 */
class RedisStallTest {

  /** Far below the 8–14 s seen before; far above what a degraded answer costs. */
  private static final long ANSWER_WITHIN_MILLIS = 3_000;

  @Test
  void aFrozenRedisSlowsNothingDown() throws Exception {
    HubConfig base = TestHub.config("redisstall");
    try (TcpProxy redis = new TcpProxy(6379)) {
      HubConfig config = new HubConfig(base.httpPort(), base.pgUrl(), "redis://127.0.0.1:" + redis.port(),
          base.publicUrl(), base.adminEmail(), base.adminPassword(), base.redisPrefix(), base.nodeId());
      Hub hub = TestHub.start(config);
      try {
        ApiClient admin = ApiClient.admin(config);
        long inbox = admin.webInbox("Website");
        String ws = "ws://localhost:" + config.httpPort();
        try (WsClient visitor = WsClient.connect(ws + "/ws/widget?inbox=" + inbox)) {
          visitor.awaitType("hello");
          visitor.send(new JsonObject().put("type", "message").put("client_id", "1").put("body", "hello?"));
          visitor.awaitType("ack");
        }

        redis.freeze();

        Reply me = timed("GET /api/v1/me", () -> admin.get("/api/v1/me"));
        assertEquals(200, me.status(), me.text());
        assertEquals("unknown", me.json().getString("presence"), "presence says it does not know");
        Reply list = timed("the conversation list", () -> admin.get("/api/v1/conversations"));
        assertEquals(200, list.status());
        assertEquals("hello?", list.json().getJsonArray("conversations").getJsonObject(0)
            .getJsonObject("last_message").getString("body"));
        timed("a login", () -> new ApiClient("http://localhost:" + config.httpPort())
            .login(config.adminEmail(), config.adminPassword()));
        try (WsClient visitor = timed("a new visitor's hello", () -> {
          WsClient w = WsClient.connect(ws + "/ws/widget?inbox=" + inbox);
          w.awaitType("hello");
          return w;
        })) {
          visitor.send(new JsonObject().put("type", "message").put("client_id", "1").put("body", "still there?"));
          assertEquals(1, visitor.awaitType("ack").getLong("seq"), "messages are stored while Redis is frozen");
        }
        timed("an agent socket's hello", () -> {
          WsClient w = WsClient.connect(ws + "/ws/agent?token=" + admin.token());
          w.awaitType("hello");
          return w;
        }).close();
        assertEquals(503, new ApiClient("http://localhost:" + config.httpPort()).get("/health").status(),
            "health tells the load balancer");
      } finally {
        TestHub.stop(hub);
        TestHub.dropAll(base);
      }
    }
  }

  private static <T> T timed(String what, Supplier<T> call) {
    long start = System.nanoTime();
    T result = call.get();
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < ANSWER_WITHIN_MILLIS, what + " took " + millis + " ms with Redis frozen");
    return result;
  }
}
