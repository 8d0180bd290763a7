package dev.switchboard.hub.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.connectors.testkit.telegram.FakeTelegram;
import dev.switchboard.connectors.testkit.telegram.TelegramUpdates;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.SocialInboxes;
import dev.switchboard.hub.UserHash;
import dev.switchboard.hub.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Telegram repeats an update while the first delivery is still being stored. When that update is a
 * customer sharing their own phone, every copy links the phone (merging the Telegram customer into the
 * one who already had it): the copies that lose that race are answered 200 like the first, not 500.
 */
class RepeatedContactShareTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("repeatedcontact");

  static final String PHONE = "+4915187654321";
  static final String SECRET = "site-secret";
  static final JsonObject ADA = TelegramUpdates.user(55501L, "Ada", "Lovelace");

  static Vertx vertx;
  static FakeTelegram telegram;
  static ExecutorService threads;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    telegram = new FakeTelegram(vertx).start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    threads = Executors.newFixedThreadPool(6);
  }

  @AfterAll
  static void stop() throws Exception {
    threads.shutdownNow();
    telegram.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aContactShareDeliveredSeveralTimesAtOnceIsAnswered200AndLinksHerOnce() throws Exception {
    ApiClient admin = node.admin();
    long web = admin.post("/api/v1/inboxes", new JsonObject().put("name", "Shop").put("channel", "web")
        .put("config", new JsonObject().put("allowed_origins", new JsonArray().add("*")).put("identity_secret", SECRET)))
        .json().getLong("id");
    SocialInboxes.Telegram telegramInbox = SocialInboxes.telegram(admin, telegram);
    long bot = telegramInbox.id();
    String secret = telegramInbox.secret();
    long conversation;
    try (WsClient widget = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox=" + web,
        "https://shop.example.com")) {
      widget.awaitType("hello");
      widget.send(new JsonObject().put("type", "identify").put("phone", PHONE)
          .put("user_hash", UserHash.of(SECRET, null, null, PHONE)));
      conversation = widget.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
          .getLong("conversation_id");
    }
    String url = node.config().publicUrl() + "/webhooks/telegram/" + bot;
    TelegramUpdates updates = new TelegramUpdates();
    assertEquals(200, updates.post(url, secret, TelegramUpdates.text(800001, 1, ADA, "Hi from Telegram")).statusCode());

    JsonObject share = TelegramUpdates.contact(800002, 2, ADA, PHONE.substring(1), "Ada", ADA.getLong("id"));
    String withSecret = secret;
    List<CompletableFuture<Integer>> copies = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      copies.add(CompletableFuture.supplyAsync(() -> updates.post(url, withSecret, share).statusCode(), threads));
    }
    assertEquals(List.of(200, 200, 200, 200, 200, 200), copies.stream().map(CompletableFuture::join).toList());

    JsonArray all = admin.get("/api/v1/conversations?status=all").json().getJsonArray("conversations");
    assertEquals(1, all.size(), "one customer, one conversation");
    assertEquals(conversation, all.getJsonObject(0).getLong("id"));
    List<String> bodies = admin.get("/api/v1/conversations/" + conversation + "/messages?after_seq=0").json()
        .getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("body")).toList();
    assertEquals(List.of("Hi from Telegram", "Contact: Ada, " + PHONE.substring(1)), bodies);
  }
}
