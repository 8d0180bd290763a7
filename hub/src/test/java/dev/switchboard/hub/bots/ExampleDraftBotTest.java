package dev.switchboard.hub.bots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code examples/draft-bot/draft-bot.mjs} as its README says to run it: a separate Node process with
 * the token and secret an admin got, behind a real hub. A visitor's message gets its draft; a
 * delivery it cannot verify gets 401.
 */
class ExampleDraftBotTest {

  static final Path SCRIPT = Path.of("..", "examples", "draft-bot", "draft-bot.mjs");

  @RegisterExtension
  static final RunningHub node = new RunningHub("examplebot");
  static Process bot;
  static final List<String> output = Collections.synchronizedList(new ArrayList<>());

  @AfterAll
  static void stop() throws Exception {
    if (bot != null) {
      bot.destroy();
      bot.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void theExampleBotVerifiesTheHubsWebhookAndDraftsAReply() throws Exception {
    assertTrue(Files.isRegularFile(SCRIPT), SCRIPT.toAbsolutePath() + " is missing");
    long inbox = node.admin().webInbox("Example");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Reply created = node.admin().post("/api/v1/bots", new JsonObject().put("name", "Example draft bot")
        .put("scopes", new JsonArray().add("draft")).put("inbox_ids", new JsonArray().add(inbox))
        .put("webhook_url", "http://127.0.0.1:" + port + "/events").put("allow_private_network", true));
    assertEquals(201, created.status(), created.text());

    ProcessBuilder pb = new ProcessBuilder("node", SCRIPT.toString()).redirectErrorStream(true);
    pb.environment().put("HUB_URL", "http://localhost:" + node.config().httpPort());
    pb.environment().put("BOT_TOKEN", created.json().getString("token"));
    pb.environment().put("WEBHOOK_SECRET", created.json().getString("webhook_secret"));
    pb.environment().put("PORT", String.valueOf(port));
    bot = pb.start();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(bot.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          output.add(line);
        }
      } catch (Exception ignored) {
        // the process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    awaitOutput("listening on");

    // unsigned or wrongly signed: refused
    HttpClient http = HttpClient.newHttpClient();
    String body = "{\"type\":\"message.created\",\"data\":{}}";
    HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
        .header("webhook-id", "msg_forged").header("webhook-timestamp", String.valueOf(Instant.now().getEpochSecond()))
        .header("webhook-signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, forged.statusCode(), forged.body());

    long c;
    try (WsClient visitor = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox="
        + inbox)) {
      visitor.awaitType("hello");
      visitor.send(new JsonObject().put("type", "message").put("client_id", "1").put("body", "Hello, anyone there?"));
      visitor.awaitType("ack");
      c = visitor.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
          .getLong("conversation_id");
    }
    long until = System.currentTimeMillis() + 30_000;
    JsonArray drafts = new JsonArray();
    while (drafts.isEmpty() && System.currentTimeMillis() < until) {
      Thread.sleep(100);
      drafts = node.admin().get("/api/v1/conversations/" + c + "/drafts").json().getJsonArray("drafts");
    }
    assertEquals(1, drafts.size(), "the example bot's draft; its output: " + output);
    JsonObject draft = drafts.getJsonObject(0);
    assertTrue(draft.getString("body").startsWith("Thanks for your message!"), draft.encode());
    assertEquals("Example draft bot", draft.getJsonObject("bot").getString("name"));
  }

  private static void awaitOutput(String text) throws InterruptedException {
    long until = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < until) {
      synchronized (output) {
        if (output.stream().anyMatch(l -> l.contains(text))) {
          return;
        }
      }
      if (!bot.isAlive()) {
        throw new AssertionError("the example bot exited: " + output);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the example bot did not start: " + output);
  }
}
