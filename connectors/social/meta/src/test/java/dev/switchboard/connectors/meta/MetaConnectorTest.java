package dev.switchboard.connectors.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.InboundMessage;
import dev.switchboard.connectors.spi.InboxConfig;
import dev.switchboard.connectors.spi.OutboundMessage;
import dev.switchboard.connectors.spi.Template;
import dev.switchboard.connectors.testkit.FakeHub;
import dev.switchboard.connectors.testkit.OnContext;
import dev.switchboard.connectors.testkit.meta.FakeMeta;
import dev.switchboard.connectors.testkit.meta.MetaWebhooks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Meta connector against a local server speaking the Graph API's wire format, with webhooks signed
 * exactly as Meta signs them (HMAC-SHA256 of the raw body with the app secret), over real HTTP.
 */
class MetaConnectorTest {

  private static final String WA_INBOX = "inbox-wa-1";
  private static final String OTHER_WA_INBOX = "inbox-wa-2";
  private static final String OTHER_PHONE_NUMBER_ID = "200000000000001";
  private static final String OTHER_SECRET = "another-apps-secret";
  private static final String FB_INBOX = "inbox-fb-1";
  private static final String IG_INBOX = "inbox-ig-1";
  private static final String WA_ID = "4915112345678";
  private static final String PSID = "6000000000000001";
  private static final String IGSID = "7000000000000001";
  private static final byte[] JPEG = "\u00ff\u00d8\u00ff fake jpeg".getBytes(StandardCharsets.ISO_8859_1);

