package dev.switchboard.hub.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Macros: admins save them, checked then (a missing tag, agent or team, a bad type or value is a
 * 400 naming it); any agent runs one, and it does everything in one step — or, on a collision or
 * when what it names has gone, nothing at all.
 */
class MacrosTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("macros");
  static ApiClient admin;
  static ApiClient ann;
  static ApiClient bob;
  static long annId;
  static long beaId;
  static long team;
  static long inbox;

  @BeforeAll
  static void start() {
    admin = node.admin();
    annId = agent("ann", "Ann");
    agent("bob", "Bob");
    beaId = agent("bea", "Bea");
    ann = login("ann");
    bob = login("bob");
    team = admin.post("/api/v1/teams", new JsonObject().put("name", "Billing")).json().getLong("id");
    inbox = admin.webInbox("Support");
    for (String tag : List.of("refund", "vip", "new")) {
      assertEquals(201, admin.post("/api/v1/tags", new JsonObject().put("name", tag)).status());
    }
  }

  @Test
  void aMacroNamingSomethingMissingOrMalformedIsRefusedWhenSaved() {
    assertRefused(macro("m1", action("add_tags", new JsonArray().add("refund").add("nope"))), "nope");
    assertRefused(macro("m2", action("assign", 999_999)), "999999");
    assertRefused(macro("m3", action("team", 888_888)), "888888");
    assertRefused(macro("m4", action("explode", "now")), "type");
    assertRefused(macro("m5", action("status", "snoozed")), "status");
    assertRefused(macro("m6", action("snooze", 0)), "snooze");
    assertRefused(macro("m7", action("snooze", 525_601)), "snooze");
    assertRefused(macro("m8", action("priority", "meh")), "priority");
    assertRefused(macro("m9", action("reply", " ")), "reply");
    assertRefused(macro("m10", action("add_tags", new JsonArray())), "add_tags");
    assertRefused(macro("m11", action("assign", "ann")), "assign");
    assertRefused(new JsonObject().put("name", "empty").put("actions", new JsonArray()), "actions");
    JsonArray many = new JsonArray();
    for (int i = 0; i < 21; i++) {
      many.add(action("priority", "low"));
    }
    assertRefused(new JsonObject().put("name", "many").put("actions", many), "actions");
    assertRefused(macro(" ", action("priority", "low")), "name");
    assertRefused(macro("x".repeat(101), action("priority", "low")), "name");
    assertRefused(macro("m12", new JsonObject().put("type", "priority").put("value", "low").put("extra", 1)), "extra");

    assertEquals(201, admin.post("/api/v1/macros", macro("Twice", action("priority", "low"))).status());
    assertRefused(macro("Twice", action("priority", "high")), "name");
    assertEquals(403, ann.post("/api/v1/macros", macro("Mine", action("priority", "low"))).status(), "admins only");
    assertTrue(admin.get("/api/v1/macros").json().getJsonArray("macros").stream().map(o -> (JsonObject) o)
        .noneMatch(m -> m.getString("name").startsWith("m")), "none of the refused was saved");
  }

  @Test
  void runningAMacroDoesEveryActionInOneStep() {
    JsonArray actions = new JsonArray()
        .add(action("note", "@bea please check the refund"))
        .add(action("reply", "Your refund is on its way."))
        .add(action("assign", beaId))
        .add(action("team", team))
        .add(action("priority", "high"))
        .add(action("add_tags", new JsonArray().add("refund").add("vip")))
        .add(action("remove_tags", new JsonArray().add("new")))
        .add(action("snooze", 60));
    Reply saved = admin.post("/api/v1/macros", macro("Refund sent", actions));
    assertEquals(201, saved.status(), saved.text());
    long macro = saved.json().getLong("id");
    assertEquals(actions, saved.json().getJsonArray("actions"));
    assertTrue(ann.get("/api/v1/macros").json().getJsonArray("macros").stream().map(o -> (JsonObject) o)
        .anyMatch(m -> m.getLong("id") == macro), "every agent lists them");

    ApiClient bea = login("bea");
    try (Visitor v = Visitor.says(node.config(), inbox, "where is my refund?");
         WsClient beaSocket = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/agent?token="
             + bea.token())) {
      beaSocket.awaitType("hello");
      long c = v.conversationId();
      assertEquals(200, ann.patch("/api/v1/conversations/" + c, new JsonObject()
          .put("tags", new JsonArray().add("new").add("keep"))).status());

      Reply run = ann.post("/api/v1/conversations/" + c + "/macros/" + macro, new JsonObject().put("expected_last_seq", 1));
      assertEquals(200, run.status(), run.text());
      JsonObject after = run.json().getJsonObject("conversation");
      assertEquals("snoozed", after.getString("status"));
      Instant until = Instant.parse(after.getString("snoozed_until"));
      assertTrue(Duration.between(Instant.now(), until).toMinutes() >= 58, after.encode());
      assertEquals(beaId, after.getLong("assignee_id"));
      assertEquals(team, after.getLong("team_id"));
      assertEquals("high", after.getString("priority"));
      assertEquals(new JsonArray().add("keep").add("refund").add("vip"), after.getJsonArray("tags"));
      JsonArray sent = run.json().getJsonArray("messages");
      assertEquals(2, sent.size(), sent.encode());
      assertEquals("Your refund is on its way.", sent.getJsonObject(0).getString("body"), "the reply first");
      assertEquals("out", sent.getJsonObject(0).getString("direction"));
      assertEquals("note", sent.getJsonObject(1).getString("direction"));
      assertEquals(List.of("where is my refund?", "Your refund is on its way.", "@bea please check the refund"),
          bodies(c));
      assertEquals(after.encode(), withoutOnline(admin.get("/api/v1/conversations/" + c).json()).encode());

      // bea is told twice: given the conversation, and mentioned in the note
      beaSocket.await(f -> "notification".equals(f.getString("type"))
          && "assigned".equals(f.getJsonObject("notification").getString("kind")));
      beaSocket.await(f -> "notification".equals(f.getString("type"))
          && "mention".equals(f.getJsonObject("notification").getString("kind")));
    }
  }

  @Test
  void aMacroWhoseReplyCollidesChangesNothing() {
    Reply saved = admin.post("/api/v1/macros", macro("Close it", new JsonArray()
        .add(action("reply", "Glad we could help!"))
        .add(action("add_tags", new JsonArray().add("vip")))
        .add(action("status", "resolved"))));
    assertEquals(201, saved.status(), saved.text());
    try (Visitor v = Visitor.says(node.config(), inbox, "thanks!")) {
      long c = v.conversationId();
      assertEquals(201, bob.post("/api/v1/conversations/" + c + "/messages",
          new JsonObject().put("body", "You're welcome.")).status());
      JsonObject before = admin.get("/api/v1/conversations/" + c).json();

      Reply run = ann.post("/api/v1/conversations/" + c + "/macros/" + saved.json().getLong("id"),
          new JsonObject().put("expected_last_seq", 1));
      assertEquals(409, run.status(), run.text());
      assertEquals("conflict", run.json().getString("error"));
      assertEquals("You're welcome.", run.json().getJsonArray("messages").getJsonObject(0).getString("body"));
      assertEquals(List.of("thanks!", "You're welcome."), bodies(c), "no reply stored");
      JsonObject after = admin.get("/api/v1/conversations/" + c).json();
      assertEquals("open", after.getString("status"));
      assertEquals(before.getJsonArray("tags"), after.getJsonArray("tags"));
      assertEquals(before.getString("updated_at"), after.getString("updated_at"), "not touched");

      Reply forced = ann.post("/api/v1/conversations/" + c + "/macros/" + saved.json().getLong("id"),
          new JsonObject().put("expected_last_seq", 1).put("force", true));
      assertEquals(200, forced.status(), forced.text());
      assertEquals("resolved", forced.json().getJsonObject("conversation").getString("status"));
    }
  }

  @Test
  void aMacroWhoseAgentOrTeamWentSinceItWasSavedIsRefusedWhenRunAndChangesNothing() {
    long zed = agent("zed", "Zed");
    long gone = admin.post("/api/v1/teams", new JsonObject().put("name", "Gone")).json().getLong("id");
    Reply toZed = admin.post("/api/v1/macros", macro("To Zed", new JsonArray()
        .add(action("reply", "Zed will take over.")).add(action("assign", zed))));
    Reply toGone = admin.post("/api/v1/macros", macro("To Gone", new JsonArray()
        .add(action("priority", "urgent")).add(action("team", gone))));
    assertEquals(201, toZed.status(), toZed.text());
    assertEquals(201, toGone.status(), toGone.text());
    assertEquals(200, admin.patch("/api/v1/agents/" + zed, new JsonObject().put("active", false)).status());
    assertEquals(204, admin.delete("/api/v1/teams/" + gone).status());

    try (Visitor v = Visitor.says(node.config(), inbox, "hi")) {
      long c = v.conversationId();
      Reply run = ann.post("/api/v1/conversations/" + c + "/macros/" + toZed.json().getLong("id"), new JsonObject());
      assertEquals(409, run.status(), run.text());
      assertTrue(run.json().getString("message").contains(String.valueOf(zed)), run.text());
      Reply run2 = ann.post("/api/v1/conversations/" + c + "/macros/" + toGone.json().getLong("id"), new JsonObject());
      assertEquals(409, run2.status(), run2.text());
      assertTrue(run2.json().getString("message").contains("team"), run2.text());
      assertEquals(List.of("hi"), bodies(c));
      JsonObject after = admin.get("/api/v1/conversations/" + c).json();
      assertEquals("none", after.getString("priority"));
      assertEquals(null, after.getValue("assignee_id"));
      assertEquals(404, ann.post("/api/v1/conversations/" + c + "/macros/999999", new JsonObject()).status());
    }
  }

  @Test
  void adminsChangeAndDeleteMacros() {
    Reply saved = admin.post("/api/v1/macros", macro("Editable", action("priority", "low")));
    long id = saved.json().getLong("id");
    Reply renamed = admin.patch("/api/v1/macros/" + id, new JsonObject().put("name", "Edited")
        .put("actions", new JsonArray().add(action("status", "pending"))));
    assertEquals(200, renamed.status(), renamed.text());
    assertEquals("Edited", renamed.json().getString("name"));
    assertEquals("pending", renamed.json().getJsonArray("actions").getJsonObject(0).getString("value"));
    assertEquals(400, admin.patch("/api/v1/macros/" + id, new JsonObject()
        .put("actions", new JsonArray().add(action("team", 777_777)))).status());
    assertEquals(403, ann.patch("/api/v1/macros/" + id, new JsonObject().put("name", "x")).status());
    assertEquals(403, ann.delete("/api/v1/macros/" + id).status());
    assertEquals(204, admin.delete("/api/v1/macros/" + id).status());
    assertEquals(404, admin.delete("/api/v1/macros/" + id).status());
  }

  static void assertRefused(JsonObject body, String named) {
    Reply r = admin.post("/api/v1/macros", body);
    assertEquals(400, r.status(), body.encode() + " → " + r.text());
    assertNotNull(r.json());
    assertTrue(r.json().getString("message").contains(named), "the message names " + named + ": " + r.text());
  }

  static JsonObject macro(String name, JsonObject action) {
    return macro(name, new JsonArray().add(action));
  }

  static JsonObject macro(String name, JsonArray actions) {
    return new JsonObject().put("name", name).put("actions", actions);
  }

  static JsonObject action(String type, Object value) {
    return new JsonObject().put("type", type).put("value", value);
  }

  static JsonObject withoutOnline(JsonObject c) {
    c.getJsonObject("customer").put("online", false);
    return c;
  }

  static List<String> bodies(long conversation) {
    return admin.get("/api/v1/conversations/" + conversation + "/messages").json().getJsonArray("messages").stream()
        .map(o -> ((JsonObject) o).getString("body")).toList();
  }

  static long agent(String login, String name) {
    Reply r = admin.post("/api/v1/agents", new JsonObject().put("email", login + "@example.com").put("name", name)
        .put("password", login + "-password"));
    assertEquals(201, r.status(), r.text());
    return r.json().getLong("id");
  }

  static ApiClient login(String login) {
    return new ApiClient("http://localhost:" + node.config().httpPort()).login(login + "@example.com",
        login + "-password");
  }
}
