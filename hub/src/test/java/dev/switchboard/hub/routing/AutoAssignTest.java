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
import dev.switchboard.hub.ToyDesk;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.util.Set;
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
  static final ToyDesk desk = new ToyDesk(node);
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


  static void write(String phone, String text) throws Exception {
    desk.write(inbox, phone, text);
  }




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
    desk.online(annOnB);
    desk.online(benOnB);
    Thread.sleep(300); // the presence events reach routing on both nodes

    write("+14155550101", "first");
    JsonObject first = desk.conversation("+14155550101", ToyDesk.ASSIGNED);
    write("+14155550102", "second");
    JsonObject second = desk.conversation("+14155550102", ToyDesk.ASSIGNED);
    assertEquals(Set.of(ann, ben), Set.of(first.getLong("assignee_id"), second.getLong("assignee_id")),
        "one each: fewest open first");

    write("+14155550103", "third");
    Thread.sleep(500);
    assertNull(desk.conversation("+14155550103", c -> true).getValue("assignee_id"), "nobody has room: it waits");

    long freed = first.getLong("assignee_id");
    ApiClient freedAgent = freed == ann ? annOnB : benOnB;
    Reply resolved = freedAgent.patch("/api/v1/conversations/" + first.getLong("id"),
        new JsonObject().put("status", "resolved"));
    assertEquals(200, resolved.status(), resolved.text());
    assertEquals(freed, desk.conversation("+14155550103", ToyDesk.ASSIGNED).getLong("assignee_id"),
        "the waiting customer takes the freed slot");

    // the resolved customer writes again: their previous agent is full, so they wait
    write("+14155550101", "again");
    Thread.sleep(500);
    JsonObject reopened = desk.conversation("+14155550101", c -> "open".equals(c.getString("status")));
    assertNotEquals(freed, reopened.getLong("assignee_id"), "the previous agent has no room: " + reopened);
    assertTrue(reopened.getValue("assignee_id") == null, reopened.encode());
  }

  @Test
  void anAgentWhoGoesOfflineHandsTheirConversationsBackAndAManualAssignmentCounts() throws Exception {
    long team = node.admin().post("/api/v1/teams", new JsonObject().put("name", "Back")).json().getLong("id");
    long cal = agent("cal@example.com", 2, team);
    long dee = agent("dee@example.com", 5, team);
    long back = node.admin().post("/api/v1/inboxes", new JsonObject().put("name", "Back").put("channel", "toy")
        .put("config", new JsonObject().put("account", "acme").put("api_key", "k").put("team_id", team)
            .put("auto_assign", true))).json().getLong("id");
    ApiClient calOnB = onSecond().login("cal@example.com", "correct horse");
    desk.online(onSecond().login("dee@example.com", "correct horse"));
    String ws = "ws://localhost:" + second.config().httpPort() + "/ws/agent?token=" + calOnB.token();
    try (WsClient socket = WsClient.connect(ws)) {
      socket.awaitType("hello");
      Thread.sleep(300);
      desk.write(back, "+14155550201", "one");
      desk.write(back, "+14155550202", "two");
      JsonObject one = desk.conversation("+14155550201", ToyDesk.ASSIGNED);
      JsonObject two = desk.conversation("+14155550202", ToyDesk.ASSIGNED);
      assertEquals(Set.of(cal, dee), Set.of(one.getLong("assignee_id"), two.getLong("assignee_id")),
          "round robin among equals");
    }
    // cal's last socket closed: offline, and what they held goes to dee
    desk.conversation("+14155550201", c -> Long.valueOf(dee).equals(c.getLong("assignee_id")));
    desk.conversation("+14155550202", c -> Long.valueOf(dee).equals(c.getLong("assignee_id")));

    // an admin assigns a conversation to cal by hand although cal is offline: it works, and counts
    desk.write(back, "+14155550203", "three");
    JsonObject three = desk.conversation("+14155550203", ToyDesk.ASSIGNED);
    assertEquals(dee, three.getLong("assignee_id"));
    Reply manual = node.admin().patch("/api/v1/conversations/" + three.getLong("id"),
        new JsonObject().put("assignee_id", cal));
    assertEquals(200, manual.status(), manual.text());
    Thread.sleep(300);
    java.util.Map<Long, Integer> open = node.hub().assigner().openCounts().toCompletionStage().toCompletableFuture()
        .get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(1, open.get(cal), "manual assignment counts: " + open);
    assertEquals(2, open.get(dee), open.toString());
  }

  @Test
  void anOnlineAgentAddedToATeamTakesWhatWaitsThere() throws Exception {
    long team = node.admin().post("/api/v1/teams", new JsonObject().put("name", "Late")).json().getLong("id");
    Reply created = node.admin().post("/api/v1/agents", new JsonObject().put("email", "eve@example.com")
        .put("name", "eve").put("password", "correct horse"));
    long eve = created.json().getLong("id");
    long late = node.admin().post("/api/v1/inboxes", new JsonObject().put("name", "Late").put("channel", "toy")
        .put("config", new JsonObject().put("account", "acme").put("api_key", "k").put("team_id", team)
            .put("auto_assign", true))).json().getLong("id");
    desk.online(onSecond().login("eve@example.com", "correct horse"));
    desk.write(late, "+14155550301", "anyone?");
    Thread.sleep(500);
    assertNull(desk.conversation("+14155550301", c -> true).getValue("assignee_id"), "the team has nobody: it waits");

    Reply joined = node.admin().patch("/api/v1/teams/" + team, new JsonObject().put("member_ids", new JsonArray().add(eve)));
    assertEquals(200, joined.status(), joined.text());
    assertEquals(eve, desk.conversation("+14155550301", ToyDesk.ASSIGNED).getLong("assignee_id"));
  }
}
