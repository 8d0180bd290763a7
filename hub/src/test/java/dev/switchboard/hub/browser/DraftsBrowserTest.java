package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * Issue 10's "resolved when", in two real browsers: a visitor writes in the widget; a bot (a webhook
 * receiver here, checking the Standard Webhooks signature with the algorithm written out, not the
 * hub's code) hears {@code message.created} and answers with a draft through the API with its
 * token; the agent sees the suggestion above the composer in the inbox and clicks Send, and the
 * visitor's widget shows the reply. Then the same with Edit (the agent changes the text first), and
 * a Dismiss that the visitor never sees. The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class DraftsBrowserTest {

  private static final String QUESTION = "When will my order #77 arrive?";
  private static final String ANSWER = "Your order <b>#77</b> ships tomorrow & arrives in 2 days.";
  private static final String NOTE = "From: Shipping times (article 4)";
  private static final String SECOND = "Can I change the delivery address?";
  private static final String SECOND_ANSWER = "Yes, until it ships.";
  private static final String EDITED = "Yes, until it ships: tell me the new address here.";
  private static final String THIRD = "Thanks!";
  private static final String THIRD_ANSWER = "You are welcome! <script>alert(1)</script>";
  private static final String FOURTH = "And the invoice?";
  private static final String FOURTH_ANSWER = "The invoice comes by email.";

  @RegisterExtension
  static final RunningHub node = new RunningHub("draftsui");

  private final Browsers browsers = new Browsers();
  private ShopPage shop;
  private WidgetPage visitor;
  private InboxPage agent;
  private DraftingBot bot;
  private long botId;
  private long conversation;

  @BeforeAll
  void start() throws IOException {
    ApiClient admin = node.admin();
    long inboxId = admin.webInbox("Website chat");
    bot = new DraftingBot(Map.of(QUESTION, ANSWER, SECOND, SECOND_ANSWER, THIRD, THIRD_ANSWER, FOURTH, FOURTH_ANSWER));
    Reply created = admin.post("/api/v1/bots", new JsonObject().put("name", "Shop Assistant")
        .put("webhook_url", bot.url()).put("allow_private_network", true)
        .put("scopes", new JsonArray().add("read").add("draft")).put("inbox_ids", new JsonArray().add(inboxId)));
    assertEquals(201, created.status(), created.text());
    botId = created.json().getLong("id");
    bot.credentials(created.json().getString("token"), created.json().getString("webhook_secret"),
        "http://localhost:" + node.config().httpPort());

    shop = ShopPage.embedding(node.config().httpPort(), inboxId);
    visitor = new WidgetPage(browsers.open());
    agent = new InboxPage(browsers.open(1366, 768), node.config());
  }

  @AfterAll
  void stop() {
    browsers.close();
    if (shop != null) {
      shop.close();
    }
    if (bot != null) {
      bot.close();
    }
  }

  @Test
  @Order(1)
  void theBotHearsTheVisitorsQuestionSignedAndTheAgentSendsItsDraftToTheVisitor() throws Exception {
    agent.signInAsAdmin();
    agent.markLoaded();
    visitor.visit(shop.url()).open();
    visitor.send(QUESTION);

    // the bot got the visitor's message, correctly signed, and drafted an answer
    DraftingBot.Call heard = bot.await(c -> "message.created".equals(c.type())
        && QUESTION.equals(c.json().getJsonObject("data").getJsonObject("message").getString("body")));
    assertTrue(heard.signatureValid(), "the Standard Webhooks signature checks out: " + heard.headers());
    assertTrue(heard.fresh(), "the timestamp is now: " + heard.headers().get("webhook-timestamp"));
    conversation = heard.json().getJsonObject("data").getLong("conversation_id");
    bot.awaitDrafted(QUESTION);

    // the agent opens the conversation: the suggestion is above the composer, as text
    agent.open(QUESTION);
    agent.composer();
    InboxPage.Suggestion shown = agent.waitFor(d -> agent.suggestions().stream().findFirst().orElse(null));
    assertEquals("Suggested by Shop Assistant", shown.label());
    assertEquals(ANSWER, shown.body(), "the bot's text, escaped");
    assertTrue(shown.note().contains(NOTE), shown.note());
    assertEquals(0L, agent.js("return document.querySelectorAll('#drafts b, #drafts script').length;"));
    assertFalse(visitor.bodies().contains(ANSWER), "the visitor sees nothing before the agent acts");
    assertEquals(List.of(QUESTION), agent.messages());

    agent.suggestionButton(ANSWER, "send").click();
    visitor.waitFor(d -> visitor.bodies().contains(ANSWER));
    WidgetPage.Message reply = visitor.messages().stream().filter(m -> m.body().equals(ANSWER)).findFirst().orElseThrow();
    assertFalse(reply.customer(), "shown as the agent's reply");
    assertEquals(0, reply.images());
    agent.waitFor(d -> agent.suggestions().isEmpty());
    agent.waitFor(d -> agent.messages("out").equals(List.of(ANSWER)));

    // the bot hears that its draft went out as it was
    DraftingBot.Call accepted = bot.await(c -> "draft.accepted".equals(c.type()));
    assertTrue(accepted.signatureValid());
    assertEquals("accepted", accepted.json().getJsonObject("data").getJsonObject("draft").getString("status"));
    assertTrue(agent.notReloaded(), "everything arrived live");
  }

  @Test
  @Order(2)
  void theAgentEditsASuggestionInTheComposerAndTheVisitorGetsTheEditedText() throws Exception {
    visitor.send(SECOND);
    bot.awaitDrafted(SECOND);
    // it arrives live (draft.created): the conversation stays open, nothing is reloaded
    agent.waitFor(d -> agent.suggestions().stream().anyMatch(s -> s.body().equals(SECOND_ANSWER)));

    agent.suggestionButton(SECOND_ANSWER, "edit").click();
    agent.waitFor(d -> SECOND_ANSWER.equals(agent.draft()));
    agent.shown(By.id("draft-editing"));
    assertTrue(agent.suggestions().isEmpty(), "the suggestion being edited is in the box, not above it");
    assertEquals("reply-input", agent.js("return document.activeElement.id;"), "the box has the focus");
    agent.composer().sendKeys(Keys.END, ": tell me the new address here.");
    agent.js("var e = document.getElementById('reply-input');"
        + "e.setSelectionRange(e.value.indexOf(': tell'), e.value.indexOf(': tell'));");
    // the agent's words replace the final full stop of the bot's
    agent.composer().sendKeys(Keys.BACK_SPACE);
    agent.waitFor(d -> EDITED.equals(agent.draft()));
    agent.composer().sendKeys(Keys.ENTER);

    visitor.waitFor(d -> visitor.bodies().contains(EDITED));
    assertFalse(visitor.bodies().contains(SECOND_ANSWER), "the bot's own version never reached the visitor");
    agent.waitFor(d -> "".equals(agent.draft()));
    agent.waitUntilHidden(By.id("draft-editing"));
    DraftingBot.Call edited = bot.await(c -> "draft.accepted".equals(c.type())
        && "edited".equals(c.json().getJsonObject("data").getJsonObject("draft").getString("status")));
    assertEquals(EDITED, edited.json().getJsonObject("data").getJsonObject("message").getString("body"));
  }

  @Test
  @Order(3)
  void aDismissedSuggestionNeverReachesTheVisitorAndTheBotsCountsSayWhatHappened() throws Exception {
    visitor.send(THIRD);
    bot.awaitDrafted(THIRD);
    agent.waitFor(d -> agent.suggestions().stream().anyMatch(s -> s.body().equals(THIRD_ANSWER)));
    assertEquals(0L, agent.js("return document.querySelectorAll('#drafts script').length;"));
    agent.suggestionButton(THIRD_ANSWER, "dismiss").click();
    agent.waitFor(d -> agent.suggestions().isEmpty());
    bot.await(c -> "draft.dismissed".equals(c.type()));
    assertFalse(visitor.bodies().contains(THIRD_ANSWER));
    assertEquals(List.of(ANSWER, EDITED), agent.messages("out"));

    JsonObject counts = node.admin().get("/api/v1/bots/" + botId).json().getJsonObject("draft_counts");
    assertEquals(new JsonObject().put("created", 3).put("accepted", 1).put("edited", 1).put("dismissed", 1), counts);
    // every call the bot received was signed correctly
    assertTrue(bot.calls().stream().allMatch(DraftingBot.Call::signatureValid));
    assertNull(node.admin().get("/api/v1/conversations/" + conversation + "/drafts?status=pending").json()
        .getJsonArray("drafts").stream().findFirst().orElse(null));
  }

  @Test
  @Order(4)
  void whenAColleagueSendsTheSuggestionBeingEditedTheAgentIsToldAndNothingIsSentTwice() throws Exception {
    ApiClient bea = Offscreen.colleague(node, "Bea");
    visitor.send(FOURTH);
    bot.awaitDrafted(FOURTH);
    agent.suggestionButton(FOURTH_ANSWER, "edit").click();
    agent.waitFor(d -> FOURTH_ANSWER.equals(agent.draft()));
    agent.composer().sendKeys(" More soon.");

    long id = node.admin().get("/api/v1/conversations/" + conversation + "/drafts?status=pending").json()
        .getJsonArray("drafts").getJsonObject(0).getLong("id");
    assertEquals(201, bea.post("/api/v1/drafts/" + id + "/accept", new JsonObject()).status());

    String told = agent.shown(By.id("draft-taken")).getText();
    assertTrue(told.contains("Bea sent the suggestion you were editing"), told);
    agent.waitUntilHidden(By.id("draft-editing"));
    assertEquals(FOURTH_ANSWER + " More soon.", agent.draft(), "the agent's text is kept until they choose");
    agent.composer().sendKeys(Keys.ENTER);
    Thread.sleep(500);
    assertEquals(1L, visitor.bodies().stream().filter(b -> b.startsWith(FOURTH_ANSWER)).count(),
        "Enter does not send the edit on top of Bea's reply");
    agent.find(By.id("draft-taken-clear")).click();
    agent.waitUntilHidden(By.id("draft-taken"));
    assertEquals("", agent.draft());
    assertEquals(List.of(ANSWER, EDITED, FOURTH_ANSWER), agent.waitFor(d -> {
      List<String> out = agent.messages("out");
      return out.size() == 3 ? out : null;
    }));
  }

  /**
   * A bot as an integrator writes one: a webhook endpoint that checks each event's Standard Webhooks
   * signature (HMAC-SHA256 of "id.timestamp.body" keyed with the base64 after {@code whsec_}) and
   * answers a customer's question it knows with a draft, through the REST API with its token.
   */
  static final class DraftingBot implements AutoCloseable {

    record Call(Map<String, String> headers, String body, boolean signatureValid) {
      JsonObject json() {
        return new JsonObject(body);
      }

      String type() {
        return json().getString("type");
      }

      boolean fresh() {
        return Math.abs(Instant.now().getEpochSecond() - Long.parseLong(headers.get("webhook-timestamp"))) < 300;
      }
    }

    private final HttpServer server;
    private final Map<String, String> answers;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Integer> drafted = new ConcurrentHashMap<>();
    private volatile String token;
    private volatile byte[] key;
    private volatile String hub;

    DraftingBot(Map<String, String> answers) throws IOException {
      this.answers = answers;
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(Executors.newFixedThreadPool(2));
      server.createContext("/", exchange -> {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
          body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
        Call call = new Call(headers, body, verified(headers, body));
        int status = call.signatureValid() ? 204 : 401;
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
        if (call.signatureValid()) {
          answer(call);
        }
        synchronized (calls) {
          calls.add(call);
          calls.notifyAll();
        }
      });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
    }

    void credentials(String token, String webhookSecret, String hub) {
      this.token = token;
      this.key = Base64.getDecoder().decode(webhookSecret.substring("whsec_".length()));
      this.hub = hub;
    }

    private boolean verified(Map<String, String> headers, String body) {
      String id = headers.get("webhook-id");
      String timestamp = headers.get("webhook-timestamp");
      String signatures = headers.get("webhook-signature");
      if (key == null || id == null || timestamp == null || signatures == null) {
        return false;
      }
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        for (String s : signatures.split(" ")) {
          if (s.startsWith("v1,") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(s.substring(3)))) {
            return true;
          }
        }
        return false;
      } catch (Exception e) {
        return false;
      }
    }

    /** A customer's question it knows gets a draft (with a note for the agent). */
    private void answer(Call call) {
      JsonObject event = call.json();
      if (!"message.created".equals(event.getString("type"))) {
        return;
      }
      JsonObject message = event.getJsonObject("data").getJsonObject("message");
      String answer = answers.get(message.getString("body"));
      if (answer == null || !"customer".equals(message.getJsonObject("author").getString("type"))) {
        return;
      }
      long c = event.getJsonObject("data").getLong("conversation_id");
      Reply r = new ApiClient(hub).withToken(token).post("/api/v1/conversations/" + c + "/drafts",
          new JsonObject().put("body", answer).put("note", NOTE));
      drafted.put(message.getString("body"), r.status());
    }

    /** Waits until the bot drafted an answer to this question, and the hub took it. */
    void awaitDrafted(String question) throws InterruptedException {
      long until = System.currentTimeMillis() + 15_000;
      while (!drafted.containsKey(question)) {
        if (System.currentTimeMillis() > until) {
          throw new AssertionError("the bot did not draft an answer to " + question + "; it heard " + bodies());
        }
        Thread.sleep(50);
      }
      assertEquals(201, drafted.get(question), "the hub took the bot's draft");
    }

    Call await(Predicate<Call> match) throws InterruptedException {
      long until = System.currentTimeMillis() + 15_000;
      synchronized (calls) {
        while (true) {
          for (Call c : calls) {
            if (match.test(c)) {
              return c;
            }
          }
          long left = until - System.currentTimeMillis();
          if (left <= 0) {
            throw new AssertionError("no matching event within 15 s; the bot heard " + bodies());
          }
          calls.wait(left);
        }
      }
    }

    List<Call> calls() {
      synchronized (calls) {
        return List.copyOf(calls);
      }
    }

    private List<String> bodies() {
      return calls().stream().map(Call::body).toList();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
