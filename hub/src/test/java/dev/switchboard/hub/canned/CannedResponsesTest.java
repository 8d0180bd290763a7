package dev.switchboard.hub.canned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningHub;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /api/v1/canned-responses}: admins keep the list, every agent reads it. */
class CannedResponsesTest {

  private static final String PATH = "/api/v1/canned-responses";

  @RegisterExtension
  static final RunningHub node = new RunningHub("canned");
  static ApiClient agent;

  @BeforeAll
  static void start() {
    Reply created = node.admin().post("/api/v1/agents", new JsonObject().put("email", "kim@example.com")
        .put("name", "Kim").put("password", "correct horse").put("role", "agent"));
    assertEquals(201, created.status(), created.text());
    agent = new ApiClient("http://localhost:" + node.config().httpPort()).login("kim@example.com", "correct horse");
  }

  static Reply create(String shortcut, String body) {
    return node.admin().post(PATH, new JsonObject().put("shortcut", shortcut).put("body", body));
  }

  static List<String> shortcuts(Reply list) {
    assertEquals(200, list.status(), list.text());
    return list.json().getJsonArray("canned_responses").stream()
        .map(o -> ((JsonObject) o).getString("shortcut")).toList();
  }

  @Test
  void anAdminCreatesChangesAndDeletesAndAnyAgentListsByShortcutPrefix() {
    Reply greeting = create("Greeting", "Hi! How can I help?");
    assertEquals(201, greeting.status(), greeting.text());
    JsonObject g = greeting.json();
    assertEquals("greeting", g.getString("shortcut"), "shortcuts are lower-cased");
    assertEquals("Hi! How can I help?", g.getString("body"));
    assertEquals(node.admin().get("/api/v1/me").json().getLong("id"), g.getLong("created_by"));
    assertTrue(g.getString("created_at") != null && g.getString("updated_at") != null);
    assertEquals(201, create("goodbye", "Have a nice day.").status());
    assertEquals(201, create("refund_policy", "Refunds within 30 days.").status());

    List<String> all = shortcuts(agent.get(PATH));
    assertTrue(all.containsAll(List.of("goodbye", "greeting", "refund_policy")), all.toString());
    assertEquals(all.stream().sorted().toList(), all, "sorted by shortcut");
    assertEquals(List.of("greeting"), shortcuts(agent.get(PATH + "?q=GRE")));
    assertEquals(List.of("goodbye", "greeting"), shortcuts(agent.get(PATH + "?q=g")));
    assertEquals(List.of(), shortcuts(agent.get(PATH + "?q=refund%25")), "q is a prefix, not a pattern");
    assertEquals(List.of(), shortcuts(agent.get(PATH + "?q=refund-")), "_ in q matches _ only");

    long id = g.getLong("id");
    Reply changed = node.admin().patch(PATH + "/" + id, new JsonObject().put("body", "Hello there!"));
    assertEquals(200, changed.status(), changed.text());
    assertEquals("greeting", changed.json().getString("shortcut"));
    assertEquals("Hello there!", changed.json().getString("body"));
    Reply renamed = node.admin().patch(PATH + "/" + id, new JsonObject().put("shortcut", "hello"));
    assertEquals("hello", renamed.json().getString("shortcut"));
    assertEquals("Hello there!", renamed.json().getString("body"));
    assertEquals(List.of("hello"), shortcuts(agent.get(PATH + "?q=hel")));

    assertEquals(204, node.admin().delete(PATH + "/" + id).status());
    assertEquals(List.of(), shortcuts(agent.get(PATH + "?q=hel")));
    assertEquals(404, node.admin().delete(PATH + "/" + id).status());
    Reply gone = node.admin().patch(PATH + "/" + id, new JsonObject().put("body", "x"));
    assertEquals(404, gone.status());
    assertEquals("not_found", gone.json().getString("error"));
    assertEquals(404, node.admin().delete(PATH + "/not-a-number").status());
  }

  @Test
  void aDuplicateShortcutIsAConflict() {
    assertEquals(201, create("thanks", "Thank you!").status());
    Reply again = create("THANKS", "Thanks again!");
    assertEquals(409, again.status(), again.text());
    assertEquals("conflict", again.json().getString("error"));

    long other = create("thanks-2", "Many thanks!").json().getLong("id");
    Reply renamed = node.admin().patch(PATH + "/" + other, new JsonObject().put("shortcut", "thanks"));
    assertEquals(409, renamed.status());
    assertEquals("conflict", renamed.json().getString("error"));
  }

  @Test
  void aBadShortcutOrBodyIsRefused() {
    for (String bad : List.of("", "with space", "/slash", "ümlaut", "a".repeat(41), "semi;colon")) {
      Reply r = create(bad, "text");
      assertEquals(400, r.status(), bad + ": " + r.text());
      assertEquals("bad_request", r.json().getString("error"));
    }
    assertEquals(201, create("a".repeat(40), "forty").status());
    assertEquals(400, node.admin().post(PATH, new JsonObject().put("shortcut", "nobody")).status());
    assertEquals(400, create("blank", "   ").status());
    assertEquals(400, create("huge", "x".repeat(10_001)).status());
    assertEquals(201, create("long", "x".repeat(10_000)).status());
    assertEquals(400, create("nul", "a\u0000b").status());
    assertEquals(400, node.admin().post(PATH, new JsonObject().put("shortcut", 7).put("body", "x")).status());
    long id = create("patchme", "text").json().getLong("id");
    assertEquals(400, node.admin().patch(PATH + "/" + id, new JsonObject()).status());
    assertEquals(400, node.admin().patch(PATH + "/" + id, new JsonObject().put("shortcut", "Bad Name")).status());
    assertEquals(400, agent.get(PATH + "?q=" + "a".repeat(41)).status());
  }

  @Test
  void anAgentWhoIsNotAnAdminMayListButNotWrite() {
    long id = create("agent-visible", "Visible to agents").json().getLong("id");
    assertTrue(shortcuts(agent.get(PATH)).contains("agent-visible"));

    Reply post = agent.post(PATH, new JsonObject().put("shortcut", "mine").put("body", "x"));
    assertEquals(403, post.status());
    assertEquals("forbidden", post.json().getString("error"));
    assertEquals(403, agent.patch(PATH + "/" + id, new JsonObject().put("body", "changed")).status());
    assertEquals(403, agent.delete(PATH + "/" + id).status());
    assertEquals("Visible to agents", agent.get(PATH + "?q=agent-visible").json().getJsonArray("canned_responses")
        .getJsonObject(0).getString("body"));
    assertEquals(401, new ApiClient("http://localhost:" + node.config().httpPort()).get(PATH).status());
  }
}
