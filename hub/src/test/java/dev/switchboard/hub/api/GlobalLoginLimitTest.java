package dev.switchboard.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.hub.RunningHub;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many addresses, each within its own budget, together hit the limit every node shares: what a
 * botnet can make the hub hash is capped. (Its price: for the rest of that minute nobody new signs
 * in; existing sessions go on.)
 */
class GlobalLoginLimitTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("globallogin", c -> c.withTrustedProxies("127.0.0.1"));
  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void loginsFromManyAddressesStopAtTheLimitAllNodesShare() {
    int addresses = LoginLimits.EVERYWHERE_PER_MINUTE / LoginLimits.PER_ADDRESS + 2;
    List<HttpResponse<String>> replies = new ArrayList<>();
    for (int a = 0; a < addresses; a++) {
      List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> wave = new ArrayList<>();
      for (int i = 0; i < LoginLimits.PER_ADDRESS; i++) {
        wave.add(login("198.51.100." + (a + 1), "bot-" + a + "-" + i + "@example.com", "guess"));
      }
      wave.forEach(f -> replies.add(f.join()));
    }
    long limited = replies.stream().filter(r -> r.statusCode() == 429).count();
    assertEquals(addresses * LoginLimits.PER_ADDRESS - LoginLimits.EVERYWHERE_PER_MINUTE, limited,
        "every attempt past the shared limit is refused before hashing");
    assertEquals(429, login("203.0.113.200", node.config().adminEmail(), node.config().adminPassword()).join().statusCode());
  }

  static java.util.concurrent.CompletableFuture<HttpResponse<String>> login(String from, String email,
      String password) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + node.config().httpPort() + "/api/v1/auth/login"))
        .header("content-type", "application/json").header("x-forwarded-for", from)
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("email", email).put("password", password).encode()))
        .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }
}
