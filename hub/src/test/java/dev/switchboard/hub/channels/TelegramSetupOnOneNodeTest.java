package dev.switchboard.hub.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.connectors.testkit.telegram.FakeTelegram;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningNodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes of one deployment both poll for inboxes to set up; each create or change of a Telegram
 * inbox registers its webhook once, whichever node the admin talked to.
 */
class TelegramSetupOnOneNodeTest {

  @RegisterExtension
  static final RunningNodes nodes = new RunningNodes("telegramsetup");

  static Vertx vertx;
  static FakeTelegram telegram;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    telegram = new FakeTelegram(vertx).start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    telegram.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void eachChangeRegistersTheWebhookOnceAcrossNodes() throws Exception {
    ApiClient onA = ApiClient.admin(nodes.configA());
    ApiClient onB = ApiClient.admin(nodes.configB());

    ApiClient.Reply created = onA.post("/api/v1/inboxes", new JsonObject().put("name", "Bot").put("channel", "telegram")
        .put("config", new JsonObject().put("bot_token", FakeTelegram.TOKEN).put("api_base_url", telegram.apiBaseUrl())));
    assertEquals(201, created.status(), created.text());
    long inbox = created.json().getLong("id");
    awaitCalls(1);
    Thread.sleep(5_000); // both nodes polled twice meanwhile
    assertEquals(1, telegram.calls("setWebhook").size(), "set up once, by one node");

    ApiClient.Reply renamed = onB.patch("/api/v1/inboxes/" + inbox, new JsonObject().put("name", "Support bot"));
    assertEquals(200, renamed.status(), renamed.text());
    ApiClient.Reply changed = onB.patch("/api/v1/inboxes/" + inbox,
        new JsonObject().put("config", new JsonObject().put("secret_token", "a-new-secret_chosen-by-the-admin")));
    assertEquals(200, changed.status(), changed.text());
    awaitCalls(2);
    Thread.sleep(5_000);
    assertEquals(2, telegram.calls("setWebhook").size(), "a rename sets nothing up; a config change once");
    assertEquals("a-new-secret_chosen-by-the-admin", telegram.calls("setWebhook").get(1).params().getString("secret_token"));
    assertTrue(telegram.calls("setWebhook").get(1).params().getString("url").endsWith("/webhooks/telegram/" + inbox));
    assertEquals("done", onA.get("/api/v1/inboxes/" + inbox).json().getJsonObject("setup").getString("state"));
  }

  static void awaitCalls(int n) throws InterruptedException {
    for (int i = 0; i < 150 && telegram.calls("setWebhook").size() < n; i++) {
      Thread.sleep(100);
    }
    assertEquals(n, telegram.calls("setWebhook").size());
  }
}
