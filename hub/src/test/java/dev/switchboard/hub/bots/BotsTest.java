package dev.switchboard.hub.bots;

import static dev.switchboard.hub.bots.TestBots.poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.Visitors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bots as an integration sees them: an admin makes one and gets its token and webhook secret once;
 * the bot hears its inboxes' events as Standard Webhooks (checked here with the algorithm written
 * out, not the hub's code), retried on failure, dead-lettered, disabled by a 410; its calls are
 * limited to its scopes and inboxes and written to an audit log; private webhook URLs are refused.
 */
class BotsTest {

  /** Everything the hub logs while this class runs, to prove no token or secret is ever in it. */
  static final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  static final PrintStream originalErr = System.err;
  static final List<String> credentials = new ArrayList<>();

  static {
    System.setErr(new PrintStream(new Tee(originalErr, logged), true, StandardCharsets.UTF_8));
  }

  @RegisterExtension
  static final RunningHub node = new RunningHub("bots");
  static WebhookReceiver receiver;

  @BeforeAll
  static void start() throws Exception {
    receiver = new WebhookReceiver();
  }

  @AfterAll
  static void stop() {
    receiver.close();
    System.setErr(originalErr);
    String log = logged.toString(StandardCharsets.UTF_8);
    for (String secret : credentials) {
      assertFalse(log.contains(secret), "a token or webhook secret was logged");
      assertFalse(log.contains(secret.substring(secret.indexOf('_') + 1)), "a token or secret's key was logged");
    }
  }

