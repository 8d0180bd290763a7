package dev.switchboard.hub.bots;

import static dev.switchboard.hub.bots.TestBots.poll;
import static dev.switchboard.hub.bots.TestBots.verifySignature;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.TestHub;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bot first, then a human, as customers, agents and bots see it: in a bot-first inbox a new
 * conversation is the bot's (not assigned, not in Unassigned) until it hands off — by its own call,
 * the customer asking for a person, its silence past the timeout, or an agent taking over — and then
 * it is assigned to the online agent, the wait counts from the hand-off, the timeline says why, and
 * the bot hears a signed {@code conversation.handoff} and may no longer reply.
 */
class HandoffTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("handoff");
  static final HttpClient http = HttpClient.newHttpClient();
  static WebhookReceiver receiver;
  /** A second node: its timeout worker and listeners race the first one's, and one of them acts. */
  static Hub second;
  static long team;
  static long agent;

  @BeforeAll
  static void start() throws Exception {
    receiver = new WebhookReceiver();
    second = TestHub.start(TestHub.secondNode(node.config()));
    team = node.admin().post("/api/v1/teams", new JsonObject().put("name", "Humans")).json().getLong("id");
    Reply created = node.admin().post("/api/v1/agents", new JsonObject().put("email", "hana@example.com")
        .put("name", "Hana").put("password", "correct horse"));
    assertEquals(201, created.status(), created.text());
    agent = created.json().getLong("id");
    assertEquals(200, node.admin().patch("/api/v1/agents/" + agent, new JsonObject().put("capacity", 50)
        .put("team_ids", new JsonArray().add(team))).status());
    ApiClient hana = new ApiClient(base()).login("hana@example.com", "correct horse");
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/me/presence"))
        .header("content-type", "application/json").header("authorization", "Bearer " + hana.token())
        .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"online\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(204, r.statusCode(), r.body());
    Thread.sleep(300); // the presence event reaches routing
  }

  @AfterAll
  static void stop() {
    TestHub.stop(second);
    receiver.close();
  }

  @Test
  void aCustomerAskingForAHumanIsHandedOffAndAssignedAndTheBotHearsItSigned() throws Exception {
    long inbox = routedInbox("Words");
    JsonObject bot = createBot("words", "/words", inbox, "read", "reply", "handoff");
    botFirst(inbox, bot, new JsonObject());
    try (WsClient visitor = visitor(inbox)) {
      long c = say(visitor, "1", "Where is my order?");
      JsonObject mine = conversation(c);
      assertEquals(bot.getLong("id"), mine.getLong("bot_id"), mine.encode());
      Thread.sleep(700);
      mine = conversation(c);
      assertNull(mine.getValue("assignee_id"), "the bot answers first: nobody is assigned");
      assertTrue(ids("view=unassigned").stream().noneMatch(x -> x == c), "not waiting for a human");
      assertTrue(ids("view=bot").contains(c), "agents see it in the bot view");
      assertTrue(ids("view=all").contains(c));
      assertTrue(node.admin().get("/api/v1/conversations/counts").json().getLong("bot") >= 1);

      ApiClient asBot = asBot(bot);
      assertEquals(201, asBot.post("/api/v1/conversations/" + c + "/messages",
          new JsonObject().put("body", "It left our warehouse today.")).status());
      Thread.sleep(1200); // the bot's part of the case lasts a while
      say(visitor, "2", "Thanks, but I want a HUMAN now.");
      JsonObject handed = poll(() -> conversation(c), x -> x.getValue("assignee_id") != null);
      assertEquals(agent, handed.getLong("assignee_id"), "assigned to the online agent of the inbox's team");
      assertNull(handed.getValue("bot_id"));
      assertNotNull(handed.getString("handed_off_at"));
      assertEquals(Instant.parse(handed.getString("handed_off_at")), Instant.parse(handed.getString("waiting_since")),
          "the customer waits for a human from the hand-off");
      assertTrue(Instant.parse(handed.getString("handed_off_at")).isAfter(Instant.parse(handed.getString("created_at"))));

      // the agent sees the whole bot exchange, then why it came to them
      List<JsonObject> timeline = messages(c);
      assertEquals(List.of("Where is my order?", "It left our warehouse today.", "Thanks, but I want a HUMAN now.",
          "Handed to a human: the customer asked for a person (\u201chuman\u201d)"),
          timeline.stream().map(m -> m.getString("body")).toList());
      assertEquals("event", timeline.get(3).getString("direction"));

      WebhookReceiver.Call call = receiver.await("/words",
          x -> "conversation.handoff".equals(x.json().getString("type")), 15);
      verifySignature(call, bot.getString("webhook_secret"));
      JsonObject data = call.json().getJsonObject("data");
      assertEquals(c, data.getLong("conversation_id"));
      assertEquals(inbox, data.getLong("inbox_id"));
      assertEquals("customer_asked", data.getString("cause"));
      assertEquals("hub", data.getJsonObject("by").getString("type"));
      assertTrue(data.getString("reason").contains("asked for a person"), data.encode());

      // first-response time counts from the hand-off, not from the customer's first message to the bot
      Thread.sleep(1100);
      ApiClient hana = new ApiClient(base()).login("hana@example.com", "correct horse");
      assertEquals(201, hana.post("/api/v1/conversations/" + c + "/messages",
          new JsonObject().put("body", "Hana here, let me check.")).status());
      JsonObject firstCase = node.admin().get("/api/v1/conversations/" + c + "/cases").json().getJsonArray("cases")
          .getJsonObject(0);
      assertEquals(handed.getString("handed_off_at"), firstCase.getString("handed_off_at"));
      long fromHandoff = Duration.between(Instant.parse(firstCase.getString("handed_off_at")),
          Instant.parse(firstCase.getString("first_response_at"))).toSeconds();
      assertEquals(fromHandoff, firstCase.getLong("first_response_seconds"));
      long fromOpening = Duration.between(Instant.parse(firstCase.getString("opened_at")),
          Instant.parse(firstCase.getString("first_response_at"))).toSeconds();
      assertTrue(fromHandoff < fromOpening, "the bot's second and more before the hand-off do not count: "
          + firstCase.encode());

      // the bot does not talk over the human
      Reply late = asBot.post("/api/v1/conversations/" + c + "/messages", new JsonObject().put("body", "Still me!"));
      assertEquals(409, late.status(), late.text());
      assertEquals("handed_off", late.json().getString("error"));
      assertEquals(5, messages(c).size(), "nothing stored");
      Thread.sleep(500);
      assertEquals(1, receiver.calls("/words").stream()
          .filter(x -> "conversation.handoff".equals(x.json().getString("type"))).count(), "handed off once");
    }
  }

  @Test
  void theBotHandsOffThroughTheApiWithItsReasonOnce() throws Exception {
    long inbox = routedInbox("Api");
    JsonObject bot = createBot("api", "/api", inbox, "read", "reply", "handoff");
    botFirst(inbox, bot, new JsonObject());
    try (WsClient visitor = visitor(inbox)) {
      long c = say(visitor, "1", "I need a refund of 900 euros");
      ApiClient asBot = asBot(bot);
      Reply r = asBot.post("/api/v1/conversations/" + c + "/handoff",
          new JsonObject().put("reason", "refunds over 500 need a person"));
      assertEquals(200, r.status(), r.text());
      assertNull(r.json().getJsonObject("conversation").getValue("bot_id"));
      assertEquals("refunds over 500 need a person", r.json().getJsonObject("conversation").getString("handoff_reason"));
      assertEquals(agent, poll(() -> conversation(c), x -> x.getValue("assignee_id") != null).getLong("assignee_id"));
      assertEquals("Handed to a human by api: refunds over 500 need a person",
          messages(c).get(1).getString("body"));
      JsonObject data = receiver.await("/api", x -> "conversation.handoff".equals(x.json().getString("type")), 15)
          .json().getJsonObject("data");
      assertEquals("bot", data.getString("cause"));
      assertEquals(bot.getLong("id"), data.getJsonObject("by").getLong("id"));
      assertEquals("refunds over 500 need a person", data.getString("reason"));

      Reply again = asBot.post("/api/v1/conversations/" + c + "/handoff", "");
      assertEquals(409, again.status(), again.text());
      assertEquals("handed_off", again.json().getString("error"));
      assertEquals(2, messages(c).size());
    }
  }

  @Test
  void aSilentBotIsHandedOffAfterTheTimeoutAndABotThatAnswersIsNot() throws Exception {
    long inbox = routedInbox("Timeout");
    JsonObject bot = createBot("slow", "/slow", inbox, "read", "reply");
    botFirst(inbox, bot, new JsonObject().put("bot_timeout_seconds", 1));
    ApiClient asBot = asBot(bot);
    try (WsClient answered = visitor(inbox); WsClient ignored = visitor(inbox)) {
      long quick = say(answered, "1", "hello?");
      assertEquals(201, asBot.post("/api/v1/conversations/" + quick + "/messages",
          new JsonObject().put("body", "Hello! How can I help?")).status());
      long slow = say(ignored, "1", "anyone there?");
      JsonObject handed = poll(() -> conversation(slow), x -> x.getValue("assignee_id") != null, 8);
      assertEquals(agent, handed.getLong("assignee_id"));
      assertEquals("Handed to a human: the bot did not answer within 1 s", messages(slow).get(1).getString("body"));
      JsonObject data = receiver.await("/slow", x -> "conversation.handoff".equals(x.json().getString("type")), 15)
          .json().getJsonObject("data");
      assertEquals("bot_timeout", data.getString("cause"));
      assertEquals(slow, data.getLong("conversation_id"));

      Thread.sleep(1500);
      assertEquals(1, messages(slow).stream().filter(m -> "event".equals(m.getString("direction"))).count(),
          "two nodes' workers, one hand-off");
      assertEquals(1, receiver.calls("/slow").stream().filter(x -> "conversation.handoff".equals(
          x.json().getString("type"))).count());
      JsonObject kept = conversation(quick);
      assertEquals(bot.getLong("id"), kept.getLong("bot_id"), "the bot answered in time: still its turn " + kept);
      assertNull(kept.getValue("assignee_id"));
    }
  }

  @Test
  void anAgentReplyingTakesTheConversationFromTheBot() throws Exception {
    long inbox = routedInbox("Takeover");
    JsonObject bot = createBot("overtaken", null, inbox, "read", "reply");
    botFirst(inbox, bot, new JsonObject());
    try (WsClient visitor = visitor(inbox)) {
      long c = say(visitor, "1", "My card was charged twice");
      assertEquals(201, node.admin().post("/api/v1/conversations/" + c + "/messages",
          new JsonObject().put("body", "I am looking into it now.")).status());
      JsonObject taken = poll(() -> conversation(c), x -> x.getValue("handed_off_at") != null);
      assertNull(taken.getValue("bot_id"));
      assertNull(taken.getValue("waiting_since"), "the agent answered: nobody waits");
      assertEquals(node.admin().get("/api/v1/me").json().getLong("id"), taken.getLong("assignee_id"),
          "the agent who answered holds it");
      assertTrue(messages(c).get(2).getString("body").endsWith("took over from the bot"), messages(c).toString());
      Reply late = asBot(bot).post("/api/v1/conversations/" + c + "/messages",
          new JsonObject().put("body", "Can I help?"));
      assertEquals(409, late.status(), late.text());
    }
  }

  @Test
  void wordsInsideOtherWordsOrOtherLanguagesSettingsAreMatchedAsWholeWordsOnly() throws Exception {
    long inbox = routedInbox("Whole words");
    JsonObject bot = createBot("whole", null, inbox, "read", "reply");
    botFirst(inbox, bot, new JsonObject().put("handoff_words", new JsonArray().add("agent").add("Mensch")
        .add("живой оператор")));
    try (WsClient visitor = visitor(inbox)) {
      long c = say(visitor, "1", "Is your agency open on Sundays? Die Menschheit dankt. Agents' hours?");
      Thread.sleep(1000);
      assertEquals(bot.getLong("id"), conversation(c).getLong("bot_id"), "agency, Menschheit, agents: no word");
      say(visitor, "2", "Дайте ЖИВОЙ   оператор, пожалуйста");
      assertNull(poll(() -> conversation(c), x -> x.getValue("handed_off_at") != null).getValue("bot_id"));
    }
  }

  @Test
  void aBotWithoutTheHandoffScopeIsRefusedAndAnInboxWithoutABotIsUnchanged() throws Exception {
    long inbox = routedInbox("Plain");
    JsonObject bot = createBot("plain", null, inbox, "read", "reply");
    try (WsClient visitor = visitor(inbox)) {
      long c = say(visitor, "1", "I want a human");
      JsonObject plain = poll(() -> conversation(c), x -> x.getValue("assignee_id") != null);
      assertEquals(agent, plain.getLong("assignee_id"), "assigned at once, as before");
      assertNull(plain.getValue("bot_id"));
      assertNull(plain.getValue("handed_off_at"));
      Reply r = asBot(bot).post("/api/v1/conversations/" + c + "/handoff", new JsonObject());
      assertEquals(403, r.status(), r.text());
      assertTrue(r.json().getString("message").contains("handoff"), r.text());
      assertEquals(201, asBot(bot).post("/api/v1/conversations/" + c + "/messages",
          new JsonObject().put("body", "a bot may still reply here")).status());
      assertEquals(List.of("I want a human", "a bot may still reply here"),
          messages(c).stream().map(m -> m.getString("body")).toList(), "no hand-off line");
      JsonObject scoped = createBot("scoped", null, inbox, "handoff");
      Reply none = asBot(scoped).post("/api/v1/conversations/" + c + "/handoff", new JsonObject());
      assertEquals(409, none.status(), none.text());
      assertEquals("not_with_bot", none.json().getString("error"));
      assertEquals(403, node.admin().post("/api/v1/conversations/" + c + "/handoff", new JsonObject()).status(),
          "agents take over by assigning");
    }
  }

  @Test
  void aBotSwitchedOffHandsItsWaitingCustomersToHumansAtOnce() throws Exception {
    long inbox = routedInbox("Switched off");
    JsonObject bot = createBot("switched", null, inbox, "read", "reply");
    botFirst(inbox, bot, new JsonObject().put("bot_timeout_seconds", 3600));
    try (WsClient visitor = visitor(inbox)) {
      long c = say(visitor, "1", "hello bot");
      assertEquals(bot.getLong("id"), conversation(c).getLong("bot_id"));
      assertEquals(200, node.admin().patch("/api/v1/bots/" + bot.getLong("id"), new JsonObject().put("active", false))
          .status());
      JsonObject handed = poll(() -> conversation(c), x -> x.getValue("assignee_id") != null, 5);
      assertEquals(agent, handed.getLong("assignee_id"), "not an hour later: nobody would have answered");
      assertEquals("Handed to a human: the bot cannot answer here any more", messages(c).get(1).getString("body"));
    }
  }

  @Test
  void anInboxNamesOnlyABotThatCanAnswerIt() {
    long inbox = routedInbox("Checked");
    long other = node.admin().webInbox("Other");
    JsonObject drafter = createBot("drafter-only", null, inbox, "read", "draft");
    JsonObject elsewhere = createBot("elsewhere", null, other, "read", "reply");
    for (JsonObject b : List.of(drafter, elsewhere)) {
      Reply r = node.admin().patch("/api/v1/inboxes/" + inbox, new JsonObject().put("config",
          new JsonObject().put("bot_id", b.getLong("id"))));
      assertEquals(422, r.status(), r.text());
      assertEquals("invalid_bot", r.json().getString("error"));
    }
    assertEquals(422, node.admin().patch("/api/v1/inboxes/" + inbox, new JsonObject().put("config",
        new JsonObject().put("bot_id", 999999))).status());
    for (JsonObject bad : List.of(new JsonObject().put("bot_timeout_seconds", 0),
        new JsonObject().put("bot_timeout_seconds", 86401), new JsonObject().put("bot_timeout_seconds", "soon"),
        new JsonObject().put("handoff_words", "human"), new JsonObject().put("handoff_words", new JsonArray().add(" ")),
        new JsonObject().put("bot_id", "x"))) {
      Reply r = node.admin().patch("/api/v1/inboxes/" + inbox, new JsonObject().put("config", bad));
      assertEquals(400, r.status(), bad + " " + r.text());
    }
    Reply created = node.admin().post("/api/v1/inboxes", new JsonObject().put("name", "New").put("channel", "web")
        .put("config", new JsonObject().put("bot_id", elsewhere.getLong("id"))));
    assertEquals(422, created.status(), created.text());
    assertTrue(node.admin().get("/api/v1/inboxes/" + inbox).json().getJsonObject("config").getValue("bot_id") == null,
        "nothing stored");
  }

  // --- helpers ------------------------------------------------------------------------------

  static JsonObject createBot(String name, String path, long inbox, String... scopes) {
    return TestBots.create(node.admin(), receiver, name, path, inbox, scopes);
  }

  static ApiClient asBot(JsonObject bot) {
    return TestBots.as(node.config(), bot);
  }

  static String base() {
    return "http://localhost:" + node.config().httpPort();
  }

  /** A widget inbox whose conversations are auto-assigned in the team. */
  static long routedInbox(String name) {
    long inbox = node.admin().webInbox(name);
    Reply r = node.admin().patch("/api/v1/inboxes/" + inbox, new JsonObject().put("config",
        new JsonObject().put("team_id", team).put("auto_assign", true)));
    assertEquals(200, r.status(), r.text());
    return inbox;
  }

  static void botFirst(long inbox, JsonObject bot, JsonObject more) {
    Reply r = node.admin().patch("/api/v1/inboxes/" + inbox, new JsonObject().put("config",
        more.copy().put("bot_id", bot.getLong("id"))));
    assertEquals(200, r.status(), r.text());
  }

  static WsClient visitor(long inbox) {
    WsClient v = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox=" + inbox);
    v.awaitType("hello");
    return v;
  }

  /** The visitor's message, stored; its conversation. */
  static long say(WsClient visitor, String clientId, String body) {
    visitor.send(new JsonObject().put("type", "message").put("client_id", clientId).put("body", body));
    visitor.await(f -> "ack".equals(f.getString("type")) && clientId.equals(f.getString("client_id")));
    // the tests of this class write one at a time: the most recent conversation is the visitor's
    JsonObject page = node.admin().get("/api/v1/conversations?view=all&status=all&sort=recent&limit=1").json();
    return page.getJsonArray("conversations").getJsonObject(0).getLong("id");
  }

  static JsonObject conversation(long id) {
    Reply r = node.admin().get("/api/v1/conversations/" + id);
    assertEquals(200, r.status(), r.text());
    return r.json();
  }

  static List<Long> ids(String query) {
    return node.admin().get("/api/v1/conversations?" + query).json().getJsonArray("conversations").stream()
        .map(o -> ((JsonObject) o).getLong("id")).toList();
  }

  static List<JsonObject> messages(long c) {
    return node.admin().get("/api/v1/conversations/" + c + "/messages").json().getJsonArray("messages").stream()
        .map(o -> (JsonObject) o).toList();
  }



}
