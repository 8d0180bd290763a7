package dev.switchboard.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The REST contract of DESIGN.md, as an integration or the inbox uses it. */
class RestApiTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("rest");
  static long inbox;
  static String base;

  @BeforeAll
  static void start() {
    inbox = node.admin().webInbox("Website");
    base = "http://localhost:" + node.config().httpPort();
  }

  /** A visitor writes; returns the conversation id. */
  static long visitorSays(String... bodies) {
    try (WsClient w = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox=" + inbox)) {
      w.awaitType("hello");
      int i = 0;
      for (String body : bodies) {
        w.send(new JsonObject().put("type", "message").put("client_id", "c" + i++).put("body", body));
        w.awaitType("ack");
      }
      return w.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
          .getLong("conversation_id");
    }
  }

  @Test
  void loginWithAWrongPasswordOrNoTokenIsRefusedWithAJsonError() {
    ApiClient anonymous = new ApiClient(base);
    Reply wrong = anonymous.post("/api/v1/auth/login",
        new JsonObject().put("email", node.config().adminEmail()).put("password", "nope"));
    assertEquals(401, wrong.status());
    assertEquals("invalid_login", wrong.json().getString("error"));
    Reply unknown = anonymous.post("/api/v1/auth/login",
        new JsonObject().put("email", "nobody@example.com").put("password", "nope"));
    assertEquals(401, unknown.status(), "an unknown email looks exactly like a wrong password");

    Reply noToken = anonymous.get("/api/v1/conversations");
    assertEquals(401, noToken.status());
    assertEquals("unauthorized", noToken.json().getString("error"));
    assertNotNull(noToken.json().getString("message"));
    try {
      WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/agent?token=forged");
      throw new AssertionError("a forged token opened the agent socket");
    } catch (java.util.concurrent.CompletionException expected) {
      assertEquals(401, ((java.net.http.WebSocketHandshakeException) expected.getCause()).getResponse().statusCode());
    }
  }

  @Test
  void passwordGuessingIsSlowedDownAfterTenAttempts() {
    ApiClient guesser = new ApiClient(base);
    JsonObject guess = new JsonObject().put("email", "target@example.com").put("password", "guess");
    for (int i = 0; i < 10; i++) {
      assertEquals(401, guesser.post("/api/v1/auth/login", guess).status());
    }
    Reply limited = guesser.post("/api/v1/auth/login", guess);
    assertEquals(429, limited.status());
    assertEquals("rate_limited", limited.json().getString("error"));
    assertEquals(200, new ApiClient(base).post("/api/v1/auth/login", new JsonObject()
        .put("email", node.config().adminEmail()).put("password", node.config().adminPassword())).status(), "others still log in");
  }

  @Test
  void malformedAndOversizeBodiesAreRefusedAndNothingIsStored() {
    long conversation = visitorSays("hello");
    String path = "/api/v1/conversations/" + conversation + "/messages";
    assertEquals("bad_json", node.admin().post(path, "{not json").json().getString("error"));
    assertEquals(400, node.admin().post(path, "[1,2]").status());
    assertEquals(400, node.admin().post(path, new JsonObject().put("body", 42)).status());
    assertEquals(400, node.admin().post(path, new JsonObject().put("body", "  ")).status());
    Reply huge = node.admin().post(path, new JsonObject().put("body", "x".repeat(70 * 1024)));
    assertEquals(413, huge.status());
    assertEquals("too_large", huge.json().getString("error"));
    assertEquals(404, node.admin().post("/api/v1/conversations/999999/messages", new JsonObject().put("body", "hi"))
        .status());
    assertEquals(1, node.admin().get(path).json().getJsonArray("messages").size(), "only the visitor's message");
  }

  @Test
  void anAgentRepliesAndWritesPrivateNotesThatStayInTheTimeline() {
    long conversation = visitorSays("Where is my order?");
    Reply reply = node.admin().post("/api/v1/conversations/" + conversation + "/messages",
        new JsonObject().put("body", "<b>Checking</b> now"));
    assertEquals(201, reply.status());
    assertEquals("out", reply.json().getString("direction"));
    assertEquals("web", reply.json().getString("channel"), "replies go where the customer last wrote");
    Reply note = node.admin().post("/api/v1/conversations/" + conversation + "/messages",
        new JsonObject().put("body", "VIP customer").put("private", true));
    assertEquals("note", note.json().getString("direction"));

    JsonArray timeline = node.admin().get("/api/v1/conversations/" + conversation + "/messages?after_seq=0")
        .json().getJsonArray("messages");
    assertEquals(List.of(1L, 2L, 3L), timeline.stream().map(m -> ((JsonObject) m).getLong("seq")).toList());
    assertEquals("<b>Checking</b> now", timeline.getJsonObject(1).getString("body"), "stored as given");
    assertEquals(1, node.admin().get("/api/v1/conversations/" + conversation + "/messages?after_seq=2").json()
        .getJsonArray("messages").size());
  }

  @Test
  void conversationsAreFilteredSearchedAndUpdated() {
    long conversation = visitorSays("My invoice 4711 is wrong");
    JsonObject found = node.admin().get("/api/v1/conversations?q=4711").json().getJsonArray("conversations")
        .getJsonObject(0);
    assertEquals(conversation, found.getLong("id"));
    assertEquals("open", found.getString("status"));
    assertEquals("My invoice 4711 is wrong", found.getJsonObject("last_message").getString("body"));

    long me = node.admin().get("/api/v1/me").json().getLong("id");
    Reply patched = node.admin().patch("/api/v1/conversations/" + conversation, new JsonObject().put("status", "resolved")
        .put("assignee_id", me).put("priority", "high").put("tags", new JsonArray().add("billing")));
    assertEquals(200, patched.status());
    assertEquals("resolved", patched.json().getString("status"));
    assertEquals(me, patched.json().getLong("assignee_id"));
    assertEquals("billing", patched.json().getJsonArray("tags").getString(0));

    assertTrue(ids(node.admin().get("/api/v1/conversations?status=resolved&assignee=me")).contains(conversation));
    assertFalse(ids(node.admin().get("/api/v1/conversations?status=open")).contains(conversation));
    assertFalse(ids(node.admin().get("/api/v1/conversations?assignee=none")).contains(conversation));
    assertEquals(400, node.admin().patch("/api/v1/conversations/" + conversation, new JsonObject().put("status", "done"))
        .status());
    assertEquals(400, node.admin().get("/api/v1/conversations?status=bogus").status());
  }

  @Test
  void onlyAdminsCreateAgentsAndAgentsSeeTheirTeam() {
    Reply created = node.admin().post("/api/v1/agents", new JsonObject().put("email", "Sam@Example.com").put("name", "Sam")
        .put("password", "correct horse").put("role", "agent"));
    assertEquals(201, created.status());
    assertEquals("sam@example.com", created.json().getString("email"));
    assertFalse(created.text().contains("correct horse"));
    assertEquals(409, node.admin().post("/api/v1/agents", new JsonObject().put("email", "sam@example.com").put("name", "Sam")
        .put("password", "correct horse")).status());

    ApiClient sam = new ApiClient(base).login("sam@example.com", "correct horse");
    assertEquals("agent", sam.get("/api/v1/me").json().getString("role"));
    assertEquals(403, sam.post("/api/v1/agents", new JsonObject().put("email", "x@example.com").put("name", "X")
        .put("password", "long enough")).status());
    assertEquals(403, sam.get("/api/v1/inboxes").status());
    assertTrue(sam.get("/api/v1/agents").json().getJsonArray("agents").size() >= 2);
  }

  @Test
  void agentPresenceFollowsTheirSocket() throws Exception {
    ApiClient kim = loginNewAgent("kim@example.com");
    long kimId = kim.get("/api/v1/me").json().getLong("id");
    assertEquals("offline", presenceOf(kimId));
    try (WsClient socket = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/agent?token=" + kim.token())) {
      socket.awaitType("hello");
      assertEquals("online", presenceOf(kimId));
      socket.send(new JsonObject().put("type", "presence").put("status", "away"));
      waitFor(() -> "away".equals(presenceOf(kimId)));
    }
    waitFor(() -> "offline".equals(presenceOf(kimId)));
  }

  @Test
  void customersShowTheirIdentitiesAndCanBeMerged() {
    long first = visitorSays("first visit");
    long second = visitorSays("second visit, other browser");
    long customerA = node.admin().get("/api/v1/conversations/" + first).json().getJsonObject("customer").getLong("id");
    long customerB = node.admin().get("/api/v1/conversations/" + second).json().getJsonObject("customer").getLong("id");
    assertEquals("web", node.admin().get("/api/v1/customers/" + customerA).json().getJsonArray("identities")
        .getJsonObject(0).getString("kind"));

    Reply merged = node.admin().post("/api/v1/customers/" + customerA + "/merge", new JsonObject().put("other_id", customerB));
    assertEquals(200, merged.status());
    assertEquals(2, merged.json().getJsonArray("identities").size());
    JsonArray timeline = node.admin().get("/api/v1/conversations/" + first + "/messages").json().getJsonArray("messages");
    assertEquals(List.of("first visit", "second visit, other browser"),
        timeline.stream().map(m -> ((JsonObject) m).getString("body")).toList());
    assertEquals(List.of(1L, 2L), timeline.stream().map(m -> ((JsonObject) m).getLong("seq")).toList());
    assertEquals(404, node.admin().get("/api/v1/conversations/" + second).status());
    assertEquals(400, node.admin().post("/api/v1/customers/" + customerA + "/merge",
        new JsonObject().put("other_id", customerA)).status());
  }

  @Test
  void inboxSecretsAreWriteOnly() {
    Reply created = node.admin().post("/api/v1/inboxes", new JsonObject().put("name", "Signed site").put("channel", "web")
        .put("config", new JsonObject().put("identity_secret", "s3cr3t-value").put("allowed_origins",
            new JsonArray().add("https://a.example"))));
    assertEquals(201, created.status());
    long id = created.json().getLong("id");
    assertFalse(created.text().contains("s3cr3t-value"));
    assertEquals(new JsonArray().add("identity_secret"), created.json().getJsonArray("secrets_set"));
    Reply changed = node.admin().patch("/api/v1/inboxes/" + id, new JsonObject().put("name", "Renamed")
        .put("config", new JsonObject().put("require_identity", true)));
    assertEquals("Renamed", changed.json().getString("name"));
    assertTrue(changed.json().getJsonObject("config").getBoolean("require_identity"));
    assertFalse(node.admin().get("/api/v1/inboxes").text().contains("s3cr3t-value"));
    assertEquals(400, node.admin().post("/api/v1/inboxes", new JsonObject().put("name", "x").put("channel", "fax")).status());
    Reply mistyped = node.admin().patch("/api/v1/inboxes/" + id, new JsonObject()
        .put("config", new JsonObject().put("allowed_origins", "*").put("require_identity", "yes")));
    assertEquals(400, mistyped.status());
    assertTrue(mistyped.json().getString("message").contains("allowed_origins"));
    assertEquals(400, node.admin().post("/api/v1/inboxes", new JsonObject().put("name", "SMS").put("channel", "sms")
        .put("config", new JsonObject().put("phone_number", "0151 123"))).status());
    assertEquals(204, node.admin().delete("/api/v1/inboxes/" + id).status());
    assertEquals(404, node.admin().get("/api/v1/inboxes/" + id).status());
  }

  @Test
  void healthMetricsAndTheOpenApiDocumentAreServed() {
    ApiClient anonymous = new ApiClient(base);
    Reply health = anonymous.get("/health");
    assertEquals(200, health.status());
    assertEquals("up", health.json().getJsonObject("checks").getString("postgres"));
    assertEquals("up", health.json().getJsonObject("checks").getString("redis"));
    assertTrue(anonymous.get("/metrics").text().contains("switchboard_agent_sockets"));
    JsonObject openapi = anonymous.get("/api/v1/openapi.json").json();
    assertTrue(openapi.getString("openapi").startsWith("3."));
    Reply inboxPage = anonymous.get("/inbox/");
    assertEquals(200, inboxPage.status());
    assertTrue(inboxPage.text().contains("<script type=\"module\" src=\"main.js\">"), "the inbox loads as ES modules");
    assertEquals(404, anonymous.get("/nowhere").status());
    assertEquals("not_found", anonymous.get("/nowhere").json().getString("error"));
  }

  static ApiClient loginNewAgent(String email) {
    node.admin().post("/api/v1/agents", new JsonObject().put("email", email).put("name", email.split("@")[0])
        .put("password", "password-123"));
    return new ApiClient(base).login(email, "password-123");
  }

  static String presenceOf(long agentId) {
    return node.admin().get("/api/v1/agents").json().getJsonArray("agents").stream().map(a -> (JsonObject) a)
        .filter(a -> a.getLong("id") == agentId).findFirst().orElseThrow().getString("presence");
  }

  static List<Long> ids(Reply r) {
    return r.json().getJsonArray("conversations").stream().map(c -> ((JsonObject) c).getLong("id")).toList();
  }

  static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("condition not met within 5 s");
  }
}
