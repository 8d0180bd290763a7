package dev.switchboard.hub.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Auto-assignment through the event stream, on two nodes: customers write to node A, agents are
 * online and resolve through node B; conversations go to agents with room, wait when nobody has
 * any, and are assigned the moment a slot frees.
 */
class AutoAssignTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("autoassign");
  static Hub second;
  static final HttpClient http = HttpClient.newHttpClient();
  static long inbox;

  @BeforeAll
  static void start() {
    second = TestHub.start(TestHub.secondNode(node.config()));
  }

  @AfterAll
  static void stop() {
    TestHub.stop(second);
  }

  static ApiClient onSecond() {
    return new ApiClient("http://localhost:" + second.config().httpPort());
  }

  static long agent(String email, int capacity, long team) {
    Reply created = node.admin().post("/api/v1/agents", new JsonObject().put("email", email)
        .put("name", email.split("@")[0]).put("password", "correct horse"));
    assertEquals(201, created.status(), created.text());
    long id = created.json().getLong("id");
    Reply set = node.admin().patch("/api/v1/agents/" + id, new JsonObject().put("capacity", capacity)
        .put("team_ids", new JsonArray().add(team)));
    assertEquals(200, set.status(), set.text());
    return id;
  }

  /** {@code PUT /api/v1/me/presence {status: online}} on the second node. */
  static void online(ApiClient agent) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + second.config().httpPort()
            + "/api/v1/me/presence")).header("content-type", "application/json")
        .header("authorization", "Bearer " + agent.token())
        .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"online\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(204, r.statusCode(), r.body());
  }

  static void write(String phone, String text) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + node.config().httpPort()
            + "/webhooks/toy/" + inbox)).header("content-type", "application/json").header("x-toy-key", "k")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("from", phone).put("text", text)
            .put("id", phone + text).encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode() / 100 * 100, r.body());
  }

  /** The customer's conversation once {@code until} holds (polled: assignment follows the events). */
  static JsonObject conversation(String phone, Predicate<JsonObject> until) throws InterruptedException {
    JsonObject last = null;
    for (int i = 0; i < 100; i++) {
      Reply list = node.admin().get("/api/v1/conversations?status=all");
      assertEquals(200, list.status(), list.text());
      last = list.json().getJsonArray("conversations").stream().map(o -> (JsonObject) o)
          .filter(c -> phone.equals(c.getJsonObject("customer").getString("phone"))).findFirst().orElse(null);
      if (last != null && until.test(last)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("never true for " + phone + ": " + last);
  }

  static final Predicate<JsonObject> ASSIGNED = c -> c.getValue("assignee_id") != null;

  @Test
  void customersGoToOnlineAgentsWithRoomThenWaitThenTakeTheFirstFreedSlot() throws Exception {
    long team = node.admin().post("/api/v1/teams", new JsonObject().put("name", "Front")).json().getLong("id");
    long ann = agent("ann@example.com", 1, team);
    long ben = agent("ben@example.com", 1, team);
    Reply created = node.admin().post("/api/v1/inboxes", new JsonObject().put("name", "Toy").put("channel", "toy")
        .put("config", new JsonObject().put("account", "acme").put("api_key", "k").put("team_id", team)
            .put("auto_assign", true)));
    assertEquals(201, created.status(), created.text());
    inbox = created.json().getLong("id");

    ApiClient annOnB = onSecond().login("ann@example.com", "correct horse");
    ApiClient benOnB = onSecond().login("ben@example.com", "correct horse");
    online(annOnB);
    online(benOnB);
    Thread.sleep(300); // the presence events reach routing on both nodes

    write("+14155550101", "first");
    JsonObject first = conversation("+14155550101", ASSIGNED);
    write("+14155550102", "second");
    JsonObject second = conversation("+14155550102", ASSIGNED);
    assertEquals(Set.of(ann, ben), Set.of(first.getLong("assignee_id"), second.getLong("assignee_id")),
        "one each: fewest open first");

    write("+14155550103", "third");
    Thread.sleep(500);
    assertNull(conversation("+14155550103", c -> true).getValue("assignee_id"), "nobody has room: it waits");

    long freed = first.getLong("assignee_id");
    ApiClient freedAgent = freed == ann ? annOnB : benOnB;
    Reply resolved = freedAgent.patch("/api/v1/conversations/" + first.getLong("id"),
        new JsonObject().put("status", "resolved"));
    assertEquals(200, resolved.status(), resolved.text());
    assertEquals(freed, conversation("+14155550103", ASSIGNED).getLong("assignee_id"),
        "the waiting customer takes the freed slot");

    // the resolved customer writes again: their previous agent is full, so they wait
    write("+14155550101", "again");
    Thread.sleep(500);
    JsonObject reopened = conversation("+14155550101", c -> "open".equals(c.getString("status")));
    assertNotEquals(freed, reopened.getLong("assignee_id"), "the previous agent has no room: " + reopened);
    assertTrue(reopened.getValue("assignee_id") == null, reopened.encode());
  }
}
