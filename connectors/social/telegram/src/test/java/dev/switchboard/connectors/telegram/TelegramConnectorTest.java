package dev.switchboard.connectors.telegram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.connectors.spi.Attachment;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.InboundMessage;
import dev.switchboard.connectors.spi.InboxConfig;
import dev.switchboard.connectors.spi.OutboundMessage;
import dev.switchboard.connectors.testkit.FakeHub;
import dev.switchboard.connectors.testkit.OnContext;
import dev.switchboard.connectors.testkit.telegram.FakeTelegram;
import dev.switchboard.connectors.testkit.telegram.TelegramUpdates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Telegram connector against a local server speaking the Bot API's wire format, with updates
 * posted the way Telegram posts them, over real HTTP on loopback.
 */
class TelegramConnectorTest {

  private static final String INBOX = "17";
  private static final String SECRET = "s3cret_Token-from-the-hub_0123456789abcdefXYZ";
  private static final long CUSTOMER = 123456789L;
  private static final JsonObject ANA = TelegramUpdates.user(CUSTOMER, "Ana", "Silva");
  private static final byte[] SMALL = "small jpeg".getBytes(StandardCharsets.UTF_8);
  private static final byte[] LARGE = "the large jpeg, many more pixels".getBytes(StandardCharsets.UTF_8);

