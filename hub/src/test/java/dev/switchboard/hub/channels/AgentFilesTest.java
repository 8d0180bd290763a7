package dev.switchboard.hub.channels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.connectors.testkit.meta.FakeMeta;
import dev.switchboard.connectors.testkit.meta.MetaWebhooks;
import dev.switchboard.connectors.testkit.telegram.FakeTelegram;
import dev.switchboard.connectors.testkit.telegram.TelegramUpdates;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.SocialInboxes;
import dev.switchboard.hub.WsClient;
import dev.switchboard.hub.store.Database;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Agents send files: an upload ({@code POST /api/v1/attachments}) waits for a reply of its
 * uploader to name it ({@code attachment_ids}); the reply stores it with the message before it is
 * answered, the timeline lists it, and the outbox hands it to the channel: Telegram sends pictures
 * with {@code sendPhoto} and the rest with {@code sendDocument}; WhatsApp uploads each file to
 * {@code /{phone_number_id}/media} and sends a message naming the media id. A channel that carries no
 * files (the website chat) refuses them, naming itself; bad uploads and others' or sent uploads are
 * refused and store nothing.
 */
class AgentFilesTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("files");

  static final long ANA_ID = 223456789L;
  static final String WA_ID = "4915199990000";
  /** The eight bytes every PNG starts with, and a little more. */
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
  static final byte[] PDF = "%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1);

  static Vertx vertx;
  static FakeTelegram telegram;
  static FakeMeta meta;
  static ApiClient admin;
  static ApiClient ann;
  static ApiClient bob;
  static long telegramInbox;
  static long webInbox;
  static String secret;
  static final TelegramUpdates updates = new TelegramUpdates();
  static final MetaWebhooks metaWebhooks = new MetaWebhooks();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    telegram = new FakeTelegram(vertx).start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    meta = new FakeMeta(vertx).start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    admin = node.admin();
    ann = agent("ann", "admin");
    bob = agent("bob", "agent");
    webInbox = admin.webInbox("Website");
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
  void anUploadIsItsUploadersAloneUntilSent() {
    ApiClient.Reply up = ann.upload("invoice 4711.pdf", "application/pdf", PDF);
    assertEquals(201, up.status(), up.text());
    JsonObject file = up.json();
    assertEquals("invoice 4711.pdf", file.getString("filename"));
    assertEquals("application/pdf", file.getString("content_type"));
    assertEquals(PDF.length, file.getLong("size"));
    HttpResponse<byte[]> mine = ann.bytes("/api/v1/attachments/" + file.getLong("id"));
    assertEquals(200, mine.statusCode());
    assertArrayEquals(PDF, mine.body());
    assertEquals("application/octet-stream", mine.headers().firstValue("content-type").orElse(""),
        "only plain images are shown inline");
    assertEquals(404, bob.bytes("/api/v1/attachments/" + file.getLong("id")).statusCode(), "not bob's");
  }

  @Test
  void badUploadsAreRefusedAndStoreNothing() throws Exception {
    long before = uploads();
    ApiClient.Reply tooLarge = ann.upload("big.bin", "application/octet-stream", new byte[10 * 1024 * 1024 + 1]);
    assertEquals(413, tooLarge.status(), tooLarge.text());
    assertTrue(tooLarge.json().getString("message").contains("10 MB"), tooLarge.text());
    assertEquals(400, ann.upload("", "image/png", PNG).status(), "a file needs a name");
    assertEquals(400, ann.upload("empty.txt", "text/plain", new byte[0]).status(), "an empty file");
    ApiClient.Reply program = ann.upload("setup.exe", "application/octet-stream", PNG);
    assertEquals(400, program.status(), program.text());
    assertEquals("bad_request", program.json().getString("error"));
    assertEquals(400, ann.upload("setup.bin", "application/x-msdownload", PNG).status());
    assertEquals(400, ann.upload("a.png", "not a type", PNG).status());
    ApiClient stranger = new ApiClient("http://localhost:" + node.config().httpPort());
    ApiClient.Reply anonymous = stranger.upload("a.bin", "application/octet-stream", new byte[2 * 1024 * 1024]);
    assertEquals(401, anonymous.status(), anonymous.text());
    assertEquals(before, uploads(), "nothing stored");
    assertEquals(201, ann.upload("fine.txt", "text/plain", "still works".getBytes()).status(), "the hub keeps answering");
  }

  @Test
  void aTelegramReplyCarriesAPictureAndADocumentWhichTheTimelineShowsAndTelegramReceives() throws Exception {
    long c = anaWritesOnTelegram(800001, "Can you send the invoice?");
    long photo = ann.upload("parcel.png", "image/png", PNG).json().getLong("id");
    long pdf = ann.upload("invoice.pdf", "application/pdf", PDF).json().getLong("id");

    ApiClient.Reply sent = ann.post("/api/v1/conversations/" + c + "/messages", new JsonObject()
        .put("body", "Here you are").put("attachment_ids", new JsonArray().add(photo).add(pdf)));
    assertEquals(201, sent.status(), sent.text());
    assertEquals(List.of("parcel.png", "invoice.pdf"), names(sent.json().getJsonArray("attachments")),
        "the answer lists the files");
    JsonObject shown = last(c);
    assertEquals(List.of("parcel.png", "invoice.pdf"), names(shown.getJsonArray("attachments")), "and the timeline");
    assertArrayEquals(PDF, ann.bytes(shown.getJsonArray("attachments").getJsonObject(1).getString("url")).body());

    FakeTelegram.Call picture = telegram.awaitCall("sendPhoto", call -> true);
    assertEquals(String.valueOf(ANA_ID), picture.params().getString("chat_id"));
    assertArrayEquals(PNG, picture.files().get(0).bytes());
    FakeTelegram.Call document = telegram.awaitCall("sendDocument", call -> true);
    assertEquals("invoice.pdf", document.files().get(0).filename());
    assertArrayEquals(PDF, document.files().get(0).bytes());
    assertTrue(telegram.calls("sendMessage").stream().anyMatch(m -> "Here you are".equals(m.params().getString("text"))));
    waitForStatus(c, sent.json().getLong("id"), "sent");

    // sent once: nobody can send it again
    ApiClient.Reply again = ann.post("/api/v1/conversations/" + c + "/messages", new JsonObject()
        .put("body", "once more").put("attachment_ids", new JsonArray().add(pdf)));
    assertEquals(400, again.status(), again.text());
    assertTrue(again.json().getString("message").contains(String.valueOf(pdf)), again.text());
  }

  @Test
  void filesAloneNeedNoTextButSomeoneElsesUploadIsRefusedAndNothingStored() throws Exception {
    long c = anaWritesOnTelegram(800002, "hello?");
    long bobs = bob.upload("bob.png", "image/png", PNG).json().getLong("id");
    long mine = ann.upload("mine.png", "image/png", PNG).json().getLong("id");
    int before = timeline(c).size();
    ApiClient.Reply foreign = ann.post("/api/v1/conversations/" + c + "/messages", new JsonObject()
        .put("body", "").put("attachment_ids", new JsonArray().add(mine).add(bobs)));
    assertEquals(400, foreign.status(), foreign.text());
    assertEquals(before, timeline(c).size(), "nothing stored, not even the text");

    ApiClient.Reply eleven = ann.post("/api/v1/conversations/" + c + "/messages", new JsonObject()
        .put("body", "x").put("attachment_ids", new JsonArray(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11))));
    assertEquals(400, eleven.status(), eleven.text());

    ApiClient.Reply alone = ann.post("/api/v1/conversations/" + c + "/messages", new JsonObject()
        .put("attachment_ids", new JsonArray().add(mine)));
    assertEquals(201, alone.status(), "my upload is still mine to send: " + alone.text());
    assertEquals(List.of("mine.png"), names(last(c).getJsonArray("attachments")));
  }

  @Test
  void theWebsiteChatRefusesFilesNamingItself() throws Exception {
    long c;
    try (WsClient visitor = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox="
        + webInbox)) {
      visitor.awaitType("hello");
      visitor.send(new JsonObject().put("type", "message").put("client_id", "1").put("body", "hi from the site"));
      visitor.awaitType("ack");
      c = visitor.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
          .getLong("conversation_id");
    }
    long file = ann.upload("a.png", "image/png", PNG).json().getLong("id");
    ApiClient.Reply r = ann.post("/api/v1/conversations/" + c + "/messages", new JsonObject()
        .put("body", "see attached").put("attachment_ids", new JsonArray().add(file)));
    assertEquals(400, r.status(), r.text());
    assertTrue(r.json().getString("message").contains("web"), r.text());
    assertEquals(List.of("hi from the site"), timeline(c).stream().map(m -> m.getString("body")).toList());
    ApiClient.Reply note = ann.post("/api/v1/conversations/" + c + "/messages", new JsonObject()
        .put("body", "for colleagues").put("private", true).put("attachment_ids", new JsonArray().add(file)));
    assertEquals(201, note.status(), "a note may hold files: " + note.text());
  }

  @Test
  void aWhatsAppReplyUploadsTheFileThenSendsItByMediaIdToTheCustomer() throws Exception {
    JsonObject payload = MetaWebhooks.whatsapp(FakeMeta.PHONE_NUMBER_ID, WA_ID, "Ada",
        MetaWebhooks.text("wamid.HBgLNDkxNTE5OTk5MDAwMBUCABIYFDNBMDAwMDAwMDAwMDAwMDAwMDAwAA==", "photo please"));
    assertEquals(200, metaWebhooks.signed(node.config().publicUrl() + "/webhooks/meta", FakeMeta.APP_SECRET, payload)
        .statusCode());
    long c = awaitConversationWith("photo please");
    long photo = ann.upload("shelf.png", "image/png", PNG).json().getLong("id");
    long pdf = ann.upload("terms.pdf", "application/pdf", PDF).json().getLong("id");
    ApiClient.Reply sent = ann.post("/api/v1/conversations/" + c + "/messages", new JsonObject()
        .put("attachment_ids", new JsonArray().add(photo).add(pdf)));
    assertEquals(201, sent.status(), sent.text());
    assertEquals("whatsapp", sent.json().getString("channel"));
    waitForStatus(c, sent.json().getLong("id"), "sent");

    assertEquals(2, meta.uploads.size(), meta.uploads.toString());
    FakeMeta.MediaUpload image = meta.uploads.get(0);
    assertEquals("/" + FakeMeta.PHONE_NUMBER_ID + "/media", image.path());
    assertEquals(FakeMeta.ACCESS_TOKEN, image.token());
    assertEquals("whatsapp", image.messagingProduct());
    assertEquals("image/png", image.type());
    assertArrayEquals(PNG, image.bytes());
    FakeMeta.Send imageMessage = meta.awaitSend(s -> s.body() != null && "image".equals(s.body().getString("type")));
    assertEquals(WA_ID, imageMessage.body().getString("to"));
    assertEquals(FakeMeta.ACCESS_TOKEN, imageMessage.token());
    assertEquals(image.id(), imageMessage.body().getJsonObject("image").getString("id"));
    FakeMeta.Send document = meta.awaitSend(s -> s.body() != null && "document".equals(s.body().getString("type")));
    assertEquals(meta.uploads.get(1).id(), document.body().getJsonObject("document").getString("id"));
    assertEquals("terms.pdf", document.body().getJsonObject("document").getString("filename"));
    assertTrue(meta.sends.stream().noneMatch(s -> s.body() != null && "text".equals(s.body().getString("type"))),
        "files alone: no empty text message");
  }

  // --- helpers

  static ApiClient agent(String name, String role) {
    ApiClient.Reply r = admin.post("/api/v1/agents", new JsonObject().put("email", name + "@example.com")
        .put("name", name).put("password", name + "-password").put("role", role));
    assertEquals(201, r.status(), r.text());
    return new ApiClient("http://localhost:" + node.config().httpPort()).login(name + "@example.com", name + "-password");
  }

  static long anaWritesOnTelegram(long updateId, String text) throws Exception {
    JsonObject update = TelegramUpdates.text(updateId, (int) updateId, TelegramUpdates.user(ANA_ID, "Ana", "Silva"), text);
    assertEquals(200, updates.post(node.config().publicUrl() + "/webhooks/telegram/" + telegramInbox, secret, update)
        .statusCode());
    return awaitConversationWith(text);
  }

  static long awaitConversationWith(String body) throws InterruptedException {
    return awaitConversationWith(admin, body);
  }

  /** The conversation holding a message with this body, once it is there (within 10 s). */
  static long awaitConversationWith(ApiClient admin, String body) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      for (Object o : admin.get("/api/v1/conversations?status=all").json().getJsonArray("conversations")) {
        long id = ((JsonObject) o).getLong("id");
        if (admin.get("/api/v1/conversations/" + id + "/messages").json().getJsonArray("messages").stream()
            .anyMatch(m -> body.equals(((JsonObject) m).getString("body")))) {
          return id;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no conversation with " + body);
  }

  static List<JsonObject> timeline(long conversation) {
    return admin.get("/api/v1/conversations/" + conversation + "/messages").json().getJsonArray("messages").stream()
        .map(m -> (JsonObject) m).toList();
  }

  static JsonObject last(long conversation) {
    List<JsonObject> t = timeline(conversation);
    return t.get(t.size() - 1);
  }

  static List<String> names(JsonArray files) {
    return files.stream().map(f -> ((JsonObject) f).getString("filename")).toList();
  }

  static void waitForStatus(long conversation, long id, String status) throws InterruptedException {
    JsonObject m = null;
    for (int i = 0; i < 100; i++) {
      m = timeline(conversation).stream().filter(x -> x.getLong("id") == id).findFirst().orElseThrow();
      if (status.equals(m.getString("status"))) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("message " + id + " is " + m.getString("status") + " (" + m.getString("error") + ")");
  }

  static long uploads() throws Exception {
    Pool pool = Database.pool(vertx, node.config());
    try {
      return pool.preparedQuery("select count(*) from attachment").execute(Tuple.tuple())
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).iterator().next().getLong(0);
    } finally {
      pool.close();
    }
  }
}