  private Vertx vertx;
  private FakeMeta meta;
  private FakeHub hub;
  private MetaConnector connector;
  private final MetaWebhooks webhooks = new MetaWebhooks();
  private String url;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    meta = await(new FakeMeta(vertx).start());
    meta.media.put("1001", new FakeMeta.Media("image/jpeg", JPEG));
    meta.media.put("1002", new FakeMeta.Media("video/mp4", new byte[(int) MediaDownloads.MAX_BYTES + 1]));
    hub = await(FakeHub.listening(vertx));
    url = hub.publicUrl() + "/webhooks/meta";
    hub.inboxes.add(new InboxConfig(WA_INBOX, "WhatsApp", "whatsapp", new JsonObject()
        .put("phone_number_id", FakeMeta.PHONE_NUMBER_ID).put("access_token", FakeMeta.ACCESS_TOKEN)
        .put("app_secret", FakeMeta.APP_SECRET).put("verify_token", FakeMeta.VERIFY_TOKEN)
        .put("business_account_id", FakeMeta.WABA_ID).put("api_base_url", meta.apiBaseUrl())));
    hub.inboxes.add(new InboxConfig(OTHER_WA_INBOX, "Other WhatsApp", "whatsapp", new JsonObject()
        .put("phone_number_id", OTHER_PHONE_NUMBER_ID).put("access_token", "other-token")
        .put("app_secret", OTHER_SECRET).put("verify_token", "other-verify").put("api_base_url", meta.apiBaseUrl())));
    hub.inboxes.add(new InboxConfig(FB_INBOX, "Messenger", "messenger", new JsonObject()
        .put("page_id", FakeMeta.PAGE_ID).put("page_access_token", FakeMeta.PAGE_TOKEN)
        .put("app_secret", FakeMeta.APP_SECRET).put("verify_token", "page-verify").put("api_base_url", meta.apiBaseUrl())));
    hub.inboxes.add(new InboxConfig(IG_INBOX, "Instagram", "instagram", new JsonObject()
        .put("instagram_account_id", FakeMeta.INSTAGRAM_ID).put("page_access_token", FakeMeta.PAGE_TOKEN)
        .put("app_secret", FakeMeta.APP_SECRET).put("verify_token", "ig-verify").put("api_base_url", meta.apiBaseUrl())));
    connector = new MetaConnector();
    await(connector.start(hub));
  }

  @AfterEach
  void stop() throws Exception {
    await(connector.stop());
    await(hub.close());
    await(meta.close());
    await(vertx.close());
  }

  // ---- the subscription check ----

  @Test
  void subscriptionCheckEchoesTheChallengeForAnInboxsVerifyToken() {
    HttpResponse<String> ok = webhooks.verify(url, "subscribe", FakeMeta.VERIFY_TOKEN, "1158201444");
    assertEquals(200, ok.statusCode());
    assertEquals("1158201444", ok.body());
    assertEquals(200, webhooks.verify(url, "subscribe", "page-verify", "42").statusCode(), "a Messenger inbox's token too");
  }

  @Test
  void subscriptionCheckWithAnUnknownTokenOrModeIsForbidden() {
    assertEquals(403, webhooks.verify(url, "subscribe", "guessed", "1158201444").statusCode());
    assertEquals(403, webhooks.verify(url, "unsubscribe", FakeMeta.VERIFY_TOKEN, "1158201444").statusCode());
    assertTrue(!webhooks.verify(url, "subscribe", "guessed", "1158201444").body().contains("1158201444"));
  }

  // ---- WhatsApp inbound ----

  @Test
  void signedWhatsAppTextIsStoredAsThePhoneOfTheSenderWithTheirProfileName() {
    HttpResponse<String> response = webhooks.signed(url, FakeMeta.APP_SECRET,
        wa(MetaWebhooks.text("wamid.T1", "Does it come in blue? ünïcode")));

    assertEquals(200, response.statusCode());
    assertEquals(1, hub.stored().size());
    InboundMessage m = hub.stored().get(0);
    assertEquals(WA_INBOX, m.inboxId());
    assertEquals("whatsapp", m.channel());
    assertEquals(Identity.phone("+" + WA_ID), m.from(), "the same identity an SMS from this number has");
    assertEquals("Sheena Nelson", m.senderName());
    assertEquals("Does it come in blue? ünïcode", m.body());
    assertEquals("wamid.T1", m.providerId());
  }

  @Test
  void aDeliveryRepeatedTenTimesStoresOneMessage() {
    JsonObject payload = wa(MetaWebhooks.text("wamid.T2", "Hello?"));
    for (int i = 0; i < 10; i++) {
      assertEquals(200, webhooks.signed(url, FakeMeta.APP_SECRET, payload).statusCode());
    }
    assertEquals(1, hub.stored().size());
    assertEquals(10, hub.receiveCalls());
  }

  @Test
  void aForgedOrMissingSignatureIsRefusedAndNothingIsStored() {
    JsonObject payload = wa(MetaWebhooks.text("wamid.T3", "forged"));
    assertEquals(403, webhooks.signed(url, "not-the-app-secret", payload).statusCode());
    assertEquals(403, webhooks.signed(url, null, payload).statusCode());
    byte[] body = payload.encode().getBytes(StandardCharsets.UTF_8);
    byte[] tampered = payload.encode().replace("forged", "f0rged").getBytes(StandardCharsets.UTF_8);
    // signed for one body, sent with another
    assertEquals(403, webhooks.post(url, tampered, MetaWebhooks.signature(FakeMeta.APP_SECRET, body)).statusCode());
    assertEquals(200, webhooks.post(url, FakeMeta.APP_SECRET, body).statusCode(), "the real one passes");
    assertEquals(1, hub.stored().size());
  }

  @Test
  void theSignatureMustBeThatOfTheInboxTheNumberBelongsTo() {
    JsonObject forOther = MetaWebhooks.whatsapp(OTHER_PHONE_NUMBER_ID, WA_ID, "Sheena Nelson",
        MetaWebhooks.text("wamid.T4", "signed by the wrong app"));
    assertEquals(403, webhooks.signed(url, FakeMeta.APP_SECRET, forOther).statusCode());
    assertEquals(0, hub.stored().size());
    assertEquals(200, webhooks.signed(url, OTHER_SECRET, forOther).statusCode());
    assertEquals(OTHER_WA_INBOX, hub.stored().get(0).inboxId());
  }

  @Test
  void anUnknownPhoneNumberIdIsAcknowledgedWithNothingStored() {
    JsonObject payload = MetaWebhooks.whatsapp("999999999999999", WA_ID, "Sheena Nelson", MetaWebhooks.text("wamid.T5", "hi"));
    assertEquals(200, webhooks.signed(url, FakeMeta.APP_SECRET, payload).statusCode());
    assertEquals(0, hub.receiveCalls());
  }

  @Test
  void aMessageTheHubRefusesForGoodDoesNotHoldUpTheOnesBehindItInTheSameDelivery() {
    hub.refused.add("wamid.B1");
    JsonObject payload = wa(MetaWebhooks.text("wamid.B1", "refused by the database"));
    payload.getJsonArray("entry").getJsonObject(0).getJsonArray("changes").getJsonObject(0).getJsonObject("value")
        .getJsonArray("messages").add(MetaWebhooks.text("wamid.B2", "behind it").put("from", WA_ID));
    assertEquals(200, webhooks.signed(url, FakeMeta.APP_SECRET, payload).statusCode());
    assertEquals(List.of("behind it"), hub.stored().stream().map(InboundMessage::body).toList());
    assertEquals("refused: test", hub.setAside.get("wamid.B1"));
  }

  @Test
  void aPostbackWithoutMidIsStoredOnceByItsTime() {
    JsonObject event = new JsonObject().put("sender", new JsonObject().put("id", PSID))
        .put("recipient", new JsonObject().put("id", FakeMeta.PAGE_ID)).put("timestamp", 1458692752478L)
        .put("postback", new JsonObject().put("title", "Talk to a human").put("payload", "HUMAN"));
    JsonObject payload = MetaWebhooks.messaging("page", FakeMeta.PAGE_ID, event);
    assertEquals(200, webhooks.signed(url, FakeMeta.APP_SECRET, payload).statusCode());
    assertEquals(200, webhooks.signed(url, FakeMeta.APP_SECRET, payload).statusCode());
    assertEquals(List.of("Talk to a human"), hub.stored().stream().map(InboundMessage::body).toList());
  }

  @Test
  void malformedJsonIsABadRequest() {
    HttpResponse<String> r = webhooks.post(url, FakeMeta.APP_SECRET, "{\"object\": ".getBytes(StandardCharsets.UTF_8));
    assertEquals(400, r.statusCode());
    assertEquals("bad_request", new JsonObject(r.body()).getString("error"));
  }

  @Test
  void anImageIsFetchedByItsMediaIdWithTheTokenAndStoredAsAnAttachment() {
    assertEquals(200, webhooks.signed(url, FakeMeta.APP_SECRET,
        wa(MetaWebhooks.media("wamid.M1", "image", "1001", "image/jpeg", "The damaged box"))).statusCode());
    InboundMessage m = hub.stored().get(0);
    assertEquals("The damaged box", m.body());
    assertEquals(1, m.attachments().size());
    assertEquals("image/jpeg", m.attachments().get(0).contentType());
    assertTrue(m.attachments().get(0).filename().endsWith(".jpg"));
    assertArrayEquals(JPEG, m.attachments().get(0).content().getBytes());
  }

  @Test
  void tooLargeOrMissingMediaLeavesAPlaceholderAndTheMessageIsStored() {
    assertEquals(200, webhooks.signed(url, FakeMeta.APP_SECRET,
        wa(MetaWebhooks.media("wamid.M2", "video", "1002", "video/mp4", null))).statusCode());
    assertEquals(200, webhooks.signed(url, FakeMeta.APP_SECRET,
        wa(MetaWebhooks.media("wamid.M3", "document", "404404", "application/pdf", "my invoice"))).statusCode());
    List<InboundMessage> stored = hub.stored();
    assertEquals(2, stored.size());
    assertEquals("[video not stored: larger than 10 MB]", stored.get(0).body());
    assertTrue(stored.get(0).attachments().isEmpty());
    assertEquals("my invoice\n[document could not be downloaded]", stored.get(1).body());
  }

  @Test
  void buttonRepliesLocationsAndUnknownTypesBecomeText() {
    webhooks.signed(url, FakeMeta.APP_SECRET, wa(MetaWebhooks.buttonReply("wamid.I1", "yes-1", "Yes, reschedule")));
    webhooks.signed(url, FakeMeta.APP_SECRET, wa(MetaWebhooks.location("wamid.L1", 52.52, 13.405, "Shop", "Main St 1")));
    webhooks.signed(url, FakeMeta.APP_SECRET, wa(MetaWebhooks.reaction("wamid.R1", "wamid.T1", "👍")));
    List<String> bodies = hub.stored().stream().map(InboundMessage::body).toList();
    assertEquals(List.of("Yes, reschedule", "Location: Shop, Main St 1, 52.52, 13.405", "[unsupported message: reaction]"),
        bodies);
  }

  @Test
  void statusesBecomeReceiptsWithFailuresInPlainWords() {
    webhooks.signed(url, FakeMeta.APP_SECRET, MetaWebhooks.status(FakeMeta.PHONE_NUMBER_ID, "wamid.OUT1", "delivered", WA_ID, null, null));
    webhooks.signed(url, FakeMeta.APP_SECRET, MetaWebhooks.status(FakeMeta.PHONE_NUMBER_ID, "wamid.OUT2", "failed", WA_ID,
        131047, "Re-engagement message"));
    assertEquals(2, hub.receipts.size());
    assertEquals(new DeliveryReceipt(0, "wamid.OUT1", "delivered", null), hub.receipts.get(0));
    assertEquals("failed", hub.receipts.get(1).status());
    assertTrue(hub.receipts.get(1).error().contains("24 hours"), hub.receipts.get(1).error());
  }

  // ---- WhatsApp replies ----

  @Test
  void aReplyGoesToTheCloudApiWithTheTokenAndItsWamidComesBack() throws Exception {
    DeliveryReceipt receipt = await(deliver(whatsappReply(7, "+" + WA_ID, "It ships today.", null)));

    assertEquals("sent", receipt.status());
    assertTrue(receipt.providerId().startsWith("wamid."));
    FakeMeta.Send send = meta.sends.get(0);
    assertEquals("/" + FakeMeta.PHONE_NUMBER_ID + "/messages", send.path());
    assertTrue(send.authorized());
    assertEquals(FakeMeta.ACCESS_TOKEN, send.token());
    assertEquals(new JsonObject().put("messaging_product", "whatsapp").put("recipient_type", "individual")
        .put("to", WA_ID).put("type", "text")
        .put("text", new JsonObject().put("preview_url", false).put("body", "It ships today.")), send.body());
  }

  @Test
  void aTemplateReplySendsTheTemplateWithItsParameters() throws Exception {
    Template t = new Template("order_update", "en_US", List.of("Ada", "4711"));
    assertEquals("sent", await(deliver(whatsappReply(8, "+" + WA_ID, t.describe(), t))).status());
    JsonObject body = meta.sends.get(0).body();
    assertEquals("template", body.getString("type"));
    assertEquals(new JsonObject().put("name", "order_update").put("language", new JsonObject().put("code", "en_US"))
        .put("components", new JsonArray().add(new JsonObject().put("type", "body").put("parameters", new JsonArray()
            .add(new JsonObject().put("type", "text").put("text", "Ada"))
            .add(new JsonObject().put("type", "text").put("text", "4711"))))), body.getJsonObject("template"));
  }

  @Test
  void metasRefusalIsExplainedAndARateLimitIsRetried() {
    meta.refusals.put("4915100000001", new FakeMeta.Refusal(400, 131047, null, "Re-engagement message"));
    meta.refusals.put("4915100000002", new FakeMeta.Refusal(400, 130429, null, "Rate limit hit"));
    DeliveryReceipt refused = assertDoesNotFail(deliver(whatsappReply(9, "+4915100000001", "late", null)));
    assertEquals("failed", refused.status());
    assertTrue(refused.error().contains("24 hours"), refused.error());
    ExecutionException retry = assertThrows(ExecutionException.class,
        () -> await(deliver(whatsappReply(10, "+4915100000002", "busy", null))));
    assertTrue(retry.getCause().getMessage().contains("130429"), retry.getCause().getMessage());
  }

  @Test
  void approvedTemplatesAreListedAndCached() throws Exception {
    List<JsonObject> first = await(connector.templates(WA_INBOX));
    List<JsonObject> second = await(connector.templates(WA_INBOX));
    assertEquals(List.of("order_update", "hello_world"), first.stream().map(t -> t.getString("name")).toList());
    assertEquals(2, first.get(0).getInteger("parameters"));
    assertEquals(first, second);
    assertEquals(1, meta.templateListings.get(), "the second answer came from the cache");
    ExecutionException noWaba = assertThrows(ExecutionException.class, () -> await(connector.templates(OTHER_WA_INBOX)));
    assertTrue(noWaba.getCause().getMessage().contains("business_account_id"));
  }

  // ---- Messenger and Instagram ----

  @Test
  void aMessengerMessageWithAPictureIsStoredOnceUnderThePsid() {
    meta.media.put("photo.jpg", new FakeMeta.Media("image/jpeg", JPEG));
    meta.profiles.put(PSID, new String[] {"Ada", "Lovelace"});
    JsonObject payload = MetaWebhooks.messaging("page", FakeMeta.PAGE_ID, MetaWebhooks.customerMessage(FakeMeta.PAGE_ID,
        PSID, "m_AAA1", "Look", new JsonArray().add(new JsonObject().put("type", "image")
            .put("payload", new JsonObject().put("url", meta.cdnUrl("photo.jpg"))))));
    for (int i = 0; i < 10; i++) {
      assertEquals(200, webhooks.signed(url, FakeMeta.APP_SECRET, payload).statusCode());
    }
    assertEquals(1, hub.stored().size());
    InboundMessage m = hub.stored().get(0);
    assertEquals(new Identity("messenger", PSID), m.from());
    assertEquals("Ada Lovelace", m.senderName(), "asked of the Graph API with the page token");
    assertEquals(FB_INBOX, m.inboxId());
    assertEquals("Look", m.body());
    assertArrayEquals(JPEG, m.attachments().get(0).content().getBytes());
    assertEquals(0, meta.cdnRequestsWithToken.get(), "the page token never goes to the CDN");
  }

  @Test
  void anInstagramMessageIsStoredUnderTheInstagramId() {
    assertEquals(200, webhooks.signed(url, FakeMeta.APP_SECRET, MetaWebhooks.messaging("instagram", FakeMeta.INSTAGRAM_ID,
        MetaWebhooks.customerMessage(FakeMeta.INSTAGRAM_ID, IGSID, "ig_mid_1", "Hi from Insta", null))).statusCode());
    InboundMessage m = hub.stored().get(0);
    assertEquals(new Identity("instagram", IGSID), m.from());
    assertNull(m.senderName(), "no profile to be had: stored without a name");
    assertEquals("instagram", m.channel());
    assertEquals(IG_INBOX, m.inboxId());
  }

  @Test
  void echoesOfThePagesOwnSendsAreNeverStored() {
    assertEquals(200, webhooks.signed(url, FakeMeta.APP_SECRET, MetaWebhooks.messaging("page", FakeMeta.PAGE_ID,
        MetaWebhooks.echo(FakeMeta.PAGE_ID, PSID, "m_OURS", "It ships today."))).statusCode());
    assertEquals(0, hub.receiveCalls());
  }

  @Test
  void aMessengerSignatureWithAnotherSecretIsRefused() {
    JsonObject payload = MetaWebhooks.messaging("page", FakeMeta.PAGE_ID,
        MetaWebhooks.customerMessage(FakeMeta.PAGE_ID, PSID, "m_FORGED", "forged", null));
    assertEquals(403, webhooks.signed(url, OTHER_SECRET, payload).statusCode());
    assertEquals(0, hub.receiveCalls());
  }

  @Test
  void repliesWithin24HoursAreResponsesAndAnAgentsLaterReplyIsTaggedHumanAgent() throws Exception {
    assertEquals("sent", await(deliver(messengerReply(20, "agent", Duration.ofHours(2)))).status());
    assertEquals("sent", await(deliver(messengerReply(21, "agent", Duration.ofDays(3)))).status());
    JsonObject first = meta.sends.get(0).body();
    JsonObject second = meta.sends.get(1).body();
    assertEquals("RESPONSE", first.getString("messaging_type"));
    assertNull(first.getString("tag"));
    assertEquals(PSID, first.getJsonObject("recipient").getString("id"));
    assertEquals("Thanks!", first.getJsonObject("message").getString("text"));
    assertEquals("/me/messages", meta.sends.get(0).path());
    assertEquals(FakeMeta.PAGE_TOKEN, meta.sends.get(0).token());
    assertEquals("MESSAGE_TAG", second.getString("messaging_type"));
    assertEquals("HUMAN_AGENT", second.getString("tag"));
  }

  @Test
  void aBotsLateReplyOrAnyReplyAfterSevenDaysIsRefusedWithoutCallingMeta() throws Exception {
    DeliveryReceipt bot = await(deliver(messengerReply(22, "bot", Duration.ofDays(2))));
    DeliveryReceipt late = await(deliver(messengerReply(23, "agent", Duration.ofDays(8))));
    assertEquals("failed", bot.status());
    assertTrue(bot.error().contains("never a bot"), bot.error());
    assertEquals("failed", late.status());
    assertTrue(late.error().contains("7 days"), late.error());
    assertEquals(0, meta.sends.size());
  }

  @Test
  void deliveryAndReadEventsBecomeReceiptsForTheHubsSends() throws Exception {
    String mid = await(deliver(messengerReply(24, "agent", Duration.ofMinutes(5)))).providerId();
    long after = System.currentTimeMillis() + 1;
    webhooks.signed(url, FakeMeta.APP_SECRET, MetaWebhooks.messaging("page", FakeMeta.PAGE_ID,
        MetaWebhooks.delivery(FakeMeta.PAGE_ID, PSID, new JsonArray().add(mid), after)));
    webhooks.signed(url, FakeMeta.APP_SECRET, MetaWebhooks.messaging("page", FakeMeta.PAGE_ID,
        MetaWebhooks.read(FakeMeta.PAGE_ID, PSID, after)));
    assertTrue(hub.receipts.contains(new DeliveryReceipt(0, mid, "delivered", null)), hub.receipts.toString());
    assertEquals(new DeliveryReceipt(0, mid, "read", null), hub.receipts.get(hub.receipts.size() - 1));
  }

  // ---- helpers ----

  private static JsonObject wa(JsonObject message) {
    return MetaWebhooks.whatsapp(FakeMeta.PHONE_NUMBER_ID, WA_ID, "Sheena Nelson", message);
  }

  private static OutboundMessage whatsappReply(long id, String phone, String body, Template template) {
    return new OutboundMessage(id, 1, WA_INBOX, "whatsapp", Identity.phone(phone), "Agent", body, List.of(), null,
        "agent", Instant.now().minusSeconds(60), template);
  }

  private static OutboundMessage messengerReply(long id, String authorType, Duration sinceCustomer) {
    return new OutboundMessage(id, 1, FB_INBOX, "messenger", new Identity("messenger", PSID), "Agent", "Thanks!",
        List.of(), null, authorType, Instant.now().minus(sinceCustomer), null);
  }

  private static <T> T assertDoesNotFail(Future<T> future) {
    try {
      return await(future);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** The connector's send, called on a Vert.x context as the hub's delivery worker calls it. */
  private Future<DeliveryReceipt> deliver(OutboundMessage message) {
    return OnContext.call(vertx, () -> connector.deliver(message));
  }
}
