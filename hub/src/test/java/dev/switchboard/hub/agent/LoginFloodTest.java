package dev.switchboard.hub.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.RunningHub;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One address spraying logins with made-up emails, 30 at a time (the reported attack): after its
 * per-address budget it only gets 429s, never another password hash, and the node never hashes more
 * at once than its bound, while a login from elsewhere still works.
 */
class LoginFloodTest {

  static final String ATTACKER = "203.0.113.7";
  static final String COLLEAGUE = "198.51.100.9";
  static final int PER_ADDRESS = 30;

  @RegisterExtension
  static final RunningHub node = new RunningHub("loginflood", c -> c.withTrustedProxies("127.0.0.1"));
  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void oneAddressSprayingEmailsIsCutOffBeforeHashingAndOthersStillSignIn() {
    List<HttpResponse<String>> replies = new ArrayList<>();
    for (int wave = 0; wave < 2; wave++) {
      List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        inFlight.add(login(ATTACKER, "nobody-" + wave + "-" + i + "@example.com", "guess"));
      }
      inFlight.forEach(f -> replies.add(f.join()));
    }
    Map<Integer, Long> byStatus = replies.stream().collect(Collectors.groupingBy(HttpResponse::statusCode,
        Collectors.counting()));
    long limited = byStatus.getOrDefault(429, 0L);
    long refused = byStatus.getOrDefault(401, 0L);
    long busy = byStatus.getOrDefault(503, 0L);
    assertEquals(60, limited + refused + busy, "only 401, 429 or 503: " + byStatus);
    assertEquals(60 - PER_ADDRESS, limited, "everything past the per-address budget is refused: " + byStatus);
    assertTrue(refused <= PER_ADDRESS, "no 401 beyond the limit: " + byStatus);
    for (HttpResponse<String> r : replies) {
      if (r.statusCode() == 429 || r.statusCode() == 503) {
        assertTrue(r.headers().firstValue("retry-after").isPresent(), "a refusal says when to come back");
        String error = new JsonObject(r.body()).getString("error");
        assertEquals(r.statusCode() == 429 ? "rate_limited" : "busy", error);
      }
    }

    AgentService agents = node.hub().agents();
    assertTrue(agents.hashingPeak() >= 1, "the flood did hash some passwords");
    assertTrue(agents.hashingPeak() <= agents.hashingPermits(),
        "hashed " + agents.hashingPeak() + " at once; the bound is " + agents.hashingPermits());

    HttpResponse<String> colleague = login(COLLEAGUE, node.config().adminEmail(), node.config().adminPassword()).join();
    assertEquals(200, colleague.statusCode(), colleague.body());
    assertEquals(429, login(ATTACKER, node.config().adminEmail(), node.config().adminPassword()).join().statusCode(),
        "the flooding address stays cut off, even with the right password");
  }

  @Test
  void successfulLoginsDoNotUseUpTheBudgetOfAnOfficeBehindOneAddress() {
    String office = "192.0.2.44";
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> r = login(office, node.config().adminEmail(), node.config().adminPassword()).join();
      assertEquals(200, r.statusCode(), r.body());
    }
    // 10 + 25 attempts would overrun the budget of 30, had the successful ones counted
    for (int i = 0; i < 25; i++) {
      HttpResponse<String> r = login(office, "typo-" + i + "@example.com", "wrong").join();
      assertEquals(401, r.statusCode(), "attempt " + i + ": " + r.body());
    }
  }

  static CompletableFuture<HttpResponse<String>> login(String from, String email, String password) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + node.config().httpPort() + "/api/v1/auth/login"))
        .header("content-type", "application/json").header("x-forwarded-for", from)
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("email", email).put("password", password).encode()))
        .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }
}