  private Vertx vertx;
  private FakeTelegram telegram;
  private FakeHub hub;
  private TelegramConnector connector;
  private final TelegramUpdates updates = new TelegramUpdates();
  private String webhookUrl;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    telegram = await(new FakeTelegram(vertx).start());
    telegram.files.put("photo-s", new FakeTelegram.StoredFile("photos/file_1.jpg", SMALL));
    telegram.files.put("photo-l", new FakeTelegram.StoredFile("photos/file_2.jpg", LARGE));
    hub = await(FakeHub.listening(vertx));
    webhookUrl = hub.publicUrl() + "/webhooks/telegram/" + INBOX;
    hub.inboxes.add(inbox(FakeTelegram.TOKEN));
    connector = new TelegramConnector();
    await(connector.start(hub));
  }

  @AfterEach
  void stop() throws Exception {
    await(connector.stop());
    await(hub.close());
    await(telegram.close());
    await(vertx.close());
  }

  // ---- the webhook's registration ----

  @Test
  void settingUpAnInboxRegistersItsWebhookWithTheSecretToken() throws Exception {
    String status = await(connector.setUpInbox(inbox(FakeTelegram.TOKEN)));

    List<FakeTelegram.Call> calls = telegram.calls("setWebhook");
    assertEquals(1, calls.size());
    FakeTelegram.Call call = calls.get(0);
    assertEquals(FakeTelegram.TOKEN, call.token());
    assertEquals(webhookUrl, call.params().getString("url"));
    assertEquals(SECRET, call.params().getString("secret_token"));
    assertEquals(new JsonArray().add("message").add("edited_message"), call.params().getJsonArray("allowed_updates"));
    assertTrue(status.contains(webhookUrl), status);
    assertFalse(status.contains(FakeTelegram.TOKEN), "the token must not be shown");
  }

  @Test
  void aRefusedTokenFailsTheSetUpInPlainWordsWithoutTheToken() {
    String wrong = "7012345678:WRONGwrongWRONGwrongWRONGwrong123";

    ExecutionException failed = assertThrows(ExecutionException.class, () -> await(connector.setUpInbox(inbox(wrong))));

    String message = failed.getCause().getMessage();
    assertTrue(message.contains("bot_token"), message);
    assertFalse(message.contains(wrong), message);
  }

  @Test
  void anUnreachableApiFailsTheSetUpWithoutTheToken() throws Exception {
    await(telegram.close());

    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> await(connector.setUpInbox(inbox(FakeTelegram.TOKEN))));

    assertFalse(failed.getCause().getMessage().contains(FakeTelegram.TOKEN), failed.getCause().getMessage());
  }

  // ---- inbound ----

  @Test
  void textMessageIsStoredAsTheCustomersWithTheirName() {
    HttpResponse<String> response = updates.post(webhookUrl, SECRET, TelegramUpdates.text(900001, 11, ANA, "Hi, wo ist mein Paket?"));

    assertEquals(200, response.statusCode());
    assertEquals(1, hub.stored().size());
    InboundMessage stored = hub.stored().get(0);
    assertEquals(INBOX, stored.inboxId());
    assertEquals("telegram", stored.channel());
    assertEquals(new Identity("telegram", String.valueOf(CUSTOMER)), stored.from());
    assertEquals("Ana Silva", stored.senderName());
    assertEquals("Hi, wo ist mein Paket?", stored.body());
    assertEquals("tg:" + FakeTelegram.BOT_ID + ":" + CUSTOMER + ":11", stored.providerId());
    assertTrue(stored.linked().isEmpty());
  }

  @Test
  void anUpdateDeliveredTenTimesIsStoredOnce() {
    JsonObject update = TelegramUpdates.text(900002, 12, ANA, "Hello?");

    for (int i = 0; i < 10; i++) {
      assertEquals(200, updates.post(webhookUrl, SECRET, update).statusCode());
    }

    assertEquals(10, hub.receiveCalls());
    assertEquals(1, hub.stored().size());
  }

  @Test
  void aWrongOrMissingSecretTokenIsRefusedAndNothingStored() {
    JsonObject update = TelegramUpdates.text(900003, 13, ANA, "forged");

    HttpResponse<String> wrong = updates.post(webhookUrl, "not-the-secret", update);
    HttpResponse<String> missing = updates.post(webhookUrl, null, update);
    HttpResponse<String> prefix = updates.post(webhookUrl, SECRET.substring(0, 10), update);

    assertEquals(403, wrong.statusCode());
    assertEquals("bad_signature", new JsonObject(wrong.body()).getString("error"));
    assertEquals(403, missing.statusCode());
    assertEquals(403, prefix.statusCode());
    assertEquals(0, hub.receiveCalls());
  }

  @Test
  void anUpdateForAnUnknownInboxIsAcknowledgedAndNothingStored() {
    HttpResponse<String> response = updates.post(hub.publicUrl() + "/webhooks/telegram/999", SECRET,
        TelegramUpdates.text(900004, 14, ANA, "to nowhere"));

    assertEquals(200, response.statusCode());
    assertEquals(0, hub.receiveCalls());
  }

  @Test
  void malformedJsonIs400AndAnUpdateWithoutIdToo() {
    HttpResponse<String> notJson = updates.post(webhookUrl, SECRET, "{\"update_id\": 1, \"message\": ");
    JsonObject noId = TelegramUpdates.text(900005, 15, ANA, "x");
    noId.remove("update_id");
    HttpResponse<String> withoutId = updates.post(webhookUrl, SECRET, noId);

    assertEquals(400, notJson.statusCode());
    assertEquals("bad_request", new JsonObject(notJson.body()).getString("error"));
    assertEquals(400, withoutId.statusCode());
    assertEquals(0, hub.receiveCalls());
  }

  @Test
  void aPhotoIsDownloadedInItsLargestSizeThroughGetFile() {
    JsonArray sizes = new JsonArray()
        .add(TelegramUpdates.photoSize("photo-s", 90, 67, SMALL.length))
        .add(TelegramUpdates.photoSize("photo-l", 1280, 960, LARGE.length));

    HttpResponse<String> response = updates.post(webhookUrl, SECRET, TelegramUpdates.photo(900006, 16, ANA, "the box arrived broken", sizes));

    assertEquals(200, response.statusCode());
    assertEquals(1, telegram.calls("getFile").size());
    assertEquals("photo-l", telegram.calls("getFile").get(0).params().getString("file_id"));
    assertEquals(List.of("photos/file_2.jpg"), telegram.downloads);
    InboundMessage stored = hub.stored().get(0);
    assertEquals("the box arrived broken", stored.body());
    Attachment photo = stored.attachments().get(0);
    assertEquals("image/jpeg", photo.contentType());
    assertArrayEquals(LARGE, photo.content().getBytes());
  }

  @Test
  void aFileOverTheLimitIsNotDownloadedAndAPlaceholderSaysSo() {
    JsonObject update = TelegramUpdates.message(900007, 17, ANA);
    update.getJsonObject("message").put("video", new JsonObject().put("file_id", "video-big").put("file_unique_id", "Uv")
        .put("width", 1920).put("height", 1080).put("duration", 300).put("mime_type", "video/mp4")
        .put("file_size", 19_500_000));

    HttpResponse<String> response = updates.post(webhookUrl, SECRET, update);

    assertEquals(200, response.statusCode());
    assertTrue(telegram.calls("getFile").isEmpty());
    InboundMessage stored = hub.stored().get(0);
    assertTrue(stored.attachments().isEmpty());
    assertTrue(stored.body().contains("video.mp4 not kept"), stored.body());
    assertTrue(stored.body().contains("18.6 MB"), stored.body());
  }

  @Test
  void aFileTelegramCannotServeLeavesAPlaceholderAndTheMessageIsStored() {
    JsonObject update = TelegramUpdates.message(900008, 18, ANA);
    update.getJsonObject("message").put("document", new JsonObject().put("file_id", "gone").put("file_unique_id", "Ug")
        .put("file_name", "invoice.pdf").put("mime_type", "application/pdf")).put("caption", "my invoice");

    HttpResponse<String> response = updates.post(webhookUrl, SECRET, update);

    assertEquals(200, response.statusCode());
    InboundMessage stored = hub.stored().get(0);
    assertEquals("my invoice\n[Document invoice.pdf could not be downloaded from Telegram.]", stored.body());
  }

  @Test
  void aSharedOwnContactLinksTheirPhoneAndSomeoneElsesDoesNot() {
    HttpResponse<String> own = updates.post(webhookUrl, SECRET,
        TelegramUpdates.contact(900009, 19, ANA, "4915112345678", "Ana", CUSTOMER));
    HttpResponse<String> other = updates.post(webhookUrl, SECRET,
        TelegramUpdates.contact(900010, 20, ANA, "+14155550100", "Bob", 987654321L));

    assertEquals(200, own.statusCode());
    assertEquals(200, other.statusCode());
    assertEquals(List.of(new Identity("phone", "+4915112345678")), hub.stored().get(0).linked());
    assertEquals("Contact: Ana, 4915112345678", hub.stored().get(0).body());
    assertTrue(hub.stored().get(1).linked().isEmpty());
  }

  @Test
  void locationsAndVoiceMessagesComeIn() {
    telegram.files.put("voice-1", new FakeTelegram.StoredFile("voice/file_9.oga", "OggS".getBytes(StandardCharsets.UTF_8)));
    JsonObject location = TelegramUpdates.message(900011, 21, ANA);
    location.getJsonObject("message").put("location", new JsonObject().put("latitude", 52.520008).put("longitude", 13.404954));
    JsonObject voice = TelegramUpdates.message(900012, 22, ANA);
    voice.getJsonObject("message").put("voice", new JsonObject().put("file_id", "voice-1").put("file_unique_id", "Uv1")
        .put("duration", 3).put("mime_type", "audio/ogg").put("file_size", 4));

    updates.post(webhookUrl, SECRET, location);
    updates.post(webhookUrl, SECRET, voice);

    assertTrue(hub.stored().get(0).body().startsWith("Location: 52.520008, 13.404954"), hub.stored().get(0).body());
    Attachment recording = hub.stored().get(1).attachments().get(0);
    assertEquals("voice.ogg", recording.filename());
    assertEquals("audio/ogg", recording.contentType());
  }

  @Test
  void anUnknownMessageTypeIsStoredAsUnsupportedWithItsType() {
    JsonObject update = TelegramUpdates.message(900013, 23, ANA);
    update.getJsonObject("message").put("poll", new JsonObject().put("id", "5").put("question", "Best?"));

    HttpResponse<String> response = updates.post(webhookUrl, SECRET, update);

    assertEquals(200, response.statusCode());
    assertEquals("Unsupported Telegram message (poll)", hub.stored().get(0).body());
  }

  @Test
  void anEditIsStoredOnceAsAnEditedMessage() {
    JsonObject edit = TelegramUpdates.text(900015, 24, ANA, "Order 1234, not 1243");
    edit.put("edited_message", edit.remove("message"));
    edit.getJsonObject("edited_message").put("edit_date", 1_732_900_100L);

    updates.post(webhookUrl, SECRET, TelegramUpdates.text(900014, 24, ANA, "Order 1243"));
    updates.post(webhookUrl, SECRET, edit);
    updates.post(webhookUrl, SECRET, edit);

    assertEquals(2, hub.stored().size());
    assertEquals("(edited) Order 1234, not 1243", hub.stored().get(1).body());
  }

  @Test
  void groupChatsAreNotCustomers() {
    JsonObject update = TelegramUpdates.text(900016, 25, ANA, "hello group");
    update.getJsonObject("message").put("chat", new JsonObject().put("id", -100123L).put("title", "Fans").put("type", "supergroup"));

    HttpResponse<String> response = updates.post(webhookUrl, SECRET, update);

    assertEquals(200, response.statusCode());
    assertEquals(0, hub.receiveCalls());
  }

  // ---- outbound ----

  @Test
  void aReplyReachesSendMessageWithTheChatIdAndToken() throws Exception {
    DeliveryReceipt receipt = await(deliver(reply(41, CUSTOMER, "Your parcel ships today.")));

    assertEquals("sent", receipt.status());
    assertNull(receipt.error());
    List<FakeTelegram.Call> sends = telegram.calls("sendMessage");
    assertEquals(1, sends.size());
    assertEquals(FakeTelegram.TOKEN, sends.get(0).token());
    assertEquals(String.valueOf(CUSTOMER), String.valueOf(sends.get(0).params().getValue("chat_id")));
    assertEquals("Your parcel ships today.", sends.get(0).params().getString("text"));
    assertEquals("tg:" + FakeTelegram.BOT_ID + ":" + CUSTOMER + ":1001", receipt.providerId());
  }

  @Test
  void aLongReplyGoesAsSeveralMessagesInOrder() throws Exception {
    String text = "a".repeat(4000) + "\n" + "b".repeat(300);

    await(deliver(reply(42, CUSTOMER, text)));

    List<FakeTelegram.Call> sends = telegram.calls("sendMessage");
    assertEquals(2, sends.size());
    assertEquals("a".repeat(4000), sends.get(0).params().getString("text"));
    assertEquals("b".repeat(300), sends.get(1).params().getString("text"));
  }

  @Test
  void aReplyWithFilesSendsTheTextThenAPhotoAndADocument() throws Exception {
    Attachment picture = new Attachment("label.png", "image/png", io.vertx.core.buffer.Buffer.buffer(LARGE));
    Attachment pdf = new Attachment("invoice.pdf", "application/pdf", io.vertx.core.buffer.Buffer.buffer(SMALL));
    OutboundMessage withFiles = new OutboundMessage(46, 1, INBOX, "telegram", new Identity("telegram", String.valueOf(CUSTOMER)),
        "Ann", "Here are your label and invoice.", List.of(picture, pdf), null);

    DeliveryReceipt receipt = await(deliver(withFiles));

    assertEquals("sent", receipt.status());
    assertEquals(List.of("sendMessage", "sendPhoto", "sendDocument"), telegram.calls.stream().map(FakeTelegram.Call::method).toList());
    FakeTelegram.Upload photo = telegram.calls("sendPhoto").get(0).files().get(0);
    assertEquals("label.png", photo.filename());
    assertEquals("image/png", photo.contentType());
    assertArrayEquals(LARGE, photo.bytes());
    assertEquals(String.valueOf(CUSTOMER), telegram.calls("sendDocument").get(0).params().getString("chat_id"));
    assertArrayEquals(SMALL, telegram.calls("sendDocument").get(0).files().get(0).bytes());
  }

  @Test
  void aSecretTokenTelegramWouldRefuseFailsTheSetUpSayingWhatItTakes() {
    InboxConfig bad = new InboxConfig(INBOX, "Support bot", "telegram", new JsonObject().put("bot_token", FakeTelegram.TOKEN)
        .put("secret_token", "has spaces & symbols!").put("api_base_url", telegram.apiBaseUrl()));

    ExecutionException failed = assertThrows(ExecutionException.class, () -> await(connector.setUpInbox(bad)));

    assertTrue(failed.getCause().getMessage().contains("A-Z, a-z, 0-9, _ and -"), failed.getCause().getMessage());
    assertTrue(telegram.calls("setWebhook").isEmpty());
  }

  @Test
  void aCustomerWhoBlockedTheBotFailsTheReplyForGoodSayingSo() throws Exception {
    DeliveryReceipt receipt = await(deliver(reply(43, FakeTelegram.BLOCKED_CHAT, "Hello again")));

    assertEquals("failed", receipt.status());
    assertTrue(receipt.error().startsWith("The customer has blocked this Telegram bot"), receipt.error());
  }

  @Test
  void floodControlFailsTheAttemptSoTheOutboxRetries() {
    Future<DeliveryReceipt> delivery = deliver(reply(44, FakeTelegram.FLOODED_CHAT, "Are you there?"));

    ExecutionException failed = assertThrows(ExecutionException.class, () -> await(delivery));
    assertTrue(failed.getCause().getMessage().contains("retry after 7 s"), failed.getCause().getMessage());
  }

  @Test
  void aRefusedTokenFailsTheReplyWithAnExplanationWithoutTheToken() throws Exception {
    String wrong = "7012345678:WRONGwrongWRONGwrongWRONGwrong123";
    hub.inboxes.clear();
    hub.inboxes.add(inbox(wrong));

    DeliveryReceipt receipt = await(deliver(reply(45, CUSTOMER, "hi")));

    assertEquals("failed", receipt.status());
    assertTrue(receipt.error().contains("bot_token"), receipt.error());
    assertFalse(receipt.error().contains(wrong));
  }

  private InboxConfig inbox(String token) {
    return new InboxConfig(INBOX, "Support bot", "telegram", new JsonObject()
        .put("bot_token", token)
        .put("secret_token", SECRET)
        .put("api_base_url", telegram.apiBaseUrl()));
  }

  private static OutboundMessage reply(long id, long chat, String body) {
    return new OutboundMessage(id, 1, INBOX, "telegram", new Identity("telegram", String.valueOf(chat)), "Ann", body,
        List.of(), null);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** The connector's send, called on a Vert.x context as the hub's delivery worker calls it. */
  private Future<DeliveryReceipt> deliver(OutboundMessage message) {
    return OnContext.call(vertx, () -> connector.deliver(message));
  }
}
