package dev.switchboard.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.RunningNodes;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ending sessions across two nodes: logout and deactivation refuse the token on every node at once
 * and close its sockets wherever they are open.
 */
class AgentSessionsTest {

  @RegisterExtension
  static final RunningNodes nodes = new RunningNodes("sessions");

  static final HttpClient HTTP = HttpClient.newHttpClient();
  static ApiClient adminA;
  static long inbox;

  @BeforeAll
  static void start() {
    adminA = ApiClient.admin(nodes.configA());
    inbox = adminA.webInbox("Website");
  }

  @Test
  void deactivatingAnAgentOnNodeAEndsTheirSocketOnNodeBAndTheirTokensEverywhere() {
    long id = newAgent("dana@example.com");
    String dana = client(nodes.configA()).login("dana@example.com", "password-123").token();
    // used on both nodes first, so any per-node memory of the token would be warm
    assertEquals(200, me(nodes.configA(), dana));
    assertEquals(200, me(nodes.configB(), dana));
    try (WsClient socket = agentSocket(nodes.configB(), dana);
         WsClient watcher = agentSocket(nodes.configB(), adminA.token())) {
      socket.awaitType("hello");
      watcher.awaitType("hello");

      Reply patched = adminA.patch("/api/v1/agents/" + id, new JsonObject().put("active", false));
      assertEquals(200, patched.status(), patched.text());
      assertFalse(patched.json().getBoolean("active"));

      // refused at once on both nodes: no waiting for anything to expire
      assertEquals(401, me(nodes.configA(), dana));
      assertEquals(401, me(nodes.configB(), dana));
      assertEquals(1008, socket.awaitClose(5), "the socket on the other node is closed");

      String body = "after dana left";
      visitorSays(body);
      watcher.await(f -> isMessage(f, body));
      assertTrue(socket.drain(0).stream().noneMatch(f -> isMessage(f, body)), "nothing reaches a closed session");
    }
    refusedAtTheSocket(nodes.configB(), dana);
    assertEquals(401, client(nodes.configA()).post("/api/v1/auth/login", new JsonObject().put("email", "dana@example.com")
        .put("password", "password-123")).status(), "a deactivated agent cannot sign in again");

    JsonArray all = adminA.get("/api/v1/agents?include_inactive=true").json().getJsonArray("agents");
    assertTrue(all.stream().map(a -> (JsonObject) a).anyMatch(a -> a.getLong("id") == id && !a.getBoolean("active")));
    assertTrue(adminA.get("/api/v1/agents").json().getJsonArray("agents").stream().map(a -> (JsonObject) a)
        .noneMatch(a -> a.getLong("id") == id), "the team list shows active agents only");

    // reactivated, they sign in again; their old tokens stay dead
    assertEquals(200, adminA.patch("/api/v1/agents/" + id, new JsonObject().put("active", true)).status());
    assertEquals(401, me(nodes.configB(), dana));
    assertEquals(200, client(nodes.configB()).login("dana@example.com", "password-123").get("/api/v1/me").status());
  }

  @Test
  void logoutRefusesThatTokenAtOnceOnBothNodesAndClosesItsSocketsOnly() {
    newAgent("lou@example.com");
    String lou = client(nodes.configA()).login("lou@example.com", "password-123").token();
    ApiClient louElsewhere = client(nodes.configB()).login("lou@example.com", "password-123");
    assertEquals(200, me(nodes.configB(), lou));
    try (WsClient socket = agentSocket(nodes.configB(), lou);
         WsClient otherDevice = agentSocket(nodes.configB(), louElsewhere.token())) {
      socket.awaitType("hello");
      otherDevice.awaitType("hello");

      Reply out = call(nodes.configA(), "POST", "/api/v1/auth/logout", lou, null);
      assertEquals(204, out.status(), out.text());
      assertEquals(401, me(nodes.configA(), lou));
      assertEquals(401, me(nodes.configB(), lou));
      assertEquals(1008, socket.awaitClose(5));

      assertEquals(200, louElsewhere.get("/api/v1/me").status(), "the agent's other sessions go on");
      otherDevice.send(new JsonObject().put("type", "ping"));
      otherDevice.awaitType("pong");
      assertFalse(otherDevice.isClosed());
    }
    assertEquals(401, call(nodes.configB(), "POST", "/api/v1/auth/logout", lou, null).status(),
        "a revoked token cannot log out twice");
  }

  @Test
  void anAdminCannotDeactivateThemselvesNorRemoveTheLastActiveAdmin() {
    long me = adminA.get("/api/v1/me").json().getLong("id");
    Reply self = adminA.patch("/api/v1/agents/" + me, new JsonObject().put("active", false));
    assertEquals(409, self.status());
    assertEquals("conflict", self.json().getString("error"));
    Reply demoted = adminA.patch("/api/v1/agents/" + me, new JsonObject().put("role", "agent"));
    assertEquals(409, demoted.status(), "the only admin stays admin");

    long other = newAgent("ola@example.com");
    assertEquals(200, adminA.patch("/api/v1/agents/" + other, new JsonObject().put("role", "admin")).status());
    ApiClient ola = client(nodes.configB()).login("ola@example.com", "password-123");
    assertEquals(409, ola.patch("/api/v1/agents/" + other, new JsonObject().put("active", false)).status());
    // with a second admin, one of them may step down, and then the other is the last one again
    Reply stepDown = ola.patch("/api/v1/agents/" + me, new JsonObject().put("role", "agent"));
    assertEquals(200, stepDown.status(), stepDown.text());
    assertEquals(409, ola.patch("/api/v1/agents/" + other, new JsonObject().put("role", "agent")).status());
    assertEquals(200, ola.patch("/api/v1/agents/" + me, new JsonObject().put("role", "admin")).status());
    assertEquals(200, adminA.get("/api/v1/me").status(), "a role change keeps the REST token");
    assertEquals(200, adminA.patch("/api/v1/agents/" + other, new JsonObject().put("active", false)).status());
  }

