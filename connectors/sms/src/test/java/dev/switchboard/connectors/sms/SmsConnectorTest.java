package dev.switchboard.connectors.sms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.connectors.spi.Attachment;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.InboundMessage;
import dev.switchboard.connectors.spi.InboxConfig;
import dev.switchboard.connectors.spi.OutboundMessage;
import dev.switchboard.connectors.testkit.FakeHub;
import dev.switchboard.connectors.testkit.twilio.FakeTwilio;
import dev.switchboard.connectors.testkit.twilio.TwilioWebhooks;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SMS connector against a local server speaking Twilio's REST wire format and webhooks signed
 * exactly as Twilio signs them, over real HTTP on loopback.
 */
class SmsConnectorTest {

  private static final String INBOX = "inbox-sms-1";
  private static final String OUR_NUMBER = "+14155550100";
  private static final String CUSTOMER = "+491511234567";
  private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";
  private static final byte[] JPEG = "\u00ff\u00d8\u00ff fake jpeg".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] PNG = "\u0089PNG fake png".getBytes(StandardCharsets.ISO_8859_1);

  private Vertx vertx;
  private FakeTwilio twilio;
  private FakeHub hub;
  private SmsConnector connector;
  private final TwilioWebhooks webhooks = new TwilioWebhooks();
  private String inboundUrl;
  private String statusUrl;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    twilio = await(new FakeTwilio(vertx, Map.of(
        "ME0001", new FakeTwilio.Media("image/jpeg", JPEG),
        "ME0002", new FakeTwilio.Media("image/png", PNG),
        "ME0003", new FakeTwilio.Media("video/mp4", new byte[MediaFetcher.MAX_BYTES + 1]))).start());
    hub = await(FakeHub.listening(vertx));
    String publicUrl = hub.publicUrl();
    inboundUrl = publicUrl + "/webhooks/twilio/sms";
    statusUrl = publicUrl + "/webhooks/twilio/status";
    InboxConfig inbox = new InboxConfig(INBOX, "Support SMS", "sms", new JsonObject()
        .put("account_sid", FakeTwilio.ACCOUNT)
        .put("auth_token", FakeTwilio.TOKEN)
        .put("phone_number", OUR_NUMBER)
        .put("api_base_url", twilio.apiBaseUrl()));
    hub.inboxes.add(inbox);
    connector = new SmsConnector();
    await(connector.start(hub));
  }

  @AfterEach
  void stop() throws Exception {
    await(connector.stop());
    await(hub.close());
    await(twilio.close());
    await(vertx.close());
  }

  // ---- inbound ----

  @Test
  void signedInboundSmsIsStoredOnceAndAnsweredWithEmptyTwiml() {
    Map<String, String> sms = inbound("SM00000000000000000000000000000001", "Hi, ünïcode & = + ok?");

    HttpResponse<String> response = webhooks.signed(inboundUrl, FakeTwilio.TOKEN, sms);

    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/xml"));
    assertEquals(EMPTY_TWIML, response.body());
    assertEquals(1, hub.stored().size());
    InboundMessage stored = hub.stored().get(0);
    assertEquals(INBOX, stored.inboxId());
    assertEquals("sms", stored.channel());
    assertEquals(Identity.phone(CUSTOMER), stored.from());
    assertEquals("Hi, ünïcode & = + ok?", stored.body());
    assertEquals("SM00000000000000000000000000000001", stored.providerId());
    assertTrue(stored.attachments().isEmpty());
  }

  @Test
  void retriedMessageSidMakesNoSecondMessage() {
    Map<String, String> sms = inbound("SM00000000000000000000000000000002", "Where is my order?");

    HttpResponse<String> first = webhooks.signed(inboundUrl, FakeTwilio.TOKEN, sms);
    HttpResponse<String> retry = webhooks.signed(inboundUrl, FakeTwilio.TOKEN, sms);

    assertEquals(200, first.statusCode());
    assertEquals(200, retry.statusCode());
    assertEquals(EMPTY_TWIML, retry.body());
    assertEquals(1, hub.stored().size());
  }

  @Test
  void storageFailureAnswers500SoTwilioRetriesAndTheRetryIsStored() {
    Map<String, String> sms = inbound("SM00000000000000000000000000000003", "Hello?");
    hub.storageDown = true;

    HttpResponse<String> failed = webhooks.signed(inboundUrl, FakeTwilio.TOKEN, sms);
    hub.storageDown = false;
    HttpResponse<String> retried = webhooks.signed(inboundUrl, FakeTwilio.TOKEN, sms);

    assertEquals(500, failed.statusCode());
    assertEquals(200, retried.statusCode());
    assertEquals(1, hub.stored().size());
  }

  @Test
  void badSignatureIsRefusedAndNothingStored() {
    Map<String, String> sms = inbound("SM00000000000000000000000000000004", "forged");

    HttpResponse<String> wrongKey = webhooks.signed(inboundUrl, "not-the-auth-token", sms);
    String goodSignature = TwilioWebhooks.signature(FakeTwilio.TOKEN, inboundUrl, sms);
    Map<String, String> tampered = new LinkedHashMap<>(sms);
    tampered.put("Body", "tampered");
    HttpResponse<String> tamperedBody = webhooks.post(inboundUrl, tampered, goodSignature);

    assertEquals(403, wrongKey.statusCode());
    assertEquals("bad_signature", new JsonObject(wrongKey.body()).getString("error"));
    assertEquals(403, tamperedBody.statusCode());
    assertTrue(hub.stored().isEmpty());
  }

  @Test
  void missingSignatureIsRefused() {
    HttpResponse<String> response = webhooks.post(inboundUrl, inbound("SM00000000000000000000000000000005", "x"), null);

    assertEquals(403, response.statusCode());
    JsonObject error = new JsonObject(response.body());
    assertEquals("bad_signature", error.getString("error"));
    assertTrue(error.containsKey("message"));
    assertTrue(hub.stored().isEmpty());
  }

  @Test
  void messageToAnUnknownNumberIs404() {
    Map<String, String> sms = inbound("SM00000000000000000000000000000006", "wrong number");
    sms.put("To", "+14155550199");

    HttpResponse<String> response = webhooks.signed(inboundUrl, FakeTwilio.TOKEN, sms);

    assertEquals(404, response.statusCode());
    assertEquals("unknown_number", new JsonObject(response.body()).getString("error"));
    assertTrue(hub.stored().isEmpty());
  }

  @Test
  void signedMessageWithoutMessageSidIs400() {
    Map<String, String> sms = inbound("SM00000000000000000000000000000007", "no sid");
    sms.remove("MessageSid");

    HttpResponse<String> response = webhooks.signed(inboundUrl, FakeTwilio.TOKEN, sms);

    assertEquals(400, response.statusCode());
    assertEquals("bad_request", new JsonObject(response.body()).getString("error"));
    assertTrue(hub.stored().isEmpty());
  }

  @Test
  void mmsMediaAreStoredAsAttachmentsWithTheirContentTypes() {
    String sid = "MM00000000000000000000000000000008";
    Map<String, String> mms = inbound(sid, "two pictures");
    mms.put("NumMedia", "2");
    mms.put("MediaUrl0", twilio.mediaUrl(sid, "ME0001"));
    mms.put("MediaContentType0", "image/jpeg");
    mms.put("MediaUrl1", twilio.mediaUrl(sid, "ME0002"));
    mms.put("MediaContentType1", "image/png");

    HttpResponse<String> response = webhooks.signed(inboundUrl, FakeTwilio.TOKEN, mms);

    assertEquals(200, response.statusCode());
    assertEquals(1, hub.stored().size());
    List<Attachment> attachments = hub.stored().get(0).attachments();
    assertEquals(2, attachments.size());
    assertEquals("image/jpeg", attachments.get(0).contentType());
    assertEquals("ME0001.jpg", attachments.get(0).filename());
    assertArrayEquals(JPEG, attachments.get(0).content().getBytes());
    assertEquals("image/png", attachments.get(1).contentType());
    assertArrayEquals(PNG, attachments.get(1).content().getBytes());
    assertEquals(0, twilio.mediaRequestsWithCredentialsOnStorageHost.get(), "credentials leaked to the storage host");
  }

  @Test
  void mmsWhoseMediaCannotBeFetchedStillStoresTheText() {
    String sid = "MM00000000000000000000000000000009";
    Map<String, String> mms = inbound(sid, "picture attached");
    mms.put("NumMedia", "2");
    mms.put("MediaUrl0", twilio.mediaUrl(sid, "ME0001"));
    mms.put("MediaContentType0", "image/jpeg");
    mms.put("MediaUrl1", twilio.mediaUrl(sid, "ME-gone"));
    mms.put("MediaContentType1", "image/png");

    HttpResponse<String> response = webhooks.signed(inboundUrl, FakeTwilio.TOKEN, mms);

    assertEquals(200, response.statusCode());
    assertEquals(1, hub.stored().size());
    assertEquals("picture attached", hub.stored().get(0).body());
    assertEquals(1, hub.stored().get(0).attachments().size());
  }

  @Test
  void mediaOverTheSizeLimitIsLeftOutAndTheTextStored() {
    String sid = "MM00000000000000000000000000000014";
    Map<String, String> mms = inbound(sid, "big video");
    mms.put("NumMedia", "1");
    mms.put("MediaUrl0", twilio.mediaUrl(sid, "ME0003"));
    mms.put("MediaContentType0", "video/mp4");

    HttpResponse<String> response = webhooks.signed(inboundUrl, FakeTwilio.TOKEN, mms);

    assertEquals(200, response.statusCode());
    assertEquals("big video", hub.stored().get(0).body());
    assertTrue(hub.stored().get(0).attachments().isEmpty());
  }

  // ---- outbound ----

  @Test
  void replyIsSentThroughTheSdkWithAStatusCallback() throws Exception {
    DeliveryReceipt receipt = await(connector.deliver(reply(41, CUSTOMER, "Your order ships today.")));

    assertEquals(41, receipt.messageId());
    assertTrue(receipt.providerId().startsWith("SM"), receipt.providerId());
    assertEquals("queued", receipt.status());
    assertNull(receipt.error());
    assertEquals(1, twilio.sends.size());
    FakeTwilio.Send send = twilio.sends.get(0);
    assertTrue(send.authorized());
    assertEquals(CUSTOMER, send.params().get("To"));
    assertEquals(OUR_NUMBER, send.params().get("From"));
    assertEquals("Your order ships today.", send.params().get("Body"));
    assertEquals(statusUrl, send.params().get("StatusCallback"));
  }

  @Test
  void optedOutCustomerGetsAFailedReceiptInPlainWords() throws Exception {
    DeliveryReceipt receipt = await(connector.deliver(reply(42, FakeTwilio.OPTED_OUT, "Hello again")));

    assertEquals("failed", receipt.status());
    assertEquals(42, receipt.messageId());
    assertTrue(receipt.error().contains("opted out"), receipt.error());
    assertTrue(receipt.error().contains("START"), receipt.error());
    assertFalse(receipt.error().contains(FakeTwilio.TOKEN));
  }

  @Test
  void twilioOutageFailsTheFutureSoTheHubRetries() {
    Future<DeliveryReceipt> delivery = connector.deliver(reply(43, FakeTwilio.OUTAGE, "Are you there?"));

    ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> await(delivery));
    String reason = String.valueOf(failed.getCause().getMessage());
    assertTrue(reason.contains("Service Unavailable"), reason);
    assertFalse(reason.contains(FakeTwilio.TOKEN));
    assertTrue(twilio.sends.stream().allMatch(s -> FakeTwilio.OUTAGE.equals(s.params().get("To"))));
  }

  @Test
  void deliverNeverRunsTheSdkOnAnEventLoop() throws Exception {
    // Called from an event loop, as the hub's delivery worker does; Twilio takes SLOW_MILLIS to answer.
    AtomicInteger ticks = new AtomicInteger();
    Promise<DeliveryReceipt> result = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      long timer = vertx.setPeriodic(20, t -> ticks.incrementAndGet());
      connector.deliver(reply(44, FakeTwilio.SLOW, "slow network"))
          .onComplete(done -> {
            vertx.cancelTimer(timer);
            result.handle(done);
          });
    });

    DeliveryReceipt receipt = await(result.future());

    assertEquals("queued", receipt.status());
    // The loop that asked kept running its timer while the SDK waited for Twilio.
    assertTrue(ticks.get() >= 5, "event loop was blocked: " + ticks.get() + " ticks");
  }

  @Test
  void replyFromAnInboxThatIsGoneFailsInPlainWords() throws Exception {
    OutboundMessage message = new OutboundMessage(45, 1, "inbox-deleted", "sms", Identity.phone(CUSTOMER),
        "Ann", "hello", List.of(), null);

    DeliveryReceipt receipt = await(connector.deliver(message));

    assertEquals("failed", receipt.status());
    assertTrue(receipt.error().contains("deleted or disabled"), receipt.error());
  }

  // ---- status callbacks ----

  @Test
  void deliveredCallbackUpdatesTheMessage() {
    HttpResponse<String> response = webhooks.signed(statusUrl, FakeTwilio.TOKEN,
        status("SM00000000000000000000000000000010", "delivered", null));

    assertEquals(200, response.statusCode());
    assertEquals(EMPTY_TWIML, response.body());
    assertEquals(List.of(new DeliveryReceipt(0, "SM00000000000000000000000000000010", "delivered", null)), hub.receipts);
  }

  @Test
  void sendingCallbackCountsAsSent() {
    webhooks.signed(statusUrl, FakeTwilio.TOKEN, status("SM00000000000000000000000000000011", "sending", null));

    assertEquals("sent", hub.receipts.get(0).status());
  }

  @Test
  void undeliveredCallbackFailsTheMessageWithTheReasonInWords() {
    HttpResponse<String> response = webhooks.signed(statusUrl, FakeTwilio.TOKEN,
        status("SM00000000000000000000000000000012", "undelivered", "30007"));

    assertEquals(200, response.statusCode());
    DeliveryReceipt receipt = hub.receipts.get(0);
    assertEquals("SM00000000000000000000000000000012", receipt.providerId());
    assertEquals("failed", receipt.status());
    assertTrue(receipt.error().contains("carrier filtered"), receipt.error());
  }

  @Test
  void unsignedStatusCallbackIsRefused() {
    HttpResponse<String> response = webhooks.post(statusUrl, status("SM00000000000000000000000000000013", "delivered", null), null);
    HttpResponse<String> forged = webhooks.signed(statusUrl, "not-the-auth-token",
        status("SM00000000000000000000000000000013", "delivered", null));

    assertEquals(403, response.statusCode());
    assertEquals(403, forged.statusCode());
    assertTrue(hub.receipts.isEmpty());
  }

  // ---- helpers ----

  /** An inbound webhook's parameters as Twilio sends them for an SMS to our number. */
  private static Map<String, String> inbound(String sid, String body) {
    return TwilioWebhooks.inboundSms(sid, CUSTOMER, OUR_NUMBER, body);
  }

  /** A status callback's parameters as Twilio sends them. */
  private static Map<String, String> status(String sid, String messageStatus, String errorCode) {
    return TwilioWebhooks.statusCallback(sid, OUR_NUMBER, CUSTOMER, messageStatus, errorCode);
  }

  private static OutboundMessage reply(long id, String to, String body) {
    return new OutboundMessage(id, 1, INBOX, "sms", Identity.phone(to), "Ann", body, List.of(), null);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
