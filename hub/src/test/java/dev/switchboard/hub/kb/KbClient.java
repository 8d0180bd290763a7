package dev.switchboard.hub.kb;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** The knowledge base as a test sees it: articles written through the API, searched as a visitor would. */
final class KbClient {

  record Page(int status, String body, HttpResponse<String> response) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  KbClient(int port) {
    this.base = "http://localhost:" + port;
  }

  static Reply create(ApiClient api, String title, String body, boolean published, String... tags) {
    return api.post("/api/v1/kb/articles", new JsonObject().put("title", title).put("body", body)
        .put("published", published).put("tags", new JsonArray(List.of(tags))));
  }

  /** A public GET, with an Origin header when {@code origin} is not null. */
  Page get(String path, String origin) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET();
    if (origin != null) {
      b.header("origin", origin);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Page(r.statusCode(), r.body(), r);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  Page search(long inbox, String q, String origin) {
    return get("/kb/search?inbox=" + inbox + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), origin);
  }

  /** The titles found for {@code q}, best first. */
  List<String> titles(long inbox, String q) {
    Page p = search(inbox, q, null);
    if (p.status() != 200) {
      throw new AssertionError(p.status() + " " + p.body());
    }
    return new JsonArray(p.body()).stream().map(o -> ((JsonObject) o).getString("title")).toList();
  }
}