  @Test
  void aRoleChangeClosesTheAgentsSocketsAndTheyReconnectWithTheNewRole() {
    long id = newAgent("rae@example.com");
    String rae = client(nodes.configB()).login("rae@example.com", "password-123").token();
    try (WsClient socket = agentSocket(nodes.configB(), rae)) {
      assertEquals("agent", socket.awaitType("hello").getJsonObject("agent").getString("role"));
      assertEquals(200, adminA.patch("/api/v1/agents/" + id, new JsonObject().put("role", "admin")).status());
      assertEquals(1008, socket.awaitClose(5));
    }
    try (WsClient again = agentSocket(nodes.configB(), rae)) {
      assertEquals("admin", again.awaitType("hello").getJsonObject("agent").getString("role"));
    }
    assertEquals(200, adminA.patch("/api/v1/agents/" + id, new JsonObject().put("active", false)).status());
  }

  @Test
  void agentChangesAreValidatedStrictlyAndForAdminsOnly() {
    long id = newAgent("val@example.com");
    String path = "/api/v1/agents/" + id;
    for (JsonObject bad : new JsonObject[] {
        new JsonObject(),
        new JsonObject().put("role", "owner"),
        new JsonObject().put("role", 1),
        new JsonObject().put("name", " "),
        new JsonObject().put("name", "x".repeat(201)),
        new JsonObject().put("active", "no"),
        new JsonObject().putNull("active"),
        new JsonObject().put("email", "new@example.com"),
        new JsonObject().put("capacity", 1001),
        new JsonObject().put("capacity", -1),
        new JsonObject().put("capacity", 2.5),
        new JsonObject().put("capacity", "3"),
        new JsonObject().put("team_ids", new JsonArray().add(999999)),
        new JsonObject().put("team_ids", new JsonArray().add("1")),
        new JsonObject().put("team_ids", 1)}) {
      Reply r = adminA.patch(path, bad);
      assertEquals(400, r.status(), bad.encode() + " -> " + r.text());
      assertEquals("bad_request", r.json().getString("error"));
      assertTrue(r.json().getString("message").length() > 0);
    }
    assertEquals("bad_json", call(nodes.configA(), "PATCH", path, adminA.token(), "[1]").json().getString("error"));
    assertEquals(404, adminA.patch("/api/v1/agents/999999", new JsonObject().put("name", "Nobody")).status());
    assertEquals(404, adminA.patch("/api/v1/agents/abc", new JsonObject().put("name", "Nobody")).status());

    Reply renamed = adminA.patch(path, new JsonObject().put("name", "  Valerie "));
    assertEquals(200, renamed.status());
    assertEquals("Valerie", renamed.json().getString("name"));
    assertEquals("agent", renamed.json().getString("role"));

    ApiClient val = client(nodes.configA()).login("val@example.com", "password-123");
    assertEquals(403, val.patch(path, new JsonObject().put("role", "admin")).status());
    assertEquals(403, val.get("/api/v1/agents?include_inactive=true").status());
    assertEquals(400, adminA.get("/api/v1/agents?include_inactive=yes").status());
  }

  static long newAgent(String email) {
    Reply r = adminA.post("/api/v1/agents", new JsonObject().put("email", email).put("name", email.split("@")[0])
        .put("password", "password-123"));
    assertEquals(201, r.status(), r.text());
    return r.json().getLong("id");
  }

  static int me(HubConfig config, String token) {
    return call(config, "GET", "/api/v1/me", token, null).status();
  }

  /** One request with a given token and raw body, to any node. */
  static Reply call(HubConfig config, String method, String path, String token, String body) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + config.httpPort() + path))
          .header("authorization", "Bearer " + token).header("content-type", "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
          .build();
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body().startsWith("{") ? new JsonObject(r.body()) : null, r.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static ApiClient client(HubConfig config) {
    return new ApiClient("http://localhost:" + config.httpPort());
  }

  static WsClient agentSocket(HubConfig config, String token) {
    return WsClient.connect("ws://localhost:" + config.httpPort() + "/ws/agent?token=" + token);
  }

  static void refusedAtTheSocket(HubConfig config, String token) {
    try {
      agentSocket(config, token).close();
      throw new AssertionError("a dead token opened the agent socket");
    } catch (java.util.concurrent.CompletionException expected) {
      assertEquals(401, ((java.net.http.WebSocketHandshakeException) expected.getCause()).getResponse().statusCode());
    }
  }

  static boolean isMessage(JsonObject frame, String body) {
    return "message.created".equals(frame.getString("type"))
        && body.equals(frame.getJsonObject("message").getString("body"));
  }

  static void visitorSays(String body) {
    try (WsClient w = WsClient.connect("ws://localhost:" + nodes.configA().httpPort() + "/ws/widget?inbox=" + inbox)) {
      w.awaitType("hello");
      w.send(new JsonObject().put("type", "message").put("client_id", "c1").put("body", body));
      w.awaitType("ack");
    }
  }
}
