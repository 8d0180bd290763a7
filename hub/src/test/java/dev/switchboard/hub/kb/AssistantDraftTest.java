package dev.switchboard.hub.kb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.assistant.Embedder;
import dev.switchboard.assistant.EmbeddingServer;
import dev.switchboard.assistant.bot.BotConfig;
import dev.switchboard.assistant.bot.DraftBot;
import dev.switchboard.assistant.bot.FakeOpenAi;
import dev.switchboard.assistant.bot.WebhookEndpoint;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.Visitors;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The built-in assistant end to end: a real hub with the real embedder, the assistant's bot running
 * in this JVM on its own Vert.x as its own process would (reaching the hub only over HTTP, with the
 * token and secret an admin got), and a widget visitor asking a question that shares no word with
 * the article that answers it. The conversation gets a draft citing that article; with a (fake)
 * OpenAI-compatible model configured, the draft is the model's text.
 */
class AssistantDraftTest {

  private static final String SECRET = "test-embeddings-secret";
  private static Vertx assistantVertx;
  private static Embedder embedder;

  @RegisterExtension
  static final RunningHub node = new RunningHub("kbassistant", c -> c.withEmbeddings(startEmbedder(), SECRET));
  static FakeOpenAi model;
  static long refund;

  static String startEmbedder() {
    assistantVertx = Vertx.vertx();
    embedder = new Embedder(assistantVertx, 2, 16);
    try {
      int port = new EmbeddingServer(assistantVertx, embedder, SECRET).listen(0)
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      return "http://127.0.0.1:" + port;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    model = new FakeOpenAi();
    refund = KbClient.create(node.admin(), "Refund policy",
        "Not happy with a purchase? Return it within 30 days and we reimburse the full price.", true, "returns")
        .json().getLong("id");
    long shipping = KbClient.create(node.admin(), "Shipping times",
        "Orders leave our warehouse within two working days.", true).json().getLong("id");
    long tent = KbClient.create(node.admin(), "Pitching a tent", "Stake the corners first, then raise the poles.",
        true).json().getLong("id");
    for (long id : List.of(refund, shipping, tent)) {
      embedded(id);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    model.close();
    embedder.close();
    assistantVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aQuestionWithNoWordOfTheArticleGetsADraftCitingIt() throws Exception {
    long inbox = node.admin().webInbox("Shop");
    assistantFor(inbox, null);

    long c = visitorSays(inbox, "can I get my money back?");
    JsonObject draft = firstDraft(c);
    String link = node.config().publicUrl() + "/kb/articles/" + refund;
    assertTrue(draft.getString("body").contains(link), draft.encode());
    assertTrue(draft.getString("body").contains("Refund policy"), draft.encode());
    assertEquals("Knowledge-base assistant", draft.getJsonObject("bot").getString("name"));
    assertEquals("pending", draft.getString("status"));
    assertTrue(draft.getString("note").contains("Refund policy"), draft.encode());
    // a draft, never a reply: the customer has heard nothing
    JsonArray messages = node.admin().get("/api/v1/conversations/" + c + "/messages").json().getJsonArray("messages");
    assertEquals(1, messages.size(), messages.encode());
  }

  @Test
  void withAModelConfiguredTheDraftIsTheModelsText() throws Exception {
    long inbox = node.admin().webInbox("Shop with a model");
    String link = node.config().publicUrl() + "/kb/articles/" + refund;
    model.answer("Yes: return it within 30 days and we reimburse the full price. See " + link);
    int asked = model.requests().size();
    assistantFor(inbox, new BotConfig.Model(model.baseUrl(), "fake-model", "sk-test", Duration.ofSeconds(10)));

    long c = visitorSays(inbox, "can I get my money back?");
    JsonObject draft = firstDraft(c);
    assertEquals("Yes: return it within 30 days and we reimburse the full price. See " + link,
        draft.getString("body"));
    String prompt = model.requests().get(asked).getJsonArray("messages").encode();
    assertTrue(prompt.contains("Refund policy") && prompt.contains("reimburse the full price"), prompt);
    assertTrue(prompt.contains("can I get my money back?"), prompt);
  }

  /** The admin makes the bot as an integrator would; the assistant gets only its token and secret. */
  private static void assistantFor(long inbox, BotConfig.Model withModel) throws Exception {
    Reply created = node.admin().post("/api/v1/bots", new JsonObject().put("name", "Knowledge-base assistant")
        .put("scopes", new JsonArray().add("read").add("draft")).put("inbox_ids", new JsonArray().add(inbox))
        .put("allow_private_network", true));
    assertEquals(201, created.status(), created.text());
    BotConfig config = new BotConfig("http://localhost:" + node.config().httpPort(), node.config().publicUrl(),
        created.json().getString("token"), created.json().getString("webhook_secret"), "127.0.0.1", 0, withModel);
    int port = new WebhookEndpoint(assistantVertx, config.webhookSecret(), new DraftBot(assistantVertx, config))
        .listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Reply hooked = node.admin().patch("/api/v1/bots/" + created.json().getLong("id"),
        new JsonObject().put("webhook_url", "http://127.0.0.1:" + port + "/events"));
    assertEquals(200, hooked.status(), hooked.text());
  }

  private static JsonObject firstDraft(long conversation) throws InterruptedException {
    long until = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < until) {
      JsonArray drafts = node.admin().get("/api/v1/conversations/" + conversation + "/drafts").json()
          .getJsonArray("drafts");
      if (!drafts.isEmpty()) {
        assertEquals(1, drafts.size(), drafts.encode());
        return drafts.getJsonObject(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no draft within 30 s for conversation " + conversation);
  }

  private static long visitorSays(long inbox, String body) {
    return Visitors.says(node.config(), inbox, body);
  }

  private static void embedded(long id) throws InterruptedException {
    long until = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < until) {
      if (!node.admin().get("/api/v1/kb/articles/" + id).json().getBoolean("embedding_stale")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("article " + id + " was not embedded within a minute");
  }
}
