package dev.switchboard.hub.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.connectors.testkit.meta.FakeMeta;
import dev.switchboard.connectors.testkit.meta.MetaWebhooks;
import dev.switchboard.connectors.testkit.twilio.FakeTwilio;
import dev.switchboard.connectors.testkit.twilio.TwilioWebhooks;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.store.Database;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
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
 * WhatsApp, Messenger and Instagram through a running hub, against a local server speaking Meta's
 * Graph API and webhooks signed as Meta signs them: the phone that texts by SMS and writes on WhatsApp
 * is one customer in one conversation; agent replies reach Meta with the right token, recipient and
 * body; statuses only move forward; a reply after WhatsApp's 24 hours is refused and a template goes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetaChannelsTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("metachannels");

  static final String PHONE = "+4915112345678";
  static final String WA_ID = "4915112345678";
  static final String OUR_NUMBER = "+14155550100";
  static final String PSID = "6000000000000042";

  static Vertx vertx;
  static FakeMeta meta;
  static FakeTwilio twilio;
  static ApiClient admin;
  static long whatsappInbox;
  static long conversation;
  static long messengerConversation;
  static final MetaWebhooks webhooks = new MetaWebhooks();
  static final TwilioWebhooks twilioWebhooks = new TwilioWebhooks();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    meta = new FakeMeta(vertx).start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    twilio = new FakeTwilio(vertx, Map.of()).start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    admin = node.admin();
    created(admin.post("/api/v1/inboxes", new JsonObject().put("name", "Support SMS").put("channel", "sms")
        .put("config", new JsonObject().put("account_sid", FakeTwilio.ACCOUNT).put("auth_token", FakeTwilio.TOKEN)
            .put("phone_number", OUR_NUMBER).put("api_base_url", twilio.apiBaseUrl()))));
    whatsappInbox = created(admin.post("/api/v1/inboxes", new JsonObject().put("name", "WhatsApp").put("channel", "whatsapp")
        .put("config", new JsonObject().put("phone_number_id", FakeMeta.PHONE_NUMBER_ID)
            .put("access_token", FakeMeta.ACCESS_TOKEN).put("app_secret", FakeMeta.APP_SECRET)
            .put("verify_token", FakeMeta.VERIFY_TOKEN).put("business_account_id", FakeMeta.WABA_ID)
            .put("api_base_url", meta.apiBaseUrl()))));
    created(admin.post("/api/v1/inboxes", new JsonObject().put("name", "Messenger").put("channel", "messenger")
        .put("config", new JsonObject().put("page_id", FakeMeta.PAGE_ID).put("page_access_token", FakeMeta.PAGE_TOKEN)
            .put("app_secret", FakeMeta.APP_SECRET).put("verify_token", "page-verify")
            .put("api_base_url", meta.apiBaseUrl()))));
  }

  @AfterAll
  static void stop() throws Exception {
    meta.close();
    twilio.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @Order(1)
  void metaCanRegisterTheWebhookWithAnInboxsVerifyToken() {
    var ok = webhooks.verify(url(), "subscribe", FakeMeta.VERIFY_TOKEN, "challenge-42");
    assertEquals(200, ok.statusCode());
    assertEquals("challenge-42", ok.body());
    assertEquals(403, webhooks.verify(url(), "subscribe", "guessed", "challenge-42").statusCode());
  }

  @Test
  @Order(2)
  void theSamePhoneBySmsAndWhatsAppIsOneConversationEvenWhenMetaRepeatsItself() throws Exception {
    var sms = twilioWebhooks.signed(node.config().publicUrl() + "/webhooks/twilio/sms", FakeTwilio.TOKEN,
        TwilioWebhooks.inboundSms("SMc0000000000000000000000000000001", PHONE, OUR_NUMBER, "Texting first"));
    assertEquals(200, sms.statusCode());
    conversation = waitForConversationWith("Texting first");

    JsonObject payload = MetaWebhooks.whatsapp(FakeMeta.PHONE_NUMBER_ID, WA_ID, "Ada Lovelace",
        MetaWebhooks.text("wamid.HBgLNDkxNTExMjM0NTY3OBUCABIYFDNBMDAwMDAwMDAwMDAwMDAwMDAwAA==", "Now on WhatsApp"));
    for (int i = 0; i < 10; i++) {
      assertEquals(200, webhooks.signed(url(), FakeMeta.APP_SECRET, payload).statusCode());
    }
    assertEquals(403, webhooks.signed(url(), "forged-secret", MetaWebhooks.whatsapp(FakeMeta.PHONE_NUMBER_ID, WA_ID,
        "Ada Lovelace", MetaWebhooks.text("wamid.FORGED", "forged"))).statusCode());

    List<JsonObject> timeline = waitForBodies(List.of("Texting first", "Now on WhatsApp"));
    assertEquals(List.of("sms", "whatsapp"), timeline.stream().map(m -> m.getString("channel")).toList());
    assertEquals(1, admin.get("/api/v1/conversations?status=all").json().getJsonArray("conversations").size(),
        "one customer, one conversation");
  }

  @Test
  @Order(3)
  void anAgentsReplyReachesMetaAndItsStatusesOnlyMoveForward() throws Exception {
    JsonObject reply = reply(new JsonObject().put("body", "Hi Ada, it ships today."));
    assertEquals("whatsapp", reply.getString("channel"), "where the customer last wrote");
    FakeMeta.Send send = meta.awaitSend(s -> s.body() != null && "text".equals(s.body().getString("type")));
    assertEquals("/" + FakeMeta.PHONE_NUMBER_ID + "/messages", send.path());
    assertEquals(FakeMeta.ACCESS_TOKEN, send.token());
    assertEquals(WA_ID, send.body().getString("to"));
    assertEquals("Hi Ada, it ships today.", send.body().getJsonObject("text").getString("body"));

    String wamid = providerId(reply.getLong("id"));
    assertEquals(200, webhooks.signed(url(), FakeMeta.APP_SECRET,
        MetaWebhooks.status(FakeMeta.PHONE_NUMBER_ID, wamid, "read", WA_ID, null, null)).statusCode());
    waitForStatus(reply.getLong("id"), "read");
    assertEquals(200, webhooks.signed(url(), FakeMeta.APP_SECRET,
        MetaWebhooks.status(FakeMeta.PHONE_NUMBER_ID, wamid, "delivered", WA_ID, null, null)).statusCode());
    Thread.sleep(300);
    assertEquals("read", message(reply.getLong("id")).getString("status"), "a late delivered never goes back");
  }

  @Test
  @Order(4)
  void after24HoursAFreeReplyIsRefusedWithTheReasonAndATemplateGoesOut() throws Exception {
    sql("update message set created_at = now() - interval '25 hours' where conversation_id = $1 and direction = 'in'",
        Tuple.of(conversation));
    int sendsBefore = meta.sends.size();

    ApiClient.Reply refused = admin.post("/api/v1/conversations/" + conversation + "/messages",
        new JsonObject().put("body", "Are you still there?").put("channel", "whatsapp"));
    assertEquals(422, refused.status(), refused.text());
    assertEquals("window_closed", refused.json().getString("error"));
    assertTrue(refused.json().getString("message").contains("last wrote on whatsapp at"), refused.text());
    assertTrue(refused.json().getString("message").contains("template"), refused.text());
    assertTrue(timeline().stream().noneMatch(m -> "Are you still there?".equals(m.getString("body"))), "nothing stored");

    JsonArray templates = admin.get("/api/v1/inboxes/" + whatsappInbox + "/templates").json().getJsonArray("templates");
    assertEquals(List.of("order_update", "hello_world"),
        templates.stream().map(t -> ((JsonObject) t).getString("name")).toList(), "approved ones only");
    assertEquals(2, templates.getJsonObject(0).getInteger("parameters"));

    JsonObject sent = reply(new JsonObject().put("channel", "whatsapp").put("template", new JsonObject()
        .put("name", "order_update").put("language", "en_US").put("parameters", new JsonArray().add("Ada").add("4711"))));
    assertEquals("Template order_update (en_US): Ada, 4711", sent.getString("body"));
    FakeMeta.Send send = meta.awaitSend(s -> s.body() != null && "template".equals(s.body().getString("type")));
    assertEquals(WA_ID, send.body().getString("to"));
    assertEquals("order_update", send.body().getJsonObject("template").getString("name"));
    assertEquals("4711", send.body().getJsonObject("template").getJsonArray("components").getJsonObject(0)
        .getJsonArray("parameters").getJsonObject(1).getString("text"));
    assertEquals(sendsBefore + 1, meta.sends.size(), "the refused reply never reached Meta");
    waitForStatus(sent.getLong("id"), "sent");
  }

  @Test
  @Order(5)
  void aMessengerCustomerIsAnsweredWithinTheWindowAsAResponse() throws Exception {
    JsonObject payload = MetaWebhooks.messaging("page", FakeMeta.PAGE_ID,
        MetaWebhooks.customerMessage(FakeMeta.PAGE_ID, PSID, "m_hub_1", "Hello from Messenger", null));
    for (int i = 0; i < 3; i++) {
      assertEquals(200, webhooks.signed(url(), FakeMeta.APP_SECRET, payload).statusCode());
    }
    long messenger = waitForConversationWith("Hello from Messenger");
    assertNotEquals(conversation, messenger, "a page-scoped id is another customer until an agent merges them");
    ApiClient.Reply r = admin.post("/api/v1/conversations/" + messenger + "/messages",
        new JsonObject().put("body", "Hi from the team"));
    assertEquals(201, r.status(), r.text());
    FakeMeta.Send send = meta.awaitSend(s -> "/me/messages".equals(s.path()));
    assertEquals(FakeMeta.PAGE_TOKEN, send.token());
    assertEquals(PSID, send.body().getJsonObject("recipient").getString("id"));
    assertEquals("RESPONSE", send.body().getString("messaging_type"));
    assertEquals("Hi from the team", send.body().getJsonObject("message").getString("text"));
    messengerConversation = messenger;
  }

  @Test
  @Order(6)
  void afterADayOnlyAnAgentsMessengerReplyGoesTaggedHumanAgentAndAfterAWeekNone() throws Exception {
    sql("update message set created_at = now() - interval '3 days' where conversation_id = $1 and direction = 'in'",
        Tuple.of(messengerConversation));
    ApiClient.Reply late = admin.post("/api/v1/conversations/" + messengerConversation + "/messages",
        new JsonObject().put("body", "Sorry for the wait"));
    assertEquals(201, late.status(), late.text());
    FakeMeta.Send tagged = meta.awaitSend(s -> "/me/messages".equals(s.path())
        && "Sorry for the wait".equals(s.body().getJsonObject("message").getString("text")));
    assertEquals("MESSAGE_TAG", tagged.body().getString("messaging_type"));
    assertEquals("HUMAN_AGENT", tagged.body().getString("tag"));

    sql("update message set created_at = now() - interval '8 days' where conversation_id = $1 and direction = 'in'",
        Tuple.of(messengerConversation));
    ApiClient.Reply tooLate = admin.post("/api/v1/conversations/" + messengerConversation + "/messages",
        new JsonObject().put("body", "Hello again?"));
    assertEquals(422, tooLate.status(), tooLate.text());
    assertEquals("window_closed", tooLate.json().getString("error"));
    assertTrue(tooLate.json().getString("message").contains("7 days"), tooLate.text());
  }

  // --- helpers -------------------------------------------------------------------------------

  static String url() {
    return node.config().publicUrl() + "/webhooks/meta";
  }

  static long created(ApiClient.Reply r) {
    assertEquals(201, r.status(), r.text());
    return r.json().getLong("id");
  }

  static JsonObject reply(JsonObject body) {
    ApiClient.Reply r = admin.post("/api/v1/conversations/" + conversation + "/messages", body);
    assertEquals(201, r.status(), r.text());
    return r.json();
  }

  static List<JsonObject> timeline() {
    return admin.get("/api/v1/conversations/" + conversation + "/messages?after_seq=0&limit=500").json()
        .getJsonArray("messages").stream().map(m -> (JsonObject) m).toList();
  }

  static JsonObject message(long id) {
    return timeline().stream().filter(m -> m.getLong("id") == id).findFirst().orElseThrow();
  }

  static long waitForConversationWith(String body) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      for (Object o : admin.get("/api/v1/conversations?status=all&q=" + java.net.URLEncoder.encode(body,
          java.nio.charset.StandardCharsets.UTF_8)).json().getJsonArray("conversations")) {
        return ((JsonObject) o).getLong("id");
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no conversation with " + body);
  }

  static List<JsonObject> waitForBodies(List<String> bodies) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      List<JsonObject> t = timeline();
      if (t.stream().map(m -> m.getString("body")).toList().equals(bodies)) {
        return t;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timeline is " + timeline().stream().map(m -> m.getString("body")).toList());
  }

  static void waitForStatus(long id, String status) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (status.equals(message(id).getString("status"))) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("message " + id + " is " + message(id).getString("status") + ", not " + status
        + " (" + message(id).getString("error") + ")");
  }

  static String providerId(long messageId) throws Exception {
    for (int i = 0; i < 50; i++) {
      String id = sql("select provider_id from message where id = $1", Tuple.of(messageId)).iterator().next()
          .getString("provider_id");
      if (id != null) {
        return id;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no wamid stored for message " + messageId);
  }

  static io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> sql(String sql, Tuple args) throws Exception {
    Pool pool = Database.pool(vertx, node.config());
    try {
      return pool.preparedQuery(sql).execute(args).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      pool.close();
    }
  }
}
