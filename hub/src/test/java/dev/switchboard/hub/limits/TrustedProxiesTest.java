package dev.switchboard.hub.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.TestHub;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Behind a load balancer every client arrives from the balancer's address: per-address limits
 * count the client it names in X-Forwarded-For, and only when the balancer is trusted.
 */
class TrustedProxiesTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void behindATrustedProxyEachClientHasItsOwnLoginBudget() throws Exception {
    HubConfig config = TestHub.config("proxied").withTrustedProxies("127.0.0.1, ::1");
    Hub hub = TestHub.start(config);
    try {
      int first = 0;
      while (wrongLogin(config, "203.0.113.7") != 429) {
        first++;
        if (first > 100) {
          throw new AssertionError("one client behind the proxy is never limited");
        }
      }
      assertEquals(401, wrongLogin(config, "203.0.113.8"), "another client behind the same proxy is not");
      assertEquals(401, wrongLogin(config, "198.51.100.1, 203.0.113.9"),
          "the right-most untrusted hop counts, not what the client wrote first");
    } finally {
      TestHub.stop(hub);
      TestHub.dropAll(config);
    }
  }

  @Test
  void withoutTrustedProxiesAForgedHeaderDoesNotBuyNewAttempts() throws Exception {
    HubConfig config = TestHub.config("direct");
    Hub hub = TestHub.start(config);
    try {
      int status = 0;
      for (int i = 0; i < 100 && status != 429; i++) {
        status = wrongLogin(config, "203.0.113." + i);
      }
      assertEquals(429, status, "X-Forwarded-For from an untrusted peer is ignored");
    } finally {
      TestHub.stop(hub);
      TestHub.dropAll(config);
    }
  }

  private static int wrongLogin(HubConfig config, String forwardedFor) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + config.httpPort() + "/api/v1/auth/login"))
        .header("content-type", "application/json").header("x-forwarded-for", forwardedFor)
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("email", config.adminEmail())
            .put("password", "wrong-password").encode()))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
