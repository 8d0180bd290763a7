package dev.switchboard.assistant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /embed}: the shared secret, bounded input, and vectors that put paraphrases close. */
class EmbeddingServerTest {

  static Vertx vertx;
  static Embedder embedder;
  static EmbeddingServer server;
  static int port;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    embedder = new Embedder(vertx, 2, 8);
    server = new EmbeddingServer(vertx, embedder, "s3cret");
    port = server.listen(0).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    embedder.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static HttpResponse<String> embed(String secret, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/embed"))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (secret != null) {
      b.header(EmbeddingServer.SECRET_HEADER, secret);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutTheSecretNothingIsEmbedded() throws Exception {
    assertEquals(401, embed(null, "{\"texts\":[\"hi\"]}").statusCode());
    assertEquals(401, embed("wrong", "{\"texts\":[\"hi\"]}").statusCode());
  }

  @Test
  void badInputIsRefusedClearly() throws Exception {
    assertEquals(400, embed("s3cret", "{\"texts\":[]}").statusCode());
    assertEquals(400, embed("s3cret", "{\"texts\":[1]}").statusCode());
    assertEquals(400, embed("s3cret", new JsonObject().put("texts", new JsonArray().add("x".repeat(10_001))).encode())
        .statusCode());
    JsonArray many = new JsonArray();
    for (int i = 0; i < 65; i++) {
      many.add("t");
    }
    assertEquals(400, embed("s3cret", new JsonObject().put("texts", many).encode()).statusCode());
    assertEquals(400, embed("s3cret", "not json").statusCode());
  }

  @Test
  void paraphrasesAreCloserThanUnrelatedTextsAndVectorsHaveUnitLength() throws Exception {
    HttpResponse<String> r = embed("s3cret", new JsonObject().put("texts", new JsonArray()
        .add("Can I get my money back?").add("Refund policy").add("How to pitch a tent")).encode());
    assertEquals(200, r.statusCode(), r.body());
    JsonArray vectors = new JsonObject(r.body()).getJsonArray("vectors");
    assertEquals(3, vectors.size());
    assertEquals(Embedder.DIMENSIONS, vectors.getJsonArray(0).size());
    assertEquals(1.0, dot(vectors.getJsonArray(0), vectors.getJsonArray(0)), 1e-3);
    double related = dot(vectors.getJsonArray(0), vectors.getJsonArray(1));
    double unrelated = dot(vectors.getJsonArray(0), vectors.getJsonArray(2));
    assertTrue(related > unrelated + 0.1, related + " vs " + unrelated);
  }

  private static double dot(JsonArray a, JsonArray b) {
    double sum = 0;
    for (int i = 0; i < a.size(); i++) {
      sum += ((Number) a.getValue(i)).doubleValue() * ((Number) b.getValue(i)).doubleValue();
    }
    return sum;
  }
}
