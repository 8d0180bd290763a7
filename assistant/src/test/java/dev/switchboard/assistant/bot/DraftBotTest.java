package dev.switchboard.assistant.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The draft bot against a fake hub and a fake OpenAI-compatible model: what reaches it unsigned is
 * refused, a customer's question becomes a draft linking the matching article, the model's answer
 * is used when one is configured (and was given the articles), and a failing or hanging model
 * leaves an articles-only draft.
 */
class DraftBotTest {

  static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef"
      .getBytes(StandardCharsets.UTF_8));
  static final String LINKS = "https://help.example.com";
  static final AtomicLong conversations = new AtomicLong(100);
  static final HttpClient http = HttpClient.newHttpClient();

  static Vertx vertx;
  static FakeHub hub;
  static FakeOpenAi model;
  static int plainPort;
  static int modelPort;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    hub = new FakeHub();
    model = new FakeOpenAi();
    hub.article("money", 7, "Refund policy",
        "Not happy with something you bought? Return it within 30 days and we reimburse the full price.");
    hub.article("parcel", 8, "Shipping times", "Orders leave our warehouse within two working days.");
    hub.article("parcel", 9, "Tracking a parcel", "Every parcel has a tracking link in its confirmation mail.");
    BotConfig plain = new BotConfig(hub.url(), LINKS, FakeHub.TOKEN, SECRET, "127.0.0.1", 0, null);
    plainPort = listen(plain);
    modelPort = listen(plain.withModel(new BotConfig.Model(model.baseUrl(), "fake-model", "sk-test-key",
        Duration.ofSeconds(2))));
  }

  static int listen(BotConfig config) throws Exception {
    return new WebhookEndpoint(vertx, SECRET, new DraftBot(vertx, config)).listen("127.0.0.1", 0)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    hub.close();
    model.close();
  }

  @Test
  void aBadSignatureIsRefusedWith401AndNothingIsDone() throws Exception {
    long c = conversations.incrementAndGet();
    String body = customerSays(c, "can I get my money back?").encode();
    long now = Instant.now().getEpochSecond();
    String id = "msg_" + UUID.randomUUID();
    int searchesBefore = hub.searches.size();

    assertEquals(401, post(plainPort, id, now, "v1," + Base64.getEncoder().encodeToString(new byte[32]), body));
    assertEquals(401, post(plainPort, id, now, sign("whsec_" + Base64.getEncoder().encodeToString(
        "another-secret-another-secret-00".getBytes(StandardCharsets.UTF_8)), id, now, body), body));
    // signed right, but the body was changed on the way
    assertEquals(401, post(plainPort, id, now, sign(SECRET, id, now, body), body.replace("money", "honey")));
    // signed right, but too old (a replay) or from the future
    long old = now - 330;
    assertEquals(401, post(plainPort, id, old, sign(SECRET, id, old, body), body));
    long ahead = now + 330;
    assertEquals(401, post(plainPort, id, ahead, sign(SECRET, id, ahead, body), body));
    assertEquals(401, post(plainPort, null, now, sign(SECRET, "", now, body), body));

    Thread.sleep(300);
    assertEquals(searchesBefore, hub.searches.size(), "nothing was searched");
    assertTrue(hub.draftsFor(c).isEmpty(), "nothing was drafted");

    // and the same delivery, signed right, is taken (the refusals did not mark its id as seen)
    assertEquals(202, post(plainPort, id, now, sign(SECRET, id, now, body), body));
    await(() -> hub.draftsFor(c).size() == 1, "the draft after a valid delivery");
  }

  @Test
  void aCustomerQuestionGetsADraftLinkingTheArticleOnceAndNothingElseDoes() throws Exception {
    long c = conversations.incrementAndGet();
    String id = "msg_" + UUID.randomUUID();
    assertEquals(202, deliver(plainPort, id, customerSays(c, "Hello, can I get my money back?")));
    await(() -> hub.draftsFor(c).size() == 1, "a draft");
    JsonObject draft = hub.draftsFor(c).get(0).body();
    assertTrue(draft.getString("body").contains(LINKS + "/kb/articles/7"), draft.encode());
    assertTrue(draft.getString("body").contains("Refund policy"), draft.encode());
    assertTrue(draft.getString("note").contains("Refund policy"), draft.encode());
    assertTrue(draft.getString("note").contains("no model"), draft.encode());
    assertEquals("Hello, can I get my money back?", hub.searches.get(hub.searches.size() - 1).query());

    // the hub's retry of the same delivery is acknowledged and not acted on twice
    int searches = hub.searches.size();
    assertEquals(204, deliver(plainPort, id, customerSays(c, "Hello, can I get my money back?")));
    // a second message citing the same article adds no second draft (an agent wants no noise)
    assertEquals(202, deliver(plainPort, "msg_" + UUID.randomUUID(), customerSays(c, "my money, please")));
    await(() -> hub.searches.size() == searches + 1, "the second message searched");
    // several articles: each linked
    assertEquals(202, deliver(plainPort, "msg_" + UUID.randomUUID(), customerSays(c, "where is my parcel?")));
    await(() -> hub.draftsFor(c).size() == 2, "a draft for the new question");
    String second = hub.draftsFor(c).get(1).body().getString("body");
    assertTrue(second.contains(LINKS + "/kb/articles/8") && second.contains(LINKS + "/kb/articles/9"), second);

    // an agent's reply, a note-less event type, a question with no matching article: no draft
    JsonObject agent = customerSays(c, "your money is on its way");
    agent.getJsonObject("data").getJsonObject("message").put("direction", "out")
        .put("author", new JsonObject().put("type", "agent").put("name", "Ana"));
    assertEquals(204, deliver(plainPort, "msg_" + UUID.randomUUID(), agent));
    assertEquals(204, deliver(plainPort, "msg_" + UUID.randomUUID(), new JsonObject().put("type",
        "conversation.opened").put("data", new JsonObject().put("conversation_id", c))));
    int before = hub.searches.size();
    assertEquals(202, deliver(plainPort, "msg_" + UUID.randomUUID(), customerSays(c, "do you sell kayaks?")));
    await(() -> hub.searches.size() == before + 1, "the unmatched question searched");
    Thread.sleep(300);
    assertEquals(2, hub.draftsFor(c).size(), "no draft without a matching article");
  }

  @Test
  void withAModelTheDraftIsItsAnswerAndTheModelWasGivenTheArticles() throws Exception {
    long c = conversations.incrementAndGet();
    model.answer("You can return it within 30 days for a full refund: " + LINKS + "/kb/articles/7");
    int asked = model.requests().size();
    assertEquals(202, deliver(modelPort, "msg_" + UUID.randomUUID(), customerSays(c, "can I get my money back?")));
    await(() -> hub.draftsFor(c).size() == 1, "a draft");
    JsonObject draft = hub.draftsFor(c).get(0).body();
    assertEquals("You can return it within 30 days for a full refund: " + LINKS + "/kb/articles/7",
        draft.getString("body"));
    assertTrue(draft.getString("note").contains("fake-model"), draft.encode());

    JsonObject request = model.requests().get(asked);
    assertEquals("fake-model", request.getString("model"));
    assertEquals("Bearer sk-test-key", request.getString("authorization"));
    String prompt = request.getJsonArray("messages").encode();
    assertTrue(prompt.contains("ONLY the knowledge-base articles"), prompt);
    assertTrue(prompt.contains("Refund policy") && prompt.contains("reimburse the full price"), prompt);
    assertTrue(prompt.contains(LINKS + "/kb/articles/7"), prompt);
    assertTrue(prompt.contains("can I get my money back?"), prompt);

    // an answer that cites no link gets the articles' links added
    long c2 = conversations.incrementAndGet();
    model.answer("Yes, within 30 days.");
    assertEquals(202, deliver(modelPort, "msg_" + UUID.randomUUID(), customerSays(c2, "money back?")));
    await(() -> hub.draftsFor(c2).size() == 1, "a draft");
    assertEquals("Yes, within 30 days.\n\nRefund policy: " + LINKS + "/kb/articles/7",
        hub.draftsFor(c2).get(0).body().getString("body"));
  }

  @Test
  void aFailingOrHangingModelLeavesAnArticlesOnlyDraft() throws Exception {
    for (FakeOpenAi.Mode mode : List.of(FakeOpenAi.Mode.FAIL, FakeOpenAi.Mode.HANG)) {
      long c = conversations.incrementAndGet();
      model.mode(mode);
      long started = System.nanoTime();
      assertEquals(202, deliver(modelPort, "msg_" + UUID.randomUUID(), customerSays(c, "can I get my money back?")));
      await(() -> hub.draftsFor(c).size() == 1, "an articles-only draft when the model does " + mode);
      JsonObject draft = hub.draftsFor(c).get(0).body();
      assertEquals("Not happy with something you bought? Return it within 30 days and we reimburse the full price."
          + "\n\nMore in our help article \"Refund policy\": " + LINKS + "/kb/articles/7", draft.getString("body"));
      assertTrue(draft.getString("note").contains("the model did not answer"), draft.encode());
      assertFalse(draft.getString("body").contains("model"), draft.encode());
      if (mode == FakeOpenAi.Mode.HANG) {
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(took >= 1_900 && took < 6_000, "the model's 2 s timeout decided: " + took + " ms");
      }
    }
    model.answer("back to normal");
  }

  static JsonObject customerSays(long conversation, String text) {
    return new JsonObject().put("type", "message.created").put("timestamp", Instant.now().toString())
        .put("data", new JsonObject().put("conversation_id", conversation).put("inbox_id", 1)
            .put("message", new JsonObject().put("id", conversation * 10).put("conversation_id", conversation)
                .put("seq", 1).put("direction", "in").put("channel", "web").put("body", text)
                .put("author", new JsonObject().put("type", "customer").put("name", "Visitor"))));
  }

  /** Delivers as the hub does: signed now with the bot's secret. */
  static int deliver(int port, String id, JsonObject event) throws Exception {
    String body = event.encode();
    long now = Instant.now().getEpochSecond();
    return post(port, id, now, sign(SECRET, id, now, body), body);
  }

  static int post(int port, String id, long timestamp, String signature, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
        .header("content-type", "application/json")
        .header("webhook-timestamp", String.valueOf(timestamp))
        .header("webhook-signature", signature)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (id != null) {
      b.header("webhook-id", id);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  /** The Standard Webhooks signature, written out here rather than taken from the code under test. */
  static String sign(String secret, String id, long timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
    return "v1," + Base64.getEncoder().encodeToString(
        mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long until = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < until) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("not within 10 s: " + what);
  }
}
