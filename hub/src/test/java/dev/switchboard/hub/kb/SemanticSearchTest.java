package dev.switchboard.hub.kb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.assistant.Embedder;
import dev.switchboard.assistant.EmbeddingServer;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Search by meaning: the assistant's embedder (the real quantized all-MiniLM-L6-v2) runs in this
 * JVM on its own Vert.x, as its own process would, and the hub reaches it over HTTP.
 */
class SemanticSearchTest {

  private static final String SECRET = "test-embeddings-secret";
  private static Vertx assistantVertx;
  private static Embedder embedder;
  private static EmbeddingServer server;

  @RegisterExtension
  static final RunningHub node = new RunningHub("kbsemantic", c -> c.withEmbeddings(startEmbedder(), SECRET));
  static KbClient visitor;
  static long inbox;

  /** Called by the extension before the hub starts: the hub is pointed at it. */
  static String startEmbedder() {
    assistantVertx = Vertx.vertx();
    embedder = new Embedder(assistantVertx, 2, 16);
    server = new EmbeddingServer(assistantVertx, embedder, SECRET);
    try {
      int port = server.listen(0).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      return "http://127.0.0.1:" + port;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  static void start() {
    visitor = new KbClient(node.config().httpPort());
    inbox = node.admin().webInbox("Shop");
  }

  @AfterAll
  static void stop() throws Exception {
    embedder.close();
    assistantVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aQuestionWithNoWordOfTheArticleFindsItByMeaningAndFullTextCarriesOnWhenTheEmbedderStops()
      throws Exception {
    long refund = KbClient.create(node.admin(), "Refund policy",
        "Not happy with a purchase? Return it within 30 days and we reimburse the full price.", true,
        "returns").json().getLong("id");
    long shipping = KbClient.create(node.admin(), "Shipping times",
        "Orders leave our warehouse within two working days.", true).json().getLong("id");
    long tent = KbClient.create(node.admin(), "Pitching a tent", "Stake the corners first, then raise the poles.",
        true).json().getLong("id");
    embedded(refund);
    embedded(shipping);
    embedded(tent);

    assertEquals(List.of(), fullTextOnly("money back"), "no word in common: full text alone finds nothing");
    List<String> found = visitor.titles(inbox, "can I get my money back?");
    assertFalse(found.isEmpty(), "found by meaning");
    assertEquals("Refund policy", found.get(0), found.toString());
    assertEquals("Pitching a tent", visitor.titles(inbox, "how do I set up my shelter for camping").get(0));

    // an edit is embedded again
    Reply edited = node.admin().patch("/api/v1/kb/articles/" + refund,
        new JsonObject().put("body", "Not happy? Return it within 60 days for a full reimbursement."));
    assertTrue(edited.json().getBoolean("embedding_stale"), edited.text());
    embedded(refund);

    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(List.of("Refund policy"), visitor.titles(inbox, "refund"), "full text only, no error");
    assertEquals(List.of(), visitor.titles(inbox, "money back"));
  }

  /** What full text alone answers: the SQL behind it, without the embedder. */
  private static List<String> fullTextOnly(String q) throws Exception {
    return new KbSearch(node.hub().pool(), EmbeddingsClient.none()).search(q)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).stream().map(SearchHit::title).toList();
  }

  /** Waits until the hub's worker has stored the article's vector. */
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
