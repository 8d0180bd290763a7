package dev.switchboard.hub.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.connectors.testkit.meta.FakeMeta;
import dev.switchboard.connectors.testkit.meta.MetaWebhooks;
import dev.switchboard.connectors.testkit.telegram.FakeTelegram;
import dev.switchboard.connectors.testkit.telegram.TelegramUpdates;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.TestHub;
import dev.switchboard.hub.UserHash;
import dev.switchboard.hub.WsClient;
import dev.switchboard.hub.store.Database;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 9's journey: Ada signs in on the website with her phone, then writes on WhatsApp (same phone,
 * same conversation), Messenger and Instagram (no phone there: an agent merges her), and Telegram
 * (she shares her own contact, so her phone links her). Against local servers speaking Meta's and
 * Telegram's wire formats: every inbound lands once, in order, in her one conversation however often
 * the provider repeats it; replies reach each provider with the right body, token and recipient;
 * statuses only move forward; forged deliveries store nothing; WhatsApp's 24 hours end in a template;
 * and a hub restart in the middle loses nothing and sends nothing twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SocialJourneyTest {

  static final String PHONE = "+4915112345678";
  static final String WA_ID = "4915112345678";
  static final String PSID = "6000000000000777";
  static final String IGSID = "1780000000000777";
  static final long TELEGRAM_ID = 987654321L;
  static final JsonObject ADA_ON_TELEGRAM = TelegramUpdates.user(TELEGRAM_ID, "Ada", "Lovelace");
  static final String SITE_SECRET = "site-identity-secret";
  static final int RETRIES = 10;
  static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newFixedThreadPool(RETRIES / 2);

  static HubConfig config;
  static Hub hub;
  static Vertx vertx;
  static FakeMeta meta;
  static FakeTelegram telegram;
  static ApiClient agent;
  static long webInbox;
  static long whatsappInbox;
  static long telegramInbox;
  static String telegramSecret;
  static String visitorToken;
  static long conversation;
  static long ada;
  static final MetaWebhooks metaWebhooks = new MetaWebhooks();
  static final TelegramUpdates telegramUpdates = new TelegramUpdates();
  /** Every inbound Ada wrote, in the order she wrote it. */
  static final List<String> adaWrote = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    config = TestHub.config("socialjourney");
    hub = TestHub.start(config);
    vertx = Vertx.vertx();
    meta = await(new FakeMeta(vertx).start());
    telegram = await(new FakeTelegram(vertx).start());
    agent = ApiClient.admin(config);
    webInbox = created(agent.post("/api/v1/inboxes", new JsonObject().put("name", "Shop").put("channel", "web")
        .put("config", new JsonObject().put("allowed_origins", new JsonArray().add("*")).put("identity_secret", SITE_SECRET))));
    whatsappInbox = created(agent.post("/api/v1/inboxes", new JsonObject().put("name", "WhatsApp").put("channel", "whatsapp")
        .put("config", new JsonObject().put("phone_number_id", FakeMeta.PHONE_NUMBER_ID)
            .put("access_token", FakeMeta.ACCESS_TOKEN).put("app_secret", FakeMeta.APP_SECRET)
            .put("verify_token", FakeMeta.VERIFY_TOKEN).put("business_account_id", FakeMeta.WABA_ID)
            .put("api_base_url", meta.apiBaseUrl()))));
    created(agent.post("/api/v1/inboxes", new JsonObject().put("name", "Messenger").put("channel", "messenger")
        .put("config", new JsonObject().put("page_id", FakeMeta.PAGE_ID).put("page_access_token", FakeMeta.PAGE_TOKEN)
            .put("app_secret", FakeMeta.APP_SECRET).put("verify_token", "page-verify").put("api_base_url", meta.apiBaseUrl()))));
    created(agent.post("/api/v1/inboxes", new JsonObject().put("name", "Instagram").put("channel", "instagram")
        .put("config", new JsonObject().put("instagram_account_id", FakeMeta.INSTAGRAM_ID)
            .put("page_access_token", FakeMeta.PAGE_TOKEN).put("app_secret", FakeMeta.APP_SECRET)
            .put("verify_token", "ig-verify").put("api_base_url", meta.apiBaseUrl()))));
    telegramInbox = created(agent.post("/api/v1/inboxes", new JsonObject().put("name", "Bot").put("channel", "telegram")
        .put("config", new JsonObject().put("bot_token", FakeTelegram.TOKEN).put("api_base_url", telegram.apiBaseUrl()))));
    telegramSecret = eventually("setWebhook called", () -> telegram.calls("setWebhook").stream()
        .map(c -> c.params().getString("secret_token")).findFirst().orElse(null));
  }

  @AfterAll
  static void stop() throws Exception {
    POOL.shutdownNow();
    TestHub.stop(hub);
    meta.close();
    telegram.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    TestHub.dropAll(config);
  }

  // --- the story -----------------------------------------------------------------------------

  @Test
  @Order(1)
  void adaSignsInOnTheWebsiteWithHerPhone() {
    try (WsClient widget = widget(null)) {
      visitorToken = widget.awaitType("hello").getString("visitor");
      widget.send(new JsonObject().put("type", "identify").put("phone", PHONE).put("name", "Ada Lovelace")
          .put("user_hash", UserHash.of(SITE_SECRET, null, null, PHONE)));
      conversation = widget.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
          .getLong("conversation_id");
      widget.send(new JsonObject().put("type", "message").put("client_id", "w1").put("body", "Hi, where is order 4711?"));
      widget.awaitType("ack");
    }
    adaWrote.add("Hi, where is order 4711?");
    ada = agent.get("/api/v1/conversations/" + conversation).json().getJsonObject("customer").getLong("id");
    assertEquals(adaWrote, inboundBodies());
  }

  @Test
  @Order(2)
  void onWhatsAppTheSamePhoneIsTheSameConversationHoweverOftenMetaRepeatsIt() throws Exception {
    whatsapp("wamid.HBgLNDkxNTExMjM0NTY3OBUCABIYFDNBRkFBMDAwMDAwMDAwMDAwMDAxAA==", "Writing from WhatsApp now");
    assertRefused(metaWebhooks.signed(metaUrl(), "a-forged-app-secret", MetaWebhooks.whatsapp(FakeMeta.PHONE_NUMBER_ID,
        WA_ID, "Ada", MetaWebhooks.text("wamid.FORGED1", "forged on WhatsApp"))).statusCode());
    assertRefused(metaWebhooks.post(metaUrl(), null, MetaWebhooks.whatsapp(FakeMeta.PHONE_NUMBER_ID, WA_ID, "Ada",
        MetaWebhooks.text("wamid.FORGED2", "unsigned on WhatsApp")).encode().getBytes()).statusCode());
    assertEquals(adaWrote, waitForInbound(adaWrote));
    assertEquals(1, conversations().size(), "one customer, one conversation");

    JsonObject reply = reply("whatsapp", "Hi Ada, 4711 ships today.");
    FakeMeta.Send send = awaitMetaSend(s -> "text".equals(s.body().getString("type"))
        && "Hi Ada, 4711 ships today.".equals(s.body().getJsonObject("text").getString("body")));
    assertEquals("/" + FakeMeta.PHONE_NUMBER_ID + "/messages", send.path());
    assertEquals(FakeMeta.ACCESS_TOKEN, send.token());
    assertEquals(WA_ID, send.body().getString("to"));

    String wamid = eventually("the wamid stored", () -> providerId(reply.getLong("id")));
    metaSigned(MetaWebhooks.status(FakeMeta.PHONE_NUMBER_ID, wamid, "read", WA_ID, null, null));
    waitForStatus(reply.getLong("id"), "read");
    metaSigned(MetaWebhooks.status(FakeMeta.PHONE_NUMBER_ID, wamid, "delivered", WA_ID, null, null));
    metaSigned(MetaWebhooks.status(FakeMeta.PHONE_NUMBER_ID, wamid, "sent", WA_ID, null, null));
    Thread.sleep(300);
    assertEquals("read", message(reply.getLong("id")).getString("status"), "late statuses never go back");
  }

  @Test
  @Order(3)
  void onMessengerAnAgentMergesHerAndTheReplyGoesBackAsAResponse() throws Exception {
    long other = messenger("page", FakeMeta.PAGE_ID, PSID, "m_journey_messenger_1", "And now on Messenger");
    merge(other);
    assertEquals(adaWrote, waitForInbound(adaWrote));

    JsonObject reply = reply("messenger", "Answering you on Messenger");
    FakeMeta.Send send = awaitMetaSend(s -> "/me/messages".equals(s.path())
        && "Answering you on Messenger".equals(s.body().getJsonObject("message").getString("text")));
    assertEquals(FakeMeta.PAGE_TOKEN, send.token());
    assertEquals(PSID, send.body().getJsonObject("recipient").getString("id"));
    assertEquals("RESPONSE", send.body().getString("messaging_type"));

    // Meta echoes the page's own send back, and tells when Ada read it, then (late) that it was delivered
    String mid = eventually("the mid stored", () -> providerId(reply.getLong("id")));
    for (int i = 0; i < RETRIES; i++) {
      metaSigned(MetaWebhooks.messaging("page", FakeMeta.PAGE_ID,
          MetaWebhooks.echo(FakeMeta.PAGE_ID, PSID, mid, "Answering you on Messenger")));
    }
    metaSigned(MetaWebhooks.messaging("page", FakeMeta.PAGE_ID, MetaWebhooks.read(FakeMeta.PAGE_ID, PSID,
        System.currentTimeMillis())));
    waitForStatus(reply.getLong("id"), "read");
    metaSigned(MetaWebhooks.messaging("page", FakeMeta.PAGE_ID, MetaWebhooks.delivery(FakeMeta.PAGE_ID, PSID,
        new JsonArray().add(mid), System.currentTimeMillis())));
    Thread.sleep(300);
    assertEquals("read", message(reply.getLong("id")).getString("status"), "a late delivery never goes back");
    assertEquals(1, timeline().stream().filter(m -> "Answering you on Messenger".equals(m.getString("body"))).count(),
        "the page's echo is not stored again");
  }

  @Test
  @Order(4)
  void onInstagramTooAndTheReplyGoesToHerInstagramId() throws Exception {
    long other = messenger("instagram", FakeMeta.INSTAGRAM_ID, IGSID, "ig_journey_1", "Hello from Instagram");
    merge(other);
    assertEquals(adaWrote, waitForInbound(adaWrote));
    // once merged, Messenger finds her straight away
    JsonObject again = MetaWebhooks.messaging("page", FakeMeta.PAGE_ID,
        MetaWebhooks.customerMessage(FakeMeta.PAGE_ID, PSID, "m_journey_messenger_2", "Messenger again", null));
    for (int i = 0; i < RETRIES; i++) {
      metaSigned(again);
    }
    adaWrote.add("Messenger again");
    assertEquals(adaWrote, waitForInbound(adaWrote));
    assertEquals(1, conversations().size());

    reply("instagram", "Answering you on Instagram");
    FakeMeta.Send send = awaitMetaSend(s -> "/me/messages".equals(s.path())
        && "Answering you on Instagram".equals(s.body().getJsonObject("message").getString("text")));
    assertEquals(FakeMeta.PAGE_TOKEN, send.token());
    assertEquals(IGSID, send.body().getJsonObject("recipient").getString("id"));
    assertEquals("RESPONSE", send.body().getString("messaging_type"));
  }

  @Test
  @Order(5)
  void onTelegramSharingHerOwnContactLinksHerByPhone() throws Exception {
    telegram(TelegramUpdates.text(910001, 1, ADA_ON_TELEGRAM, "Hi from Telegram"), "Hi from Telegram");
    telegram(TelegramUpdates.contact(910002, 2, ADA_ON_TELEGRAM, WA_ID, "Ada", TELEGRAM_ID), "Contact: Ada, " + WA_ID);
    JsonObject forged = TelegramUpdates.text(910003, 3, ADA_ON_TELEGRAM, "forged on Telegram");
    assertRefused(telegramUpdates.post(telegramUrl(), "not-the-secret", forged).statusCode());
    assertRefused(telegramUpdates.post(telegramUrl(), null, forged).statusCode());
    assertEquals(adaWrote, waitForInbound(adaWrote));
    assertEquals(1, conversations().size(), "still one conversation: her phone linked her");

    JsonObject reply = reply("telegram", "Answering you on Telegram");
    FakeTelegram.Call send = awaitTelegramCall(c -> "Answering you on Telegram".equals(c.params().getString("text")));
    assertEquals(FakeTelegram.TOKEN, send.token());
    assertEquals(String.valueOf(TELEGRAM_ID), String.valueOf(send.params().getValue("chat_id")));
    waitForStatus(reply.getLong("id"), "sent");
  }

  @Test
  @Order(6)
  void backOnTheWebsiteTheReplyReachesHerWidget() {
    try (WsClient widget = widget(visitorToken)) {
      assertEquals(conversation, widget.awaitType("hello").getLong("conversation_id"), "the same conversation");
      JsonObject reply = reply("web", "And here in the chat");
      assertEquals("And here in the chat", widget.await(f -> "message".equals(f.getString("type"))
          && reply.getLong("id").equals(f.getLong("id"))).getString("body"));
    }
  }

  @Test
  @Order(7)
  void whatTheHubCannotShowIsStoredNamedAndOversizeDeliveriesAreRefusedClearly() throws Exception {
    JsonObject poll = MetaWebhooks.whatsapp(FakeMeta.PHONE_NUMBER_ID, WA_ID, "Ada", new JsonObject()
        .put("id", "wamid.HBgLNDkxNTExMjM0NTY3OBUCABIYFDNBRkFBMDAwMDAwMDAwMDAwMDAzAA==")
        .put("timestamp", String.valueOf(System.currentTimeMillis() / 1000)).put("type", "poll")
        .put("poll", new JsonObject().put("question", "Which colour?")));
    for (int i = 0; i < RETRIES; i++) {
      metaSigned(poll);
    }
    adaWrote.add("[unsupported message: poll]");
    JsonObject dice = TelegramUpdates.message(910005, 5, ADA_ON_TELEGRAM);
    dice.getJsonObject("message").put("dice", new JsonObject().put("emoji", "🎲").put("value", 4));
    telegram(dice, "Unsupported Telegram message (dice)");
    assertEquals(adaWrote, waitForInbound(adaWrote));

    byte[] twoMegabytes = ("{\"object\":\"whatsapp_business_account\",\"entry\":[],\"pad\":\""
        + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    var meta413 = metaWebhooks.post(metaUrl(), FakeMeta.APP_SECRET, twoMegabytes);
    assertEquals(413, meta413.statusCode(), meta413.body());
    assertEquals("too_large", new JsonObject(meta413.body()).getString("error"));
    var telegram413 = telegramUpdates.post(telegramUrl(), telegramSecret, new String(twoMegabytes,
        java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(413, telegram413.statusCode(), telegram413.body());
    assertEquals("too_large", new JsonObject(telegram413.body()).getString("error"));
    assertEquals(400, metaWebhooks.post(metaUrl(), FakeMeta.APP_SECRET, "{\"object\": ".getBytes()).statusCode());
    assertEquals(400, telegramUpdates.post(telegramUrl(), telegramSecret, "{\"update_id\": ").statusCode());
    // a number or bot this hub does not have: answered 200 (Meta disables endpoints that fail), nothing stored
    assertEquals(200, metaWebhooks.signed(metaUrl(), FakeMeta.APP_SECRET, MetaWebhooks.whatsapp("999999999999999", WA_ID,
        "Ada", MetaWebhooks.text("wamid.ELSEWHERE", "to another number"))).statusCode());
    assertEquals(200, metaWebhooks.signed(metaUrl(), FakeMeta.APP_SECRET, MetaWebhooks.messaging("page", "999999999999999",
        MetaWebhooks.customerMessage("999999999999999", PSID, "m_elsewhere", "to another page", null))).statusCode());
    assertEquals(200, telegramUpdates.post(config.publicUrl() + "/webhooks/telegram/99999", telegramSecret,
        TelegramUpdates.text(910006, 6, ADA_ON_TELEGRAM, "to another bot")).statusCode());
    assertEquals(200, agent.get("/api/v1/conversations/" + conversation).status(), "the node keeps working");
    assertEquals(1, conversations().size());
    assertEquals(adaWrote, inboundBodies());
  }

  @Test
  @Order(8)
  void aHubRestartMidWayLosesNothingAndSendsNothingTwice() throws Exception {
    // Meta is struggling: the reply goes to the outbox to be retried
    meta.refusals.put(WA_ID, new FakeMeta.Refusal(503, 2, null, "Service temporarily unavailable"));
    JsonObject queued = reply("whatsapp", "Queued while Meta was down");
    eventually("a first attempt", () -> countMetaSends("Queued while Meta was down") > 0 ? true : null);

    TestHub.stop(hub);
    JsonObject whileDown = MetaWebhooks.whatsapp(FakeMeta.PHONE_NUMBER_ID, WA_ID, "Ada",
        MetaWebhooks.text("wamid.HBgLNDkxNTExMjM0NTY3OBUCABIYFDNBRkFBMDAwMDAwMDAwMDAwMDAyAA==", "Sent while you were down"));
    JsonObject telegramWhileDown = TelegramUpdates.text(910004, 4, ADA_ON_TELEGRAM, "Telegram while you were down");
    assertThrows(IllegalStateException.class, () -> metaWebhooks.signed(metaUrl(), FakeMeta.APP_SECRET, whileDown));
    assertThrows(IllegalStateException.class, () -> telegramUpdates.post(telegramUrl(), telegramSecret, telegramWhileDown));
    long refusedAttempts = countMetaSends("Queued while Meta was down");   // nothing sends while the node is down
    meta.refusals.remove(WA_ID);
    hub = TestHub.start(config);   // same port, same database
    agent = ApiClient.admin(config);

    // the providers retry what failed, as often as they like
    for (int i = 0; i < 3; i++) {
      metaSigned(whileDown);
      assertEquals(200, telegramUpdates.post(telegramUrl(), telegramSecret, telegramWhileDown).statusCode());
    }
    adaWrote.add("Sent while you were down");
    adaWrote.add("Telegram while you were down");
    assertEquals(adaWrote, waitForInbound(adaWrote));
    waitForStatus(queued.getLong("id"), "sent");
    try (WsClient widget = widget(visitorToken)) {
      assertEquals(conversation, widget.awaitType("hello").getLong("conversation_id"), "the website finds her again");
    }
    JsonObject unaddressed = reply(new JsonObject().put("body", "Where you last wrote"));
    assertEquals("telegram", unaddressed.getString("channel"), "a reply goes where she last wrote");
    awaitTelegramCall(c -> "Where you last wrote".equals(c.params().getString("text")));
    Thread.sleep(500);
    assertEquals(refusedAttempts + 1, countMetaSends("Queued while Meta was down"), "the queued reply went out once");
  }

  @Test
  @Order(9)
  void after24HoursOnWhatsAppAFreeReplyIsRefusedAndATemplateGoesOut() throws Exception {
    sql("update message set created_at = created_at - interval '25 hours' where conversation_id = $1 and direction = 'in'"
        + " and channel = 'whatsapp'", Tuple.of(conversation));
    int sendsBefore = meta.sends.size();
    ApiClient.Reply refused = agent.post("/api/v1/conversations/" + conversation + "/messages",
        new JsonObject().put("body", "Still there?").put("channel", "whatsapp"));
    assertEquals(422, refused.status(), refused.text());
    assertEquals("window_closed", refused.json().getString("error"));
    String why = refused.json().getString("message");
    assertTrue(why.contains("last wrote on whatsapp") && why.contains("24 hours") && why.contains("template"), why);
    assertTrue(timeline().stream().noneMatch(m -> "Still there?".equals(m.getString("body"))), "nothing stored");

    JsonObject sent = reply(new JsonObject().put("channel", "whatsapp").put("template", new JsonObject()
        .put("name", "order_update").put("language", "en_US").put("parameters", new JsonArray().add("Ada").add("4711"))));
    FakeMeta.Send send = awaitMetaSend(s -> "template".equals(s.body().getString("type")));
    assertEquals(FakeMeta.ACCESS_TOKEN, send.token());
    assertEquals(WA_ID, send.body().getString("to"));
    assertEquals("order_update", send.body().getJsonObject("template").getString("name"));
    assertEquals(sendsBefore + 1, meta.sends.size(), "the refused reply never reached Meta");
    waitForStatus(sent.getLong("id"), "sent");
    assertEquals(adaWrote, inboundBodies(), "and every inbound is still there once, in order");
  }

  // --- one helper per channel ----------------------------------------------------------------

  static WsClient widget(String visitor) {
    return WsClient.connect("ws://localhost:" + config.httpPort() + "/ws/widget?inbox=" + webInbox
        + (visitor == null ? "" : "&visitor=" + visitor), "https://shop.example.com");
  }

  /** Ada writes on WhatsApp; Meta delivers the webhook {@link #RETRIES} times, half of them at once. */
  static void whatsapp(String wamid, String body) {
    JsonObject payload = MetaWebhooks.whatsapp(FakeMeta.PHONE_NUMBER_ID, WA_ID, "Ada Lovelace", MetaWebhooks.text(wamid, body));
    repeatedly(() -> metaWebhooks.signed(metaUrl(), FakeMeta.APP_SECRET, payload).statusCode());
    adaWrote.add(body);
  }

  /**
   * A provider's repeats: {@link #RETRIES} deliveries, the first half overlapping (a slow answer makes
   * the provider try again while the first is still being stored), the rest one after another.
   */
  static void repeatedly(Supplier<Integer> deliver) {
    List<java.util.concurrent.CompletableFuture<Integer>> overlapping = new ArrayList<>();
    for (int i = 0; i < RETRIES / 2; i++) {
      overlapping.add(java.util.concurrent.CompletableFuture.supplyAsync(deliver, POOL));
    }
    overlapping.forEach(f -> assertEquals(200, f.join(), "every repeat is answered 200"));
    for (int i = RETRIES / 2; i < RETRIES; i++) {
      assertEquals(200, deliver.get());
    }
  }

  /** Ada writes on Messenger ({@code page}) or Instagram, delivered {@link #RETRIES} times; her conversation there. */
  static long messenger(String object, String account, String customer, String mid, String body) throws Exception {
    JsonObject payload = MetaWebhooks.messaging(object, account, MetaWebhooks.customerMessage(account, customer, mid, body, null));
    repeatedly(() -> metaWebhooks.signed(metaUrl(), FakeMeta.APP_SECRET, payload).statusCode());
    adaWrote.add(body);
    long other = eventually("a conversation for " + customer, () -> conversations().stream().map(c -> (JsonObject) c)
        .map(c -> c.getLong("id")).filter(id -> id != conversation).findFirst().orElse(null));
    assertNotEquals(conversation, other, "no phone there: another customer until an agent merges them");
    return other;
  }

  /** Ada writes to the bot; Telegram delivers the update {@link #RETRIES} times. */
  static void telegram(JsonObject update, String stored) {
    repeatedly(() -> telegramUpdates.post(telegramUrl(), telegramSecret, update).statusCode());
    adaWrote.add(stored);
  }

  /** The agent merges the customer behind {@code otherConversation} into Ada. */
  static void merge(long otherConversation) {
    long other = agent.get("/api/v1/conversations/" + otherConversation).json().getJsonObject("customer").getLong("id");
    ApiClient.Reply merged = agent.post("/api/v1/customers/" + ada + "/merge", new JsonObject().put("other_id", other));
    assertTrue(merged.status() == 200 || merged.status() == 204, merged.text());
    assertEquals(1, conversations().size(), "merged into her one conversation");
  }

  static void metaSigned(JsonObject payload) {
    assertEquals(200, metaWebhooks.signed(metaUrl(), FakeMeta.APP_SECRET, payload).statusCode());
  }

  static void assertRefused(int status) {
    assertTrue(status == 401 || status == 403, "refused, not " + status);
  }

  static String metaUrl() {
    return config.publicUrl() + "/webhooks/meta";
  }

  static String telegramUrl() {
    return config.publicUrl() + "/webhooks/telegram/" + telegramInbox;
  }

  // --- reading the hub and the fakes -----------------------------------------------------------

  static JsonObject reply(String channel, String body) {
    return reply(new JsonObject().put("channel", channel).put("body", body));
  }

  static JsonObject reply(JsonObject body) {
    ApiClient.Reply r = agent.post("/api/v1/conversations/" + conversation + "/messages", body);
    assertEquals(201, r.status(), r.text());
    return r.json();
  }

  static JsonArray conversations() {
    return agent.get("/api/v1/conversations?status=all").json().getJsonArray("conversations");
  }

  static List<JsonObject> timeline() {
    return agent.get("/api/v1/conversations/" + conversation + "/messages?after_seq=0&limit=500").json()
        .getJsonArray("messages").stream().map(m -> (JsonObject) m).toList();
  }

  static List<String> inboundBodies() {
    return timeline().stream().filter(m -> "in".equals(m.getString("direction")))
        .map(m -> m.getString("body")).toList();
  }

  static List<String> waitForInbound(List<String> expected) throws InterruptedException {
    List<String> seen = List.of();
    for (int i = 0; i < 100; i++) {
      seen = inboundBodies();
      if (seen.equals(expected)) {
        return seen;
      }
      Thread.sleep(100);
    }
    return seen;
  }

  static JsonObject message(long id) {
    return timeline().stream().filter(m -> m.getLong("id") == id).findFirst().orElseThrow();
  }

  static void waitForStatus(long id, String status) throws InterruptedException {
    eventually("message " + id + " " + status, () -> status.equals(message(id).getString("status")) ? true : null);
  }

  static boolean isText(FakeMeta.Send s, String text) {
    return s.body() != null && s.body().getJsonObject("text") != null && text.equals(s.body().getJsonObject("text").getString("body"));
  }

  static long countMetaSends(String text) {
    return meta.sends.stream().filter(s -> isText(s, text)).count();
  }

  static FakeMeta.Send awaitMetaSend(Predicate<FakeMeta.Send> match) throws InterruptedException {
    return eventually("Meta asked to send that: " + meta.sends, () -> meta.sends.stream()
        .filter(s -> s.body() != null).filter(match).findFirst().orElse(null));
  }

  static FakeTelegram.Call awaitTelegramCall(Predicate<FakeTelegram.Call> match) throws InterruptedException {
    return eventually("Telegram asked to send that: " + telegram.calls("sendMessage"),
        () -> telegram.calls("sendMessage").stream().filter(match).findFirst().orElse(null));
  }

  static String providerId(long messageId) {
    try {
      return sql("select provider_id from message where id = $1", Tuple.of(messageId)).iterator().next().getString("provider_id");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static <T> T eventually(String what, Supplier<T> probe) throws InterruptedException {
    for (int i = 0; i < 150; i++) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("never: " + what);
  }

  static long created(ApiClient.Reply r) {
    assertEquals(201, r.status(), r.text());
    return r.json().getLong("id");
  }

  static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static RowSet<Row> sql(String sql, Tuple args) throws Exception {
    Pool pool = Database.pool(vertx, config);
    try {
      return await(pool.preparedQuery(sql).execute(args));
    } finally {
      pool.close();
    }
  }
}
