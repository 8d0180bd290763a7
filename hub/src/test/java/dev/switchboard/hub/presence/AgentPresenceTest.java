package dev.switchboard.hub.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.TcpProxy;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Presence as teammates see it: a laptop that just goes silent is offline within 30 s. */
class AgentPresenceTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("presence");

  @Test
  void aSilentLaptopIsOfflineWithinThirtySecondsAndTeammatesAreTold() throws Exception {
    node.admin().post("/api/v1/agents", new JsonObject().put("email", "lee@example.com").put("name", "Lee")
        .put("password", "password-123"));
    ApiClient lee = new ApiClient("http://localhost:" + node.config().httpPort()).login("lee@example.com", "password-123");
    long leeId = lee.get("/api/v1/me").json().getLong("id");

    try (WsClient teammate = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/agent?token="
            + node.admin().token());
         TcpProxy network = new TcpProxy(node.config().httpPort());
         WsClient laptop = WsClient.connect("ws://localhost:" + network.port() + "/ws/agent?token=" + lee.token())) {
      teammate.awaitType("hello");
      laptop.awaitType("hello");
      teammate.await(f -> "presence".equals(f.getString("type")) && f.getLong("id") == leeId
          && "online".equals(f.getString("status")));

      long lidClosed = System.nanoTime();
      network.freeze();
      teammate.await(f -> "presence".equals(f.getString("type")) && f.getLong("id") == leeId
          && "offline".equals(f.getString("status")), 40);
      long seconds = (System.nanoTime() - lidClosed) / 1_000_000_000L;
      assertEquals(true, seconds <= 31, "offline after " + seconds + " s");
      assertEquals("offline", node.admin().get("/api/v1/agents").json().getJsonArray("agents").stream()
          .map(a -> (JsonObject) a).filter(a -> a.getLong("id") == leeId).findFirst().orElseThrow()
          .getString("presence"));
    }
  }
}
