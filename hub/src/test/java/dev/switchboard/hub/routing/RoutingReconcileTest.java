package dev.switchboard.hub.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.TestHub;
import dev.switchboard.hub.ToyDesk;
import dev.switchboard.hub.TestRedis;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis loses routing's keys (a restart, a flush): the periodic reconcile, run by one node of two,
 * puts back who holds what, the queue and the online agents, so the waiting customer still gets the
 * next free slot.
 */
class RoutingReconcileTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("reconcile");
  static final ToyDesk desk = new ToyDesk(node);
  static Hub second;

  @BeforeAll
  static void start() {
    second = TestHub.start(TestHub.secondNode(node.config()));
  }

  @AfterAll
  static void stop() {
    TestHub.stop(second);
  }

  @Test
  void afterRedisLosesTheRoutingKeysTheReconcileRestoresCountsQueueAndOnlineAgents() throws Exception {
    long team = node.admin().post("/api/v1/teams", new JsonObject().put("name", "Queue")).json().getLong("id");
    Reply created = node.admin().post("/api/v1/agents", new JsonObject().put("email", "ivy@example.com")
        .put("name", "ivy").put("password", "correct horse"));
    long ivy = created.json().getLong("id");
    assertEquals(200, node.admin().patch("/api/v1/agents/" + ivy, new JsonObject().put("capacity", 1)
        .put("team_ids", new io.vertx.core.json.JsonArray().add(team))).status());
    Reply inbox = node.admin().post("/api/v1/inboxes", new JsonObject().put("name", "Queue").put("channel", "toy")
        .put("config", new JsonObject().put("account", "acme").put("api_key", "k").put("team_id", team)
            .put("auto_assign", true)));
    assertEquals(201, inbox.status(), inbox.text());
    long toy = inbox.json().getLong("id");
    ApiClient ivyApi = new ApiClient("http://localhost:" + node.config().httpPort()).login("ivy@example.com",
        "correct horse");
    desk.online(ivyApi);
    Thread.sleep(300);

    desk.write(toy, "+14155550701", "first");
    JsonObject first = desk.conversation("+14155550701", ToyDesk.ASSIGNED);
    assertEquals(ivy, first.getLong("assignee_id"));
    desk.write(toy, "+14155550702", "second");
    Thread.sleep(500);
    JsonObject waiting = desk.conversation("+14155550702", c -> true);
    assertNull(waiting.getValue("assignee_id"));
    assertEquals(List.of(waiting.getLong("id")), await(node.hub().assigner().queued(team)));

    TestRedis.deletePrefix(node.config().redisPrefix() + "{routing}:");
    assertTrue(await(node.hub().assigner().queued(team)).isEmpty(), "lost");

    boolean ranA = await(node.hub().reconciler().runOnce());
    boolean ranB = await(second.reconciler().runOnce());
    assertTrue(!(ranA && ranB), "one node at a time");
    for (int i = 0; i < 100 && !List.of(waiting.getLong("id")).equals(await(node.hub().assigner().queued(team))); i++) {
      Thread.sleep(50);
    }
    assertEquals(List.of(waiting.getLong("id")), await(node.hub().assigner().queued(team)), "queued again");
    assertEquals(1, await(node.hub().assigner().openCounts()).get(ivy), "ivy's count is back");

    assertEquals(200, ivyApi.patch("/api/v1/conversations/" + first.getLong("id"),
        new JsonObject().put("status", "resolved")).status());
    assertEquals(ivy, desk.conversation("+14155550702", ToyDesk.ASSIGNED).getLong("assignee_id"),
        "the waiting customer takes ivy's freed slot");
  }

  static final HttpClient http = HttpClient.newHttpClient();




  static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
