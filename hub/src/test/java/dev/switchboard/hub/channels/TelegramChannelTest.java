package dev.switchboard.hub.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.connectors.testkit.telegram.FakeTelegram;
import dev.switchboard.connectors.testkit.telegram.TelegramUpdates;
import dev.switchboard.connectors.testkit.twilio.FakeTwilio;
import dev.switchboard.connectors.testkit.twilio.TwilioWebhooks;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Telegram through a running hub against a local server speaking the Bot API: the hub registers the
 * webhook with a secret of its own making, a customer who texted by SMS writes to the bot and shares
 * their phone (one customer, one conversation), a retried update is stored once, a forged one not at
 * all, and agents' replies reach the bot's chat, or fail saying why.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TelegramChannelTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("telegram");

  static final String PHONE = "+4915112345678";
  static final String OUR_NUMBER = "+14155550100";
  static final long ANA_ID = 123456789L;
  static final JsonObject ANA = TelegramUpdates.user(ANA_ID, "Ana", "Silva");
  static final String NEW_TOKEN = "7098765432:AAFnewTokenAfterRevokeInBotFather00";

  static Vertx vertx;
  static FakeTelegram telegram;
  static FakeTwilio twilio;
  static ApiClient admin;
  static long inbox;
  static String secret;
  static final TelegramUpdates updates = new TelegramUpdates();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    telegram = new FakeTelegram(vertx).start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    telegram.tokens.add(NEW_TOKEN);
    twilio = new FakeTwilio(vertx, Map.of()).start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    admin = node.admin();
    ApiClient.Reply sms = admin.post("/api/v1/inboxes", new JsonObject().put("name", "Support SMS").put("channel", "sms")
        .put("config", new JsonObject().put("account_sid", FakeTwilio.ACCOUNT).put("auth_token", FakeTwilio.TOKEN)
            .put("phone_number", OUR_NUMBER).put("api_base_url", twilio.apiBaseUrl())));
    assertEquals(201, sms.status(), sms.text());
  }

  @AfterAll
  static void stop() throws Exception {
    telegram.close();
    twilio.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @Order(1)
  void creatingAnInboxRegistersItsWebhookWithAGeneratedSecret() throws Exception {
    ApiClient.Reply created = admin.post("/api/v1/inboxes", new JsonObject().put("name", "Support bot")
        .put("channel", "telegram").put("config", new JsonObject().put("bot_token", FakeTelegram.TOKEN)
            .put("api_base_url", telegram.apiBaseUrl())));
    assertEquals(201, created.status(), created.text());
    inbox = created.json().getLong("id");
    assertEquals(List.of("bot_token", "secret_token"),
        created.json().getJsonArray("secrets_set").stream().map(String::valueOf).sorted().toList());
    assertFalse(created.text().contains(FakeTelegram.TOKEN), "secrets are write-only");

    FakeTelegram.Call call = telegram.awaitCall("setWebhook", c -> true);
    assertEquals(FakeTelegram.TOKEN, call.token());
    assertEquals(node.config().publicUrl() + "/webhooks/telegram/" + inbox, call.params().getString("url"));
    secret = call.params().getString("secret_token");
    assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), secret);
    assertEquals(new JsonArray().add("message").add("edited_message"), call.params().getJsonArray("allowed_updates"));
    JsonObject setup = awaitSetup("done");
    assertTrue(setup.getString("message").contains("/webhooks/telegram/" + inbox), setup.getString("message"));
    assertFalse(admin.get("/api/v1/inboxes/" + inbox).text().contains(secret), "the secret is write-only too");
  }

  @Test
  @Order(2)
  void aCustomerWhoTextedWritesToTheBotAndSharingTheirPhoneJoinsTheirConversation() throws Exception {
    Map<String, String> sms = TwilioWebhooks.inboundSms("SMd0000000000000000000000000000001", PHONE, OUR_NUMBER, "Order 4711 is late");
    assertEquals(200, new TwilioWebhooks().signed(node.config().publicUrl() + "/webhooks/twilio/sms", FakeTwilio.TOKEN, sms)
        .statusCode());
    waitFor(List.of("Order 4711 is late"));

    JsonObject hello = TelegramUpdates.text(700001, 1, ANA, "Hi, it's Ana from the SMS");
    for (int i = 0; i < 10; i++) {
      assertEquals(200, updates.post(webhookUrl(), secret, hello).statusCode(), "a retry is answered alike");
    }
    assertEquals(200, updates.post(webhookUrl(), secret,
        TelegramUpdates.contact(700002, 2, ANA, PHONE.substring(1), "Ana", ANA_ID)).statusCode());

    List<JsonObject> timeline = waitFor(List.of("Order 4711 is late", "Hi, it's Ana from the SMS",
        "Contact: Ana, " + PHONE.substring(1)));
    assertEquals(List.of("sms", "telegram", "telegram"), timeline.stream().map(m -> m.getString("channel")).toList());
    JsonArray all = conversations();
    assertEquals(1, all.size(), "one customer, one conversation");
    JsonObject customer = admin.get("/api/v1/customers/" + all.getJsonObject(0).getJsonObject("customer").getLong("id")).json();
    assertEquals(List.of("phone:" + PHONE, "telegram:" + ANA_ID), customer.getJsonArray("identities").stream()
        .map(i -> ((JsonObject) i).getString("kind") + ":" + ((JsonObject) i).getString("address")).sorted().toList());
  }

  @Test
  @Order(3)
  void aWrongOrMissingSecretIsRefusedAndNothingStored() throws Exception {
    JsonObject forged = TelegramUpdates.text(700003, 3, ANA, "forged");
    assertEquals(403, updates.post(webhookUrl(), "not-the-secret", forged).statusCode());
    assertEquals(403, updates.post(webhookUrl(), null, forged).statusCode());
    Thread.sleep(300);
    assertTrue(timeline().stream().noneMatch(m -> "forged".equals(m.getString("body"))));
  }

  @Test
  @Order(4)
  void anAgentsReplyReachesTheBotsChat() throws Exception {
    JsonObject reply = reply(new JsonObject().put("body", "It ships today, Ana.").put("channel", "telegram"));

    FakeTelegram.Call send = telegram.awaitCall("sendMessage", c -> "It ships today, Ana.".equals(c.params().getString("text")));
    assertEquals(FakeTelegram.TOKEN, send.token());
    assertEquals(String.valueOf(ANA_ID), String.valueOf(send.params().getValue("chat_id")));
    waitForStatus(reply.getLong("id"), "sent");
  }

  @Test
  @Order(5)
  void aReplyToACustomerWhoBlockedTheBotFailsSayingSo() throws Exception {
    JsonObject bob = TelegramUpdates.user(FakeTelegram.BLOCKED_CHAT, "Bob", null);
    assertEquals(200, updates.post(webhookUrl(), secret, TelegramUpdates.text(700004, 1, bob, "hello")).statusCode());
    long bobs = awaitConversationWith("hello");

    ApiClient.Reply r = admin.post("/api/v1/conversations/" + bobs + "/messages",
        new JsonObject().put("body", "Hi Bob").put("channel", "telegram"));
    assertEquals(201, r.status(), r.text());

    JsonObject failed = waitForStatus(bobs, r.json().getLong("id"), "failed");
    assertTrue(failed.getString("error").contains("blocked this Telegram bot"), failed.encode());
  }

  @Test
  @Order(6)
  void changingTheTokenRegistersTheWebhookAgainAfterTelegramFailsTwice() throws Exception {
    int before = telegram.calls("setWebhook").size();
    telegram.setWebhookFailures.set(2);

    ApiClient.Reply changed = admin.patch("/api/v1/inboxes/" + inbox,
        new JsonObject().put("config", new JsonObject().put("bot_token", NEW_TOKEN)));
    assertEquals(200, changed.status(), changed.text());

    JsonObject setup = awaitSetup("done");
    List<FakeTelegram.Call> calls = telegram.calls("setWebhook");
    assertEquals(before + 3, calls.size(), "two failures, then the one that worked");
    FakeTelegram.Call call = calls.get(calls.size() - 1);
    assertEquals(NEW_TOKEN, call.token());
    assertEquals(node.config().publicUrl() + "/webhooks/telegram/" + inbox, call.params().getString("url"));
    assertEquals(secret, call.params().getString("secret_token"), "the secret stays");
    assertTrue(setup.getString("message").contains("bot 7098765432"), setup.getString("message"));
  }

  // --- helpers ---------------------------------------------------------------------------------

  static String webhookUrl() {
    return node.config().publicUrl() + "/webhooks/telegram/" + inbox;
  }

  static JsonArray conversations() {
    return admin.get("/api/v1/conversations?status=all").json().getJsonArray("conversations");
  }

  static long conversationOfAna() {
    return conversations().stream().map(c -> (JsonObject) c)
        .filter(c -> timelineOf(c.getLong("id")).stream().anyMatch(m -> "Order 4711 is late".equals(m.getString("body"))))
        .findFirst().orElseThrow().getLong("id");
  }

  static List<JsonObject> timelineOf(long conversation) {
    return admin.get("/api/v1/conversations/" + conversation + "/messages?after_seq=0&limit=500").json()
        .getJsonArray("messages").stream().map(m -> (JsonObject) m).toList();
  }

  static List<JsonObject> timeline() {
    JsonArray all = conversations();
    return all.isEmpty() ? List.of() : timelineOf(conversationOfAna());
  }

  static List<JsonObject> waitFor(List<String> bodies) throws InterruptedException {
    for (int i = 0; i < 150; i++) {
      if (conversations().size() == 1) {
        List<JsonObject> t = timelineOf(conversations().getJsonObject(0).getLong("id"));
        if (t.stream().map(m -> m.getString("body")).toList().equals(bodies)) {
          return t;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("conversations: " + conversations().encode());
  }

  static long awaitConversationWith(String body) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      for (Object c : conversations()) {
        long id = ((JsonObject) c).getLong("id");
        if (timelineOf(id).stream().anyMatch(m -> body.equals(m.getString("body")))) {
          return id;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no conversation with " + body);
  }

  static JsonObject reply(JsonObject body) {
    ApiClient.Reply r = admin.post("/api/v1/conversations/" + conversationOfAna() + "/messages", body);
    assertEquals(201, r.status(), r.text());
    return r.json();
  }

  static JsonObject waitForStatus(long id, String status) throws InterruptedException {
    return waitForStatus(conversationOfAna(), id, status);
  }

  static JsonObject waitForStatus(long conversation, long id, String status) throws InterruptedException {
    JsonObject m = null;
    for (int i = 0; i < 150; i++) {
      m = timelineOf(conversation).stream().filter(x -> x.getLong("id") == id).findFirst().orElseThrow();
      if (status.equals(m.getString("status"))) {
        return m;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("message " + id + " is " + m.encode());
  }

  static JsonObject awaitSetup(String state) throws InterruptedException {
    JsonObject inboxJson = null;
    for (int i = 0; i < 300; i++) {
      inboxJson = admin.get("/api/v1/inboxes/" + inbox).json();
      JsonObject setup = inboxJson.getJsonObject("setup");
      if (setup != null && state.equals(setup.getString("state"))) {
        return setup;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("inbox set-up is " + inboxJson.getValue("setup"));
  }
}
