package dev.switchboard.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the settings pages need of the agents API: inviting without choosing a password (the hub
 * makes one and shows it once), capacity and teams in the agent list and in {@code /me}, and an
 * agent changing their own name and password.
 */
class AgentSelfServiceTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("selfservice");

  private ApiClient client() {
    return new ApiClient("http://localhost:" + node.config().httpPort());
  }

  @Test
  void invitingWithoutAPasswordAnswersAGeneratedOneOnceThatSignsIn() {
    Reply created = node.admin().post("/api/v1/agents", new JsonObject().put("email", "Gus@Example.com")
        .put("name", "Gus"));
    assertEquals(201, created.status(), created.text());
    String password = created.json().getString("password");
    assertTrue(password != null && password.length() >= 20, "a strong password: " + password);
    assertEquals(200, client().login("gus@example.com", password).get("/api/v1/me").status());

    Reply other = node.admin().post("/api/v1/agents", new JsonObject().put("email", "hal@example.com")
        .put("name", "Hal"));
    assertNotEquals(password, other.json().getString("password"), "each invitation gets its own");

    long id = created.json().getLong("id");
    for (Object a : node.admin().get("/api/v1/agents").json().getJsonArray("agents")) {
      assertFalse(((JsonObject) a).containsKey("password"), "never shown again: " + a);
    }
    assertFalse(node.admin().patch("/api/v1/agents/" + id, new JsonObject().put("name", "Gus B")).json()
        .containsKey("password"));
  }

  @Test
  void aPasswordTheAdminChoosesIsNotEchoed() {
    Reply created = node.admin().post("/api/v1/agents", new JsonObject().put("email", "ivy@example.com")
        .put("name", "Ivy").put("password", "ivy-password"));
    assertEquals(201, created.status(), created.text());
    assertNull(created.json().getValue("password"));
    Reply empty = node.admin().post("/api/v1/agents", new JsonObject().put("email", "jo@example.com")
        .put("name", "Jo").put("password", ""));
    assertEquals(400, empty.status(), "an empty password is a mistake, not a request for one");
  }

  @Test
  void theAgentListAndMeShowCapacityAndTeams() {
    ApiClient admin = node.admin();
    long id = admin.post("/api/v1/agents", new JsonObject().put("email", "kim@example.com").put("name", "Kim")
        .put("password", "kim-password")).json().getLong("id");
    long team = admin.post("/api/v1/teams", new JsonObject().put("name", "Billing")).json().getLong("id");
    assertEquals(200, admin.patch("/api/v1/agents/" + id, new JsonObject().put("capacity", 7)
        .put("team_ids", new JsonArray().add(team))).status());

    JsonObject listed = admin.get("/api/v1/agents").json().getJsonArray("agents").stream()
        .map(a -> (JsonObject) a).filter(a -> a.getLong("id") == id).findFirst().orElseThrow();
    assertEquals(7, listed.getInteger("capacity"));
    assertEquals(new JsonArray().add(team), listed.getJsonArray("team_ids"));

    JsonObject me = client().login("kim@example.com", "kim-password").get("/api/v1/me").json();
    assertEquals(7, me.getInteger("capacity"));
    assertEquals(new JsonArray().add(team), me.getJsonArray("team_ids"));
  }

  @Test
  void anAgentRenamesThemselves() {
    node.admin().post("/api/v1/agents", new JsonObject().put("email", "lea@example.com").put("name", "Lea")
        .put("password", "lea-password"));
    ApiClient lea = client().login("lea@example.com", "lea-password");
    Reply renamed = lea.patch("/api/v1/me", new JsonObject().put("name", "  Lea Park "));
    assertEquals(200, renamed.status(), renamed.text());
    assertEquals("Lea Park", renamed.json().getString("name"));
    assertEquals("Lea Park", lea.get("/api/v1/me").json().getString("name"));
    assertEquals("agent", lea.get("/api/v1/me").json().getString("role"));
    assertEquals(400, lea.patch("/api/v1/me", new JsonObject().put("role", "admin")).status(),
        "no promoting oneself");
    assertEquals("agent", lea.get("/api/v1/me").json().getString("role"));
  }

  @Test
  void aPasswordChangeNeedsTheCurrentOneAndEndsTheOtherSessions() {
    node.admin().post("/api/v1/agents", new JsonObject().put("email", "max@example.com").put("name", "Max")
        .put("password", "max-password"));
    ApiClient here = client().login("max@example.com", "max-password");
    ApiClient elsewhere = client().login("max@example.com", "max-password");

    Reply wrong = here.patch("/api/v1/me", new JsonObject().put("current_password", "not-it")
        .put("password", "new-max-password"));
    assertEquals(400, wrong.status(), wrong.text());
    assertEquals("wrong_password", wrong.json().getString("error"));
    assertEquals(400, here.patch("/api/v1/me", new JsonObject().put("password", "new-max-password")).status(),
        "current_password is required");
    assertEquals(400, here.patch("/api/v1/me", new JsonObject().put("current_password", "max-password")
        .put("password", "short")).status());
    assertEquals(200, elsewhere.get("/api/v1/me").status(), "nothing changed yet");

    Reply changed = here.patch("/api/v1/me", new JsonObject().put("current_password", "max-password")
        .put("password", "new-max-password"));
    assertEquals(200, changed.status(), changed.text());
    assertEquals(200, here.get("/api/v1/me").status(), "this session goes on");
    assertEquals(401, elsewhere.get("/api/v1/me").status(), "the others end");
    assertEquals(401, client().post("/api/v1/auth/login", new JsonObject().put("email", "max@example.com")
        .put("password", "max-password")).status());
    assertEquals(200, client().login("max@example.com", "new-max-password").get("/api/v1/me").status());
  }
}
