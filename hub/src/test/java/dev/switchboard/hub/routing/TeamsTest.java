package dev.switchboard.hub.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /api/v1/teams} and an agent's {@code capacity} and {@code team_ids}. */
class TeamsTest {

  private static final String PATH = "/api/v1/teams";

  @RegisterExtension
  static final RunningHub node = new RunningHub("teams");
  static ApiClient agent;
  static long kim;
  static long lee;

  @BeforeAll
  static void start() {
    kim = newAgent("kim@example.com");
    lee = newAgent("lee@example.com");
    agent = new ApiClient("http://localhost:" + node.config().httpPort()).login("kim@example.com", "correct horse");
  }

  static long newAgent(String email) {
    Reply created = node.admin().post("/api/v1/agents", new JsonObject().put("email", email)
        .put("name", email.split("@")[0]).put("password", "correct horse").put("role", "agent"));
    assertEquals(201, created.status(), created.text());
    return created.json().getLong("id");
  }

  static List<Long> ids(JsonArray a) {
    return a.stream().map(o -> ((Number) o).longValue()).toList();
  }

  @Test
  void anAdminKeepsTeamsAndAnyAgentListsThem() {
    Reply billing = node.admin().post(PATH, new JsonObject().put("name", " Billing ")
        .put("member_ids", new JsonArray().add(lee).add(kim).add(kim)));
    assertEquals(201, billing.status(), billing.text());
    JsonObject b = billing.json();
    assertEquals("Billing", b.getString("name"));
    assertEquals(true, b.getBoolean("auto_assign"), "auto_assign defaults to true");
    assertEquals(List.of(Math.min(kim, lee), Math.max(kim, lee)), ids(b.getJsonArray("member_ids")));
    long id = b.getLong("id");

    assertEquals(409, node.admin().post(PATH, new JsonObject().put("name", "Billing")).status());
    assertEquals(403, agent.post(PATH, new JsonObject().put("name", "Mine")).status());
    assertEquals(403, agent.patch(PATH + "/" + id, new JsonObject().put("name", "Mine")).status());
    assertEquals(403, agent.delete(PATH + "/" + id).status());

    Reply list = agent.get(PATH);
    assertEquals(200, list.status(), list.text());
    assertEquals(List.of("Billing"), list.json().getJsonArray("teams").stream()
        .map(o -> ((JsonObject) o).getString("name")).toList());

    Reply changed = node.admin().patch(PATH + "/" + id, new JsonObject().put("auto_assign", false)
        .put("member_ids", new JsonArray().add(kim)));
    assertEquals(200, changed.status(), changed.text());
    assertEquals(false, changed.json().getBoolean("auto_assign"));
    assertEquals("Billing", changed.json().getString("name"));
    assertEquals(List.of(kim), ids(changed.json().getJsonArray("member_ids")));

    for (JsonObject bad : new JsonObject[] {
        new JsonObject(),
        new JsonObject().put("name", " "),
        new JsonObject().put("name", "x".repeat(201)),
        new JsonObject().put("auto_assign", "yes"),
        new JsonObject().putNull("auto_assign"),
        new JsonObject().put("member_ids", new JsonArray().add(999999)),
        new JsonObject().put("member_ids", new JsonArray().add(1.5)),
        new JsonObject().put("member_ids", "1"),
        new JsonObject().put("members", new JsonArray())}) {
      Reply r = node.admin().patch(PATH + "/" + id, bad);
      assertEquals(400, r.status(), bad.encode() + " -> " + r.text());
      assertEquals("bad_request", r.json().getString("error"));
    }
    assertEquals(404, node.admin().patch(PATH + "/999999", new JsonObject().put("name", "x")).status());

    assertEquals(204, node.admin().delete(PATH + "/" + id).status());
    assertEquals(404, node.admin().delete(PATH + "/" + id).status());
    assertTrue(agent.get(PATH).json().getJsonArray("teams").isEmpty());
  }

  @Test
  void anAdminSetsAnAgentsCapacityAndTeams() {
    long support = node.admin().post(PATH, new JsonObject().put("name", "Support")).json().getLong("id");
    long sales = node.admin().post(PATH, new JsonObject().put("name", "Sales")).json().getLong("id");
    String path = "/api/v1/agents/" + lee;

    Reply set = node.admin().patch(path, new JsonObject().put("capacity", 4)
        .put("team_ids", new JsonArray().add(sales).add(support)));
    assertEquals(200, set.status(), set.text());
    assertEquals(4, set.json().getInteger("capacity"));
    assertEquals(List.of(Math.min(support, sales), Math.max(support, sales)), ids(set.json().getJsonArray("team_ids")));
    assertEquals("lee", set.json().getString("name"));

    Reply renamed = node.admin().patch(path, new JsonObject().put("name", "Lee"));
    assertEquals(4, renamed.json().getInteger("capacity"), "other changes keep capacity");
    assertEquals(2, renamed.json().getJsonArray("team_ids").size());

    JsonObject supportTeam = agent.get(PATH).json().getJsonArray("teams").stream().map(o -> (JsonObject) o)
        .filter(t -> t.getLong("id") == support).findFirst().orElseThrow();
    assertTrue(ids(supportTeam.getJsonArray("member_ids")).contains(lee), "membership shows from both sides");

    Reply none = node.admin().patch(path, new JsonObject().put("capacity", 0).put("team_ids", new JsonArray()));
    assertEquals(0, none.json().getInteger("capacity"));
    assertTrue(none.json().getJsonArray("team_ids").isEmpty());

    Reply unknown = node.admin().patch(path, new JsonObject().put("capacity", 5)
        .put("team_ids", new JsonArray().add(999999)));
    assertEquals(400, unknown.status());
    assertEquals(0, node.admin().patch(path, new JsonObject().put("name", "Lee")).json().getInteger("capacity"),
        "a refused change writes nothing");
    assertEquals(403, agent.patch(path, new JsonObject().put("capacity", 3)).status());
    assertEquals(404, node.admin().patch("/api/v1/agents/999999", new JsonObject().put("capacity", 3)).status());
  }
}