  @Test
  void aBotReceivesACorrectlySignedMessageCreatedForAnInboundWidgetMessage() throws Exception {
    long inbox = node.admin().webInbox("Signed");
    JsonObject bot = createBot("signer", "/signed", inbox, "read", "reply");
    String secret = bot.getString("webhook_secret");
    assertTrue(secret.startsWith("whsec_"), secret);
    assertEquals(32, Base64.getDecoder().decode(secret.substring(6)).length);

    long c = visitorSays(inbox, "Is my parcel on its way?");
    WebhookReceiver.Call call = receiver.await("/signed",
        x -> "message.created".equals(x.json().getString("type")), 15);

    // the Standard Webhooks check, as a bot would write it
    String id = call.headers().get("webhook-id");
    String timestamp = call.headers().get("webhook-timestamp");
    assertNotNull(id);
    assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) < 300, timestamp);
    TestBots.verifySignature(call, secret);

    JsonObject event = call.json();
    assertNotNull(event.getString("timestamp"));
    JsonObject data = event.getJsonObject("data");
    assertEquals(c, data.getLong("conversation_id"));
    assertEquals("Is my parcel on its way?", data.getJsonObject("message").getString("body"));
    assertEquals("customer", data.getJsonObject("message").getJsonObject("author").getString("type"));
    receiver.await("/signed", x -> "conversation.opened".equals(x.json().getString("type"))
        && x.json().getJsonObject("data").getLong("conversation_id") == c, 15);

    // the bot answers; its reply is a bot's message, and goes out to the bots as message.created too
    ApiClient asBot = asBot(bot);
    Reply reply = asBot.post("/api/v1/conversations/" + c + "/messages", new JsonObject().put("body", "It is!"));
    assertEquals(201, reply.status(), reply.text());
    assertEquals("bot", reply.json().getJsonObject("author").getString("type"));
    assertEquals("out", reply.json().getString("direction"));
    receiver.await("/signed", x -> "message.created".equals(x.json().getString("type"))
        && "It is!".equals(x.json().getJsonObject("data").getJsonObject("message").getString("body")), 15);
    // a private note is never sent to bots
    assertEquals(201, node.admin().post("/api/v1/conversations/" + c + "/messages",
        new JsonObject().put("body", "internal only").put("private", true)).status());
    Reply read = asBot.get("/api/v1/conversations/" + c + "/messages");
    assertEquals(200, read.status(), read.text());
    assertEquals(3, read.json().getJsonArray("messages").size());

    // the token and secret were shown once: no GET shows them again
    for (String path : List.of("/api/v1/bots", "/api/v1/bots/" + bot.getLong("id"),
        "/api/v1/bots/" + bot.getLong("id") + "/deliveries")) {
      String text = node.admin().get(path).text();
      assertFalse(text.contains(bot.getString("token")), path);
      assertFalse(text.contains(secret.substring(6)), path);
      assertFalse(text.contains("\"token\""), path);
      assertFalse(text.contains("webhook_secret"), path);
    }

    // an agent takes it and resolves it: the bot hears both
    long admin = node.admin().get("/api/v1/me").json().getLong("id");
    assertEquals(200, node.admin().patch("/api/v1/conversations/" + c, new JsonObject().put("assignee_id", admin))
        .status());
    JsonObject assigned = receiver.await("/signed", x -> "conversation.assigned".equals(x.json().getString("type")),
        15).json().getJsonObject("data");
    assertEquals(c, assigned.getLong("conversation_id"));
    assertEquals(admin, assigned.getLong("assignee_id"));
    assertEquals(200, node.admin().patch("/api/v1/conversations/" + c, new JsonObject().put("status", "resolved"))
        .status());
    receiver.await("/signed", x -> "conversation.resolved".equals(x.json().getString("type"))
        && "resolved".equals(x.json().getJsonObject("data").getJsonObject("conversation").getString("status")), 15);
    // a change that is not a transition (its priority, while resolved) tells nothing new
    assertEquals(200, node.admin().patch("/api/v1/conversations/" + c, new JsonObject().put("priority", "high"))
        .status());
    Thread.sleep(1000);
    assertEquals(1, receiver.calls("/signed").stream()
        .filter(x -> "conversation.resolved".equals(x.json().getString("type"))).count());
    assertEquals(1, receiver.calls("/signed").stream()
        .filter(x -> "conversation.opened".equals(x.json().getString("type"))).count());
    assertTrue(receiver.calls("/signed").stream().noneMatch(x -> x.body().contains("internal only")));
  }

  @Test
  void aBotWithoutTheReplyScopeCannotMessageACustomer() {
    long inbox = node.admin().webInbox("Drafts only");
    JsonObject bot = createBot("drafter", null, inbox, "read", "draft");
    long c = visitorSays(inbox, "hello");
    ApiClient asBot = asBot(bot);
    Reply r = asBot.post("/api/v1/conversations/" + c + "/messages", new JsonObject().put("body", "Hi from a bot"));
    assertEquals(403, r.status(), r.text());
    assertEquals("forbidden", r.json().getString("error"));
    assertTrue(r.json().getString("message").contains("reply"), r.text());
    assertEquals(200, asBot.get("/api/v1/conversations/" + c + "/messages").status(), "it may still read");
    assertEquals(List.of("hello"), bodies(c));
  }

  @Test
  void aBotCannotTouchConversationsOutsideItsInboxesNorAgentOnlyRoutes() {
    long mine = node.admin().webInbox("Bot's own");
    long other = node.admin().webInbox("Someone else's");
    JsonObject bot = createBot("fenced", null, mine, "read", "reply", "draft", "handoff");
    long c = visitorSays(other, "private matter");
    ApiClient asBot = asBot(bot);
    for (Reply r : List.of(asBot.get("/api/v1/conversations/" + c),
        asBot.get("/api/v1/conversations/" + c + "/messages"),
        asBot.post("/api/v1/conversations/" + c + "/messages", new JsonObject().put("body", "hi")))) {
      assertEquals(403, r.status(), r.text());
      assertEquals("forbidden", r.json().getString("error"));
    }
    assertEquals(List.of("private matter"), bodies(c));
    for (String path : List.of("/api/v1/agents", "/api/v1/inboxes", "/api/v1/bots", "/api/v1/teams",
        "/api/v1/conversations", "/api/v1/me")) {
      Reply r = asBot.get(path);
      assertEquals(403, r.status(), path + " " + r.text());
    }
    assertEquals(403, asBot.post("/api/v1/bots", new JsonObject().put("name", "child")).status());
    assertEquals(403, asBot.patch("/api/v1/conversations/" + c, new JsonObject().put("status", "resolved")).status());
    assertEquals(401, new ApiClient(base()).get("/api/v1/conversations/" + c).status());
  }

  @Test
  void theAuditLogListsEveryBotCall() throws Exception {
    long inbox = node.admin().webInbox("Audited");
    JsonObject bot = createBot("audited", null, inbox, "read");
    long c = visitorSays(inbox, "audit me");
    ApiClient asBot = asBot(bot);
    assertEquals(200, asBot.get("/api/v1/conversations/" + c + "/messages").status());
    assertEquals(403, asBot.post("/api/v1/conversations/" + c + "/messages", new JsonObject().put("body", "x")).status());
    assertEquals(403, asBot.get("/api/v1/agents").status());
    String path = "/api/v1/bots/" + bot.getLong("id") + "/audit";
    JsonArray entries = poll(() -> node.admin().get(path).json().getJsonArray("entries"), e -> e.size() >= 3);
    assertEquals(3, entries.size(), entries.encode());
    // written as each answer ends, so calls that follow each other closely may be listed in either order
    List<String> seen = entries.stream().map(e -> (JsonObject) e)
        .map(e -> e.getString("method") + " " + e.getString("path") + " " + e.getInteger("status")).sorted().toList();
    String messages = "/api/v1/conversations/" + c + "/messages";
    assertEquals(List.of("GET /api/v1/agents 403", "GET " + messages + " 200", "POST " + messages + " 403"), seen);
    for (Object e : entries) {
      assertEquals(bot.getLong("id"), ((JsonObject) e).getLong("bot_id"));
      assertNotNull(((JsonObject) e).getString("at"));
    }
    // paged
    JsonObject first = node.admin().get(path + "?limit=2").json();
    assertEquals(2, first.getJsonArray("entries").size());
    JsonObject rest = node.admin().get(path + "?limit=2&before=" + first.getLong("next_before")).json();
    assertEquals(1, rest.getJsonArray("entries").size());
    assertFalse(first.getJsonArray("entries").getJsonObject(1).getLong("id")
        <= rest.getJsonArray("entries").getJsonObject(0).getLong("id"), "the next page is older");
  }

  @Test
  void aFailingEndpointIsRetriedWithBackoffUntilItAnswers() throws Exception {
    long inbox = node.admin().webInbox("Flaky");
    receiver.answer("/flaky", "message.created", 500, 200);
    JsonObject bot = createBot("flaky", "/flaky", inbox, "read");
    visitorSays(inbox, "retry me");
    String path = "/api/v1/bots/" + bot.getLong("id") + "/deliveries";
    JsonObject failed = poll(() -> message(node.admin().get(path).json()), d -> d != null && d.getInteger("attempts") >= 1
        && d.getInteger("last_status_code") != null);
    assertEquals("pending", failed.getString("status"), failed.encode());
    assertEquals(500, failed.getInteger("last_status_code"));
    assertNotNull(failed.getInteger("last_duration_ms"));
    assertTrue(failed.getString("last_error").contains("500"), failed.encode());
    long wait = Duration.between(Instant.now(), Instant.parse(failed.getString("next_attempt_at"))).toMillis();
    assertTrue(wait > 2_000 && wait <= 6_000, "the first retry comes about 5 s later, not " + wait + " ms");

    JsonObject delivered = poll(() -> message(node.admin().get(path).json()),
        d -> "delivered".equals(d.getString("status")), 20);
    assertEquals(2, delivered.getInteger("attempts"));
    assertEquals(200, delivered.getInteger("last_status_code"));
    assertNull(delivered.getString("last_error"));
    List<WebhookReceiver.Call> calls = receiver.calls("/flaky").stream()
        .filter(x -> "message.created".equals(x.json().getString("type"))).toList();
    assertEquals(2, calls.size());
    List<String> ids = calls.stream()
        .map(x -> x.headers().get("webhook-id")).distinct().toList();
    assertEquals(1, ids.size(), "a retry is the same webhook-id: " + ids);
  }

  @Test
  void aDeliveryIsDeadAfterItsLastTryAndAnAdminCanRetryIt() throws Exception {
    long inbox = node.admin().webInbox("Dead end");
    receiver.answer("/dead", 503);
    JsonObject bot = createBot("dead", "/dead", inbox, "read");
    visitorSays(inbox, "nobody home");
    String path = "/api/v1/bots/" + bot.getLong("id") + "/deliveries";
    JsonObject first = poll(() -> message(node.admin().get(path).json()),
        d -> d != null && d.getInteger("last_status_code") != null);
    // seven tries have failed (hours of backoff, skipped here): the eighth is the last
    sql("update bot_delivery set attempts = 7, next_attempt_at = now() where id = $1", first.getLong("id"));
    JsonObject dead = poll(() -> message(node.admin().get(path).json()), d -> "dead".equals(d.getString("status")), 15);
    assertEquals(8, dead.getInteger("attempts"));
    assertEquals(503, dead.getInteger("last_status_code"));
    assertNull(dead.getString("next_attempt_at"));

    receiver.answer("/dead", 200);
    Reply retry = node.admin().post(path + "/" + dead.getLong("id") + "/retry", new JsonObject());
    assertEquals(200, retry.status(), retry.text());
    assertEquals("pending", retry.json().getString("status"));
    JsonObject delivered = poll(() -> message(node.admin().get(path).json()),
        d -> "delivered".equals(d.getString("status")), 15);
    assertEquals(9, delivered.getInteger("attempts"));
    assertEquals(404, node.admin().post(path + "/999999/retry", new JsonObject()).status());
  }

  @Test
  void anEndpointAnswering410DisablesTheBot() throws Exception {
    long inbox = node.admin().webInbox("Gone");
    receiver.answer("/gone", 410);
    JsonObject bot = createBot("gone", "/gone", inbox, "read");
    long c = visitorSays(inbox, "anyone?");
    long id = bot.getLong("id");
    JsonObject disabled = poll(() -> node.admin().get("/api/v1/bots/" + id).json(),
        b -> !b.getBoolean("active"), 15);
    assertNotNull(disabled.getString("disabled_reason"));
    assertEquals("dead", message(node.admin().get("/api/v1/bots/" + id + "/deliveries").json()).getString("status"));
    assertEquals(401, asBot(bot).get("/api/v1/conversations/" + c).status(), "a disabled bot's token no longer works");
    // an admin turns it back on
    assertEquals(true, node.admin().patch("/api/v1/bots/" + id, new JsonObject().put("active", true)).json()
        .getBoolean("active"));
    assertEquals(200, asBot(bot).get("/api/v1/conversations/" + c).status());
  }

  @Test
  void aWebhookUrlIntoAPrivateNetworkIsRefusedWithoutTheFlag() {
    long inbox = node.admin().webInbox("Private");
    int before = node.admin().get("/api/v1/bots").json().getJsonArray("bots").size();
    for (String url : List.of(receiver.url("/x"), "http://localhost:9/x", "http://10.1.2.3/x", "http://192.168.0.10/",
        "http://172.16.5.4/", "http://169.254.169.254/latest/meta-data", "http://[::1]:8080/", "http://[fd00::1]/",
        "http://[fe80::1]/", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/")) {
      Reply r = node.admin().post("/api/v1/bots", new JsonObject().put("name", "ssrf").put("webhook_url", url)
          .put("scopes", new JsonArray().add("read")).put("inbox_ids", new JsonArray().add(inbox)));
      assertEquals(400, r.status(), url + " " + r.text());
      assertEquals("bad_request", r.json().getString("error"));
    }
    for (String url : List.of("ftp://example.com/", "not a url", "http://user:pw@example.com/")) {
      assertEquals(400, node.admin().post("/api/v1/bots", new JsonObject().put("name", "bad")
          .put("webhook_url", url)).status(), url);
    }
    assertEquals(before, node.admin().get("/api/v1/bots").json().getJsonArray("bots").size(), "nothing stored");
    // a bot made without a URL cannot be pointed at one later either
    JsonObject bot = createBot("later", null, inbox, "read");
    Reply moved = node.admin().patch("/api/v1/bots/" + bot.getLong("id"),
        new JsonObject().put("webhook_url", receiver.url("/x")));
    assertEquals(400, moved.status(), moved.text());
    assertNull(node.admin().get("/api/v1/bots/" + bot.getLong("id")).json().getString("webhook_url"));
    // an admin allows it for this bot
    Reply allowed = node.admin().patch("/api/v1/bots/" + bot.getLong("id"),
        new JsonObject().put("webhook_url", receiver.url("/x")).put("allow_private_network", true));
    assertEquals(200, allowed.status(), allowed.text());
  }

  @Test
  void badBotDefinitionsAreRefusedAndRotationReplacesTheCredentials() {
    long inbox = node.admin().webInbox("Rotate");
    assertEquals(400, node.admin().post("/api/v1/bots", new JsonObject().put("name", "x")
        .put("scopes", new JsonArray().add("admin"))).status());
    assertEquals(400, node.admin().post("/api/v1/bots", new JsonObject().put("name", "x")
        .put("inbox_ids", new JsonArray().add(987654))).status());
    assertEquals(400, node.admin().post("/api/v1/bots", new JsonObject().put("scopes", new JsonArray())).status());
    assertEquals(400, node.admin().post("/api/v1/bots", new JsonObject().put("name", "x").put("token", "mine")).status());
    JsonObject bot = createBot("rotating", null, inbox, "read");
    long c = visitorSays(inbox, "rotate");
    Reply rotated = node.admin().post("/api/v1/bots/" + bot.getLong("id") + "/rotate", new JsonObject());
    assertEquals(200, rotated.status(), rotated.text());
    credentials.add(rotated.json().getString("token"));
    credentials.add(rotated.json().getString("webhook_secret"));
    assertEquals(401, asBot(bot).get("/api/v1/conversations/" + c).status(), "the old token stopped working");
    assertEquals(200, asBot(rotated.json()).get("/api/v1/conversations/" + c).status());
    assertEquals(204, node.admin().delete("/api/v1/bots/" + bot.getLong("id")).status());
    assertEquals(401, asBot(rotated.json()).get("/api/v1/conversations/" + c).status());
    assertEquals(404, node.admin().get("/api/v1/bots/" + bot.getLong("id")).status());
  }

  @Test
  void aDeadEndpointIsPausedAsAWholeAndNeverHoldsUpAHealthyBot() throws Exception {
    long inbox = node.admin().webInbox("Two bots, one dead");
    // an endpoint that takes connections and never answers
    try (ServerSocket silent = new ServerSocket(0, 200, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new CopyOnWriteArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept());
          }
        } catch (IOException closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      Reply created = node.admin().post("/api/v1/bots", new JsonObject().put("name", "dead")
          .put("scopes", new JsonArray().add("read")).put("inbox_ids", new JsonArray().add(inbox))
          .put("webhook_url", "http://127.0.0.1:" + silent.getLocalPort() + "/hook").put("allow_private_network", true));
      assertEquals(201, created.status(), created.text());
      long dead = created.json().getLong("id");
      createBot("healthy", "/healthy", inbox, "read");

      int customers = 30;
      for (int i = 0; i < customers; i++) {
        visitorSays(inbox, "question " + i);
      }
      for (int i = 0; i < customers; i++) {
        String body = "question " + i;
        receiver.await("/healthy", x -> "message.created".equals(x.json().getString("type"))
            && body.equals(x.json().getJsonObject("data").getJsonObject("message").getString("body")), 10);
      }

      JsonObject endpoint = poll(() -> node.admin().get("/api/v1/bots/" + dead).json().getJsonObject("endpoint"),
          e -> e.getInteger("failures") >= 1, 15);
      assertNotNull(endpoint.getString("failing_since"));
      assertTrue(endpoint.getInteger("failures") < BotDeliveryWorker.PER_BOT,
          "the sends under way together fail together, and count once: " + endpoint.encode());
      assertTrue(Instant.parse(endpoint.getString("paused_until")).isAfter(Instant.now().minusSeconds(1)), endpoint.encode());
      assertTrue(held.size() <= BotDeliveryWorker.PER_BOT, held.size() + " connections held open to the dead endpoint");
      Row tries = node.hub().pool().preparedQuery("""
              select count(*) filter (where attempts = 0) as untried, count(*) as all_events
                from bot_delivery where bot_id = $1""").execute(Tuple.of(dead))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).iterator().next();
      assertTrue(tries.getLong("untried") * 2 > tries.getLong("all_events"),
          "most of a paused endpoint's events are not tried one by one: " + tries.toJson());
      for (Socket s : held) {
        s.close();
      }
    }
  }

  // ---- helpers

  static JsonObject createBot(String name, String path, long inbox, String... scopes) {
    JsonObject bot = TestBots.create(node.admin(), receiver, name, path, inbox, scopes);
    credentials.add(bot.getString("token"));
    credentials.add(bot.getString("webhook_secret"));
    return bot;
  }

  static ApiClient asBot(JsonObject bot) {
    return TestBots.as(node.config(), bot);
  }

  static String base() {
    return "http://localhost:" + node.config().httpPort();
  }

  /** The delivery of the visitor's message (message.created), newest first in the log. */
  static JsonObject message(JsonObject page) {
    JsonArray all = page.getJsonArray("deliveries");
    for (int i = all.size() - 1; i >= 0; i--) {
      if ("message.created".equals(all.getJsonObject(i).getString("type"))) {
        return all.getJsonObject(i);
      }
    }
    return null;
  }



  static void sql(String statement, Object... args) throws Exception {
    node.hub().pool().preparedQuery(statement).execute(Tuple.from(args)).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  static List<String> bodies(long conversation) {
    JsonArray messages = node.admin().get("/api/v1/conversations/" + conversation + "/messages").json()
        .getJsonArray("messages");
    List<String> out = new ArrayList<>();
    messages.forEach(m -> out.add(((JsonObject) m).getString("body")));
    return out;
  }

  static long visitorSays(long inbox, String body) {
    return Visitors.says(node.config(), inbox, body);
  }

  /** Writes to two streams. */
  static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int x) throws java.io.IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
