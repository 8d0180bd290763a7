package dev.switchboard.hub.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.connectors.testkit.meta.FakeMeta;
import dev.switchboard.connectors.testkit.meta.MetaWebhooks;
import dev.switchboard.connectors.testkit.telegram.FakeTelegram;
import dev.switchboard.connectors.testkit.telegram.TelegramUpdates;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.SocialInboxes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replies in context: an agent's reply names the customer message it answers ({@code reply_to}); the
 * timeline shows which, WhatsApp receives it quoting the customer's {@code wamid}
 * ({@code context.message_id}) and Telegram quoting the customer's message id ({@code reply_parameters}).
 * A {@code reply_to} that is not a customer's message of the same conversation is refused, storing nothing.
 */
class ReplyContextTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("replyctx");

  static final long ANA_ID = 323456789L;
  static final String WA_ID = "4915188880000";
  static final String WAMID = "wamid.HBgLNDkxNTE4ODg4MDAwMBUCABIYFDNBMDAwMDAwMDAwMDAwMDAwMDAxAA==";

  static Vertx vertx;
  static FakeTelegram telegram;
  static FakeMeta meta;
  static ApiClient admin;
  static long telegramInbox;
  static String secret;
  static final TelegramUpdates updates = new TelegramUpdates();
  static final MetaWebhooks metaWebhooks = new MetaWebhooks();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    telegram = new FakeTelegram(vertx).start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    meta = new FakeMeta(vertx).start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    admin = node.admin();
    SocialInboxes.Telegram bot = SocialInboxes.telegram(admin, telegram);
    telegramInbox = bot.id();
    secret = bot.secret();
    SocialInboxes.whatsapp(admin, meta);
  }

  @AfterAll
  static void stop() throws Exception {
    telegram.close();
    meta.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aWhatsAppReplyQuotesTheCustomersMessageByItsWamid() throws Exception {
    JsonObject payload = MetaWebhooks.whatsapp(FakeMeta.PHONE_NUMBER_ID, WA_ID, "Ada",
        MetaWebhooks.text(WAMID, "which size fits me?"));
    assertEquals(200, metaWebhooks.signed(node.config().publicUrl() + "/webhooks/meta", FakeMeta.APP_SECRET, payload)
        .statusCode());
    long c = AgentFilesTest.awaitConversationWith(admin, "which size fits me?");
    long question = messageWith(c, "which size fits me?").getLong("id");

    ApiClient.Reply sent = reply(c, new JsonObject().put("body", "Size M").put("reply_to", question));
    assertEquals(201, sent.status(), sent.text());
    assertEquals(question, sent.json().getLong("reply_to"), "the answer says what it replies to");
    assertEquals(question, messageWith(c, "Size M").getLong("reply_to"), "and so does the timeline");

    FakeMeta.Send send = meta.awaitSend(s -> s.body() != null && s.body().getJsonObject("text") != null
        && "Size M".equals(s.body().getJsonObject("text").getString("body")));
    assertEquals(WAMID, send.body().getJsonObject("context").getString("message_id"));
  }

  @Test
  void aTelegramReplyQuotesTheCustomersMessageByItsTelegramId() throws Exception {
    long c = anaWritesOnTelegram(900001, 4711, "is it in stock?");
    long question = messageWith(c, "is it in stock?").getLong("id");
    anaWritesOnTelegram(900002, 4712, "the blue one");

    ApiClient.Reply sent = reply(c, new JsonObject().put("body", "Yes, two left").put("reply_to", question));
    assertEquals(201, sent.status(), sent.text());

    FakeTelegram.Call call = telegram.awaitCall("sendMessage", m -> "Yes, two left".equals(m.params().getString("text")));
    assertEquals(4711L, call.params().getJsonObject("reply_parameters").getLong("message_id"),
        "quotes the question, not the customer's latest message");

    ApiClient.Reply plain = reply(c, new JsonObject().put("body", "Anything else?"));
    assertEquals(201, plain.status(), plain.text());
    assertNull(plain.json().getValue("reply_to"));
    FakeTelegram.Call unquoted = telegram.awaitCall("sendMessage", m -> "Anything else?".equals(m.params().getString("text")));
    assertNull(unquoted.params().getValue("reply_parameters"), "a reply to nothing in particular quotes nothing");
  }

  @Test
  void aReplyToSomethingOtherThanACustomersMessageOfThisConversationIsRefusedAndStoresNothing() throws Exception {
    long c = anaWritesOnTelegram(900011, 4721, "first question");
    long other = otherConversation();
    long foreign = messageWith(other, "a message elsewhere").getLong("id");
    ApiClient.Reply ours = reply(c, new JsonObject().put("body", "our reply"));
    assertEquals(201, ours.status(), ours.text());
    ApiClient.Reply note = reply(c, new JsonObject().put("body", "a note").put("private", true));
    assertEquals(201, note.status(), note.text());
    int before = timeline(c).size();
    int sendsBefore = telegram.calls("sendMessage").size();

    for (Object bad : List.of(foreign, 999_999_999L, ours.json().getLong("id"), note.json().getLong("id"), "abc", -3,
        1.5)) {
      ApiClient.Reply r = reply(c, new JsonObject().put("body", "refused " + bad).put("reply_to", bad));
      assertEquals(400, r.status(), bad + ": " + r.text());
      assertEquals("bad_request", r.json().getString("error"));
      assertTrue(r.json().getString("message").contains("reply_to"), r.text());
    }
    assertEquals(before, timeline(c).size(), "nothing stored");
    Thread.sleep(1_500); // an outbox poll: nothing went out either
    assertEquals(sendsBefore, telegram.calls("sendMessage").size());
  }

  // --- helpers

  static ApiClient.Reply reply(long conversation, JsonObject body) {
    return admin.post("/api/v1/conversations/" + conversation + "/messages", body);
  }

  static long anaWritesOnTelegram(long updateId, int messageId, String text) throws Exception {
    JsonObject update = TelegramUpdates.text(updateId, messageId, TelegramUpdates.user(ANA_ID, "Ana", "Silva"), text);
    assertEquals(200, updates.post(node.config().publicUrl() + "/webhooks/telegram/" + telegramInbox, secret, update)
        .statusCode());
    return AgentFilesTest.awaitConversationWith(admin, text);
  }

  /** Another customer's conversation, on Telegram too. */
  static long otherConversation() throws Exception {
    JsonObject update = TelegramUpdates.text(900099, 99, TelegramUpdates.user(ANA_ID + 1, "Otto", "Other"),
        "a message elsewhere");
    assertEquals(200, updates.post(node.config().publicUrl() + "/webhooks/telegram/" + telegramInbox, secret, update)
        .statusCode());
    return AgentFilesTest.awaitConversationWith(admin, "a message elsewhere");
  }

  static List<JsonObject> timeline(long conversation) {
    return admin.get("/api/v1/conversations/" + conversation + "/messages").json().getJsonArray("messages").stream()
        .map(m -> (JsonObject) m).toList();
  }

  static JsonObject messageWith(long conversation, String body) {
    return timeline(conversation).stream().filter(m -> body.equals(m.getString("body"))).findFirst().orElseThrow();
  }
}
