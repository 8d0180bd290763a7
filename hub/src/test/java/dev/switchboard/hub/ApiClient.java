package dev.switchboard.hub;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A blocking REST client for tests, as an integration would call the hub. */
public final class ApiClient {

  /** Status and parsed JSON body (or {@code null} when there is none). */
  public record Reply(int status, JsonObject json, String text) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private String token;

  public ApiClient(String base) {
    this.base = base;
  }

  public static ApiClient admin(HubConfig config) {
    ApiClient api = new ApiClient("http://localhost:" + config.httpPort());
    api.login(config.adminEmail(), config.adminPassword());
    return api;
  }

  public ApiClient login(String email, String password) {
    Reply r = post("/api/v1/auth/login", new JsonObject().put("email", email).put("password", password).encode());
    if (r.status() != 200) {
      throw new IllegalStateException("login failed: " + r.status() + " " + r.text());
    }
    token = r.json().getString("token");
    return this;
  }

  /** Calls with this bearer token from now on (a bot's, say). */
  public ApiClient withToken(String token) {
    this.token = token;
    return this;
  }

  public String token() {
    return token;
  }

  public Reply get(String path) {
    return send(request(path).GET());
  }

  public Reply post(String path, String body) {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Reply post(String path, JsonObject body) {
    return post(path, body.encode());
  }

  public Reply patch(String path, JsonObject body) {
    return send(request(path).method("PATCH", HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  public Reply delete(String path) {
    return send(request(path).DELETE());
  }

  /** {@code POST /api/v1/attachments?filename=}: a file as the raw body, with its content type. */
  public Reply upload(String filename, String contentType, byte[] bytes) {
    HttpRequest.Builder b = request("/api/v1/attachments?filename="
        + java.net.URLEncoder.encode(filename, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (contentType != null) {
      b.setHeader("content-type", contentType);
    }
    return send(b);
  }

  /** {@code GET path}: the status and the raw bytes (a file). */
  public HttpResponse<byte[]> bytes(String path) {
    try {
      return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates a web-chat inbox that any origin may embed; returns its id. */
  public long webInbox(String name) {
    Reply r = post("/api/v1/inboxes", new JsonObject().put("name", name).put("channel", "web")
        .put("config", new JsonObject().put("allowed_origins", new io.vertx.core.json.JsonArray().add("*"))));
    if (r.status() != 201) {
      throw new IllegalStateException("inbox not created: " + r.text());
    }
    return r.json().getLong("id");
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json");
    if (token != null) {
      b.header("authorization", "Bearer " + token);
    }
    return b;
  }

  private Reply send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      String text = r.body();
      JsonObject json = null;
      if (text != null && text.startsWith("{")) {
        json = new JsonObject(text);
      }
      return new Reply(r.statusCode(), json, text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
