package dev.switchboard.hub.bots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.HubConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What the bot tests share: making a bot as an admin does, calling as it, waiting, checking a signature. */
final class TestBots {

  private TestBots() {}

  /**
   * A bot serving {@code inbox} with {@code scopes}; its webhook is {@code path} on {@code receiver}
   * (a local address, so private networks are allowed), or none when {@code path} is null. The answer
   * holds the token and webhook secret, shown this once.
   */
  static JsonObject create(ApiClient admin, WebhookReceiver receiver, String name, String path, long inbox,
      String... scopes) {
    JsonObject body = new JsonObject().put("name", name).put("scopes", new JsonArray(List.of((Object[]) scopes)))
        .put("inbox_ids", new JsonArray().add(inbox));
    if (path != null) {
      body.put("webhook_url", receiver.url(path)).put("allow_private_network", true);
    }
    Reply r = admin.post("/api/v1/bots", body);
    assertEquals(201, r.status(), r.text());
    return r.json();
  }

  /** The API as the bot calls it, with its token. */
  static ApiClient as(HubConfig node, JsonObject bot) {
    return new ApiClient("http://localhost:" + node.httpPort()).withToken(bot.getString("token"));
  }

  static <T> T poll(Supplier<T> read, Predicate<T> done) throws InterruptedException {
    return poll(read, done, 10);
  }

  /** What {@code read} gives once {@code done} holds, asked every 100 ms for up to {@code seconds}. */
  static <T> T poll(Supplier<T> read, Predicate<T> done, int seconds) throws InterruptedException {
    long until = System.currentTimeMillis() + seconds * 1000L;
    T last = null;
    while (System.currentTimeMillis() < until) {
      last = read.get();
      if (last != null && done.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not reached within " + seconds + " s; last: " + last);
  }

  /** The Standard Webhooks check, written out as a bot would, not the hub's code. */
  static void verifySignature(WebhookReceiver.Call call, String secret) throws Exception {
    String id = call.headers().get("webhook-id");
    String timestamp = call.headers().get("webhook-timestamp");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
    String expected = Base64.getEncoder().encodeToString(
        mac.doFinal((id + "." + timestamp + "." + call.body()).getBytes(StandardCharsets.UTF_8)));
    List<String> signatures = List.of(call.headers().get("webhook-signature").split(" "));
    assertTrue(signatures.contains("v1," + expected), "signature " + signatures + " is not v1," + expected);
  }
}
