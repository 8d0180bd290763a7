package dev.switchboard.hub.kb;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The assistant's embedder ({@code POST /embed {texts}} → {@code {vectors}}), which owns the model
 * in its own process. {@link #none()} when the hub has no embedder configured.
 */
public interface EmbeddingsClient {

  /** Whether there is an embedder to ask at all. */
  boolean configured();

  /** One vector per text; fails when the embedder fails or does not answer within {@code timeoutMillis}. */
  Future<List<Float[]>> embed(List<String> texts, long timeoutMillis);

  static EmbeddingsClient none() {
    return new EmbeddingsClient() {
      @Override
      public boolean configured() {
        return false;
      }

      @Override
      public Future<List<Float[]>> embed(List<String> texts, long timeoutMillis) {
        return Future.failedFuture(new IllegalStateException("no embedder configured"));
      }
    };
  }

  /** Over HTTP to {@code baseUrl} (e.g. {@code http://127.0.0.1:8091}), with the shared secret. */
  static EmbeddingsClient http(Vertx vertx, String baseUrl, String secret) {
    if (baseUrl == null || baseUrl.isBlank()) {
      return none();
    }
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(1000));
    String url = baseUrl.replaceAll("/+$", "") + "/embed";
    return new EmbeddingsClient() {
      @Override
      public boolean configured() {
        return true;
      }

      @Override
      public Future<List<Float[]>> embed(List<String> texts, long timeoutMillis) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
            .setIdleTimeout(timeoutMillis).putHeader("content-type", "application/json")
            .putHeader("x-switchboard-secret", secret == null ? "" : secret);
        Buffer body = new JsonObject().put("texts", new JsonArray(texts)).toBuffer();
        return client.request(options)
            .compose(req -> req.send(body))
            .compose(resp -> resp.body().map(b -> {
              if (resp.statusCode() != 200) {
                throw new IllegalStateException("the embedder answered " + resp.statusCode());
              }
              JsonArray vectors = b.toJsonObject().getJsonArray("vectors");
              if (vectors == null || vectors.size() != texts.size()) {
                throw new IllegalStateException("the embedder answered with the wrong number of vectors");
              }
              List<Float[]> out = new ArrayList<>();
              for (Object o : vectors) {
                JsonArray v = (JsonArray) o;
                Float[] f = new Float[v.size()];
                for (int i = 0; i < f.length; i++) {
                  f[i] = ((Number) v.getValue(i)).floatValue();
                }
                out.add(f);
              }
              return out;
            }))
            .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
      }
    };
  }
}
