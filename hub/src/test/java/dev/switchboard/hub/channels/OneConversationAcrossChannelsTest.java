package dev.switchboard.hub.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.connectors.testkit.twilio.FakeTwilio;
import dev.switchboard.connectors.testkit.twilio.TwilioWebhooks;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.TestHub;
import dev.switchboard.hub.UserHash;
import dev.switchboard.hub.WsClient;
import dev.switchboard.hub.conversation.ConversationService;
import dev.switchboard.hub.events.Publisher;
import dev.switchboard.hub.store.Database;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 3's walk: one customer chats on the website, texts, emails, and gets answers on each
 * channel — one customer, one conversation, every message once and in order, across provider
 * retries and hub restarts. Real PostgreSQL, Redis and GreenMail; Twilio's wire format on loopback.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OneConversationAcrossChannelsTest {

  static final String PHONE = "+4915112345678";
  static final String OUR_NUMBER = "+14155550100";
  static final String SUPPORT = "support@acme.test";
  static final String SECRET = "widget-identity-secret";
  static final byte[] PHOTO = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, 4, (byte) 0xFF, (byte) 0xD9};

  static HubConfig config;
  static Hub hub;
  static ApiClient admin;
  static Vertx vertx;
  static FakeTwilio twilio;
  static GreenMail mail;
  static ServerSetup smtp;
  static long webInbox;
  static long conversation;
  static String visitorToken;
  static final TwilioWebhooks webhooks = new TwilioWebhooks();

  @BeforeAll
  static void start() throws Exception {
    config = TestHub.config("channels");
    vertx = Vertx.vertx();
    twilio = new FakeTwilio(vertx, Map.of("ME0001", new FakeTwilio.Media("image/jpeg", PHOTO))).start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    smtp = new ServerSetup(TestHub.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    ServerSetup imap = new ServerSetup(TestHub.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
    mail = new GreenMail(new ServerSetup[] {smtp, imap});
    mail.start();
    mail.setUser(SUPPORT, SUPPORT, "mailbox-password");

    hub = TestHub.start(config);
    admin = ApiClient.admin(config);
    webInbox = created(admin.post("/api/v1/inboxes", new JsonObject().put("name", "Website").put("channel", "web")
        .put("config", new JsonObject().put("allowed_origins", new JsonArray().add("*"))
            .put("identity_secret", SECRET))));
    created(admin.post("/api/v1/inboxes", new JsonObject().put("name", "Support SMS").put("channel", "sms")
        .put("config", new JsonObject().put("account_sid", FakeTwilio.ACCOUNT).put("auth_token", FakeTwilio.TOKEN)
            .put("phone_number", OUR_NUMBER).put("api_base_url", twilio.apiBaseUrl()))));
    created(admin.post("/api/v1/inboxes", new JsonObject().put("name", "Acme Support").put("channel", "email")
        .put("config", new JsonObject().put("address", SUPPORT).put("username", SUPPORT)
            .put("password", "mailbox-password")
            .put("imap_host", "127.0.0.1").put("imap_port", imap.getPort()).put("imap_security", "none")
            .put("smtp_host", "127.0.0.1").put("smtp_port", smtp.getPort()).put("smtp_security", "none")
            .put("poll_interval_seconds", 1).put("idle", false))));
  }

  @AfterAll
  static void stop() throws Exception {
    TestHub.stop(hub);
    mail.stop();
    twilio.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    TestHub.dropAll(config);
  }

  @Test
  @Order(1)
  void aSignedInVisitorChatsOnTheWebsite() throws Exception {
    try (WsClient widget = widget(null)) {
      visitorToken = widget.awaitType("hello").getString("visitor");
      widget.send(new JsonObject().put("type", "identify").put("email", "ada@example.com").put("phone", "+49 151 1234 5678")
          .put("name", "Ada Lovelace").put("user_hash", UserHash.of(SECRET, null, "ada@example.com", PHONE)));
      conversation = widget.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
          .getLong("conversation_id");
      widget.send(new JsonObject().put("type", "message").put("client_id", "w1").put("body", "Hi, my order is late"));
      assertEquals(1, widget.awaitType("ack").getLong("seq"));
    }
  }

  @Test
  @Order(2)
  void thenTextsAndTwilioRetriesTheWebhook() throws Exception {
    Map<String, String> sms = inboundSms("SMc0000000000000000000000000000001", "It's order 4711");
    assertEquals(200, webhooks.signed(smsUrl(), FakeTwilio.TOKEN, sms).statusCode());
    assertEquals(200, webhooks.signed(smsUrl(), FakeTwilio.TOKEN, sms).statusCode(), "a retry is answered alike");
    Map<String, String> forged = inboundSms("SMc0000000000000000000000000000002", "forged");
    assertEquals(403, webhooks.signed(smsUrl(), "not-the-token", forged).statusCode());
    waitForBodies(List.of("Hi, my order is late", "It's order 4711"));
  }

  @Test
  @Order(3)
  void aPictureSentByMmsIsStoredAndOnlyAgentsCanOpenIt() throws Exception {
    String sid = "MMc0000000000000000000000000000001";
    Map<String, String> mms = inboundSms(sid, "Here is the damaged box");
    mms.put("NumMedia", "1");
    mms.put("MediaUrl0", twilio.mediaUrl(sid, "ME0001"));
    mms.put("MediaContentType0", "image/jpeg");
    assertEquals(200, webhooks.signed(smsUrl(), FakeTwilio.TOKEN, mms).statusCode());
    JsonObject picture = waitForBody("Here is the damaged box").getJsonArray("attachments").getJsonObject(0);
    assertEquals("image/jpeg", picture.getString("content_type"));
    assertEquals(PHOTO.length, picture.getLong("size"));

    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI url = java.net.URI.create("http://localhost:" + config.httpPort() + picture.getString("url"));
    var asAgent = http.send(java.net.http.HttpRequest.newBuilder(url).header("authorization", "Bearer " + admin.token())
        .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, asAgent.statusCode());
    assertTrue(java.util.Arrays.equals(PHOTO, asAgent.body()));
    var asStranger = http.send(java.net.http.HttpRequest.newBuilder(url).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(401, asStranger.statusCode());
  }

  @Test
  @Order(4)
  void thenEmailsAndEverythingIsOneConversationInOrder() throws Exception {
    customerEmails("<first-mail@example.com>", null, "Order 4711", "Any news on order 4711?");
    List<JsonObject> timeline = waitForBodies(List.of("Hi, my order is late", "It's order 4711",
        "Here is the damaged box", "Any news on order 4711?"));
    assertEquals(List.of("web", "sms", "sms", "email"), timeline.stream().map(m -> m.getString("channel")).toList());
    assertEquals(List.of(1L, 2L, 3L, 4L), timeline.stream().map(m -> m.getLong("seq")).toList());

    JsonArray all = admin.get("/api/v1/conversations?status=all").json().getJsonArray("conversations");
    assertEquals(1, all.size(), "one customer, one conversation");
    JsonObject customer = admin.get("/api/v1/customers/" + all.getJsonObject(0).getJsonObject("customer")
        .getLong("id")).json();
    assertEquals("Ada Lovelace", customer.getString("name"));
    List<String> kinds = customer.getJsonArray("identities").stream().map(i -> ((JsonObject) i).getString("kind"))
        .sorted().toList();
    assertEquals(List.of("email", "phone", "web"), kinds, "the visitor, their email and their phone");
  }

  @Test
  @Order(5)
  void agentRepliesGoOutOnEachChannelWithTheirDeliveryStatus() throws Exception {
    // default channel: where the customer last wrote (email), threaded under their mail
    JsonObject emailReply = reply(new JsonObject().put("body", "It ships today."));
    assertEquals("email", emailReply.getString("channel"));
    MimeMessage sent = awaitMailTo("ada@example.com", 1);
    assertEquals("<first-mail@example.com>", sent.getHeader("In-Reply-To", null));
    assertEquals("Re: Order 4711", sent.getSubject());
    waitForStatus(emailReply.getLong("id"), "sent");

    JsonObject smsReply = reply(new JsonObject().put("body", "Tracking: 1Z999").put("channel", "sms"));
    FakeTwilio.Send send = awaitTwilioSend(s -> "Tracking: 1Z999".equals(s.params().get("Body")));
    assertEquals(PHONE, send.params().get("To"));
    assertEquals(OUR_NUMBER, send.params().get("From"));
    assertEquals(config.publicUrl() + "/webhooks/twilio/status", send.params().get("StatusCallback"));
    String messageSid = twilioSid(smsReply.getLong("id"));
    assertEquals(200, webhooks.signed(statusUrl(), FakeTwilio.TOKEN, status(messageSid, "delivered", null)).statusCode());
    waitForStatus(smsReply.getLong("id"), "delivered");
    assertEquals(200, webhooks.signed(statusUrl(), FakeTwilio.TOKEN, status(messageSid, "sent", null)).statusCode());
    Thread.sleep(300);
    assertEquals("delivered", message(smsReply.getLong("id")).getString("status"), "late callbacks never go back");

    try (WsClient widget = widget(visitorToken)) {
      assertEquals(conversation, widget.awaitType("hello").getLong("conversation_id"), "Ada is back on the website");
      JsonObject webReply = reply(new JsonObject().put("body", "Also here in the chat!").put("channel", "web"));
      assertEquals("Also here in the chat!", widget.await(f -> "message".equals(f.getString("type"))
          && f.getLong("id").equals(webReply.getLong("id"))).getString("body"));
    }
  }

  @Test
  @Order(6)
  void theCustomersAnswerToOurMailLandsInTheSameConversation() throws Exception {
    MimeMessage ours = awaitMailTo("ada@example.com", 1);
    customerEmails("<second-mail@example.com>", ours.getMessageID(), "Re: Order 4711", "Great, thanks!");
    JsonObject last = waitForBody("Great, thanks!");
    assertEquals(conversation, last.getLong("conversation_id"));
  }

  @Test
  @Order(7)
  void nothingIsLostOrDoubledAcrossAHubRestartAndProviderRetries() throws Exception {
    TestHub.stop(hub);
    // while the hub is down: a mail arrives, Twilio keeps retrying a text, and a reply was committed
    // by a node that died before its outbox could send it
    customerEmails("<while-down@example.com>", null, "Re: Order 4711", "Sent while you were down");
    Map<String, String> text = inboundSms("SMc0000000000000000000000000000003", "Texted while you were down");
    assertTrue(nobodyAnswers(() -> webhooks.signed(smsUrl(), FakeTwilio.TOKEN, text)), "Twilio will retry");
    commitReplyWithoutSending("Committed, then the node died");

    hub = TestHub.start(config);
    assertEquals(200, webhooks.signed(smsUrl(), FakeTwilio.TOKEN, text).statusCode());
    assertEquals(200, webhooks.signed(smsUrl(), FakeTwilio.TOKEN, text).statusCode());
    waitForBody("Sent while you were down");
    waitForBody("Texted while you were down");
    awaitTwilioSend(s -> "Committed, then the node died".equals(s.params().get("Body")));

    TestHub.stop(hub);
    hub = TestHub.start(config);
    Thread.sleep(3_000); // the outbox and the mailbox poller get a chance to repeat themselves
    assertEquals(1, twilio.sends.stream().filter(s -> "Committed, then the node died".equals(s.params().get("Body")))
        .count(), "delivered exactly once");
    List<JsonObject> timeline = timeline();
    List<String> bodies = timeline.stream().map(m -> m.getString("body")).toList();
    assertEquals(bodies.stream().distinct().count(), bodies.size(), "no duplicates: " + bodies);
    for (int i = 0; i < timeline.size(); i++) {
      assertEquals(i + 1, timeline.get(i).getLong("seq"), "seq stays gap-free");
    }
    assertEquals(1, admin.get("/api/v1/conversations?status=all").json().getJsonArray("conversations").size());
  }

  // --- the customer's side -------------------------------------------------------------------

  static WsClient widget(String visitor) {
    return WsClient.connect("ws://localhost:" + config.httpPort() + "/ws/widget?inbox=" + webInbox
        + (visitor == null ? "" : "&visitor=" + visitor));
  }

  static Map<String, String> inboundSms(String sid, String body) {
    return TwilioWebhooks.inboundSms(sid, PHONE, OUR_NUMBER, body);
  }

  static Map<String, String> status(String sid, String status, String errorCode) {
    return TwilioWebhooks.statusCallback(sid, OUR_NUMBER, PHONE, status, errorCode);
  }

  static void customerEmails(String messageId, String inReplyTo, String subject, String text) throws Exception {
    Properties props = new Properties();
    props.put("mail.smtp.host", "127.0.0.1");
    props.put("mail.smtp.port", String.valueOf(smtp.getPort()));
    MimeMessage m = new MimeMessage(Session.getInstance(props)) {
      @Override
      protected void updateMessageID() throws jakarta.mail.MessagingException {
        setHeader("Message-ID", messageId);
      }
    };
    m.setFrom(new InternetAddress("ADA@example.com", "Ada Lovelace"));
    m.setRecipient(RecipientType.TO, new InternetAddress(SUPPORT));
    m.setSubject(subject);
    m.setText(text, "UTF-8");
    if (inReplyTo != null) {
      m.setHeader("In-Reply-To", inReplyTo);
      m.setHeader("References", inReplyTo);
    }
    Transport.send(m);
  }

  static MimeMessage awaitMailTo(String address, int count) throws Exception {
    for (int i = 0; i < 100; i++) {
      List<MimeMessage> to = java.util.Arrays.stream(mail.getReceivedMessages()).filter(m -> {
        try {
          return m.getAllRecipients()[0].toString().contains(address);
        } catch (Exception e) {
          return false;
        }
      }).toList();
      if (to.size() >= count) {
        return to.get(count - 1);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no mail to " + address);
  }

  // --- the agent's side ----------------------------------------------------------------------

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

  static List<JsonObject> waitForBodies(List<String> bodies) throws InterruptedException {
    for (int i = 0; i < 150; i++) {
      List<JsonObject> t = timeline();
      if (t.stream().map(m -> m.getString("body")).toList().equals(bodies)) {
        return t;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timeline is " + timeline().stream().map(m -> m.getString("body")).toList());
  }

  static JsonObject waitForBody(String body) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      for (JsonObject m : timeline()) {
        if (body.equals(m.getString("body"))) {
          return m;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(body + " never arrived; timeline " + timeline().stream().map(m -> m.getString("body"))
        .toList());
  }

  static JsonObject waitForStatus(long id, String status) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      JsonObject m = message(id);
      if (status.equals(m.getString("status"))) {
        return m;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("message " + id + " is " + message(id).getString("status") + ", not " + status);
  }

  static FakeTwilio.Send awaitTwilioSend(Predicate<FakeTwilio.Send> match) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      for (FakeTwilio.Send s : twilio.sends) {
        if (match.test(s)) {
          return s;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("Twilio was never asked to send that");
  }

  /** The SID the fake Twilio gave the message, as stored by the hub from the send's receipt. */
  static String twilioSid(long messageId) throws Exception {
    Pool pool = Database.pool(vertx, config);
    try {
      for (int i = 0; i < 50; i++) {
        String sid = pool.query("select provider_id from message where id = " + messageId).execute()
            .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).iterator().next()
            .getString("provider_id");
        if (sid != null) {
          return sid;
        }
        Thread.sleep(100);
      }
      throw new AssertionError("no Twilio SID stored for message " + messageId);
    } finally {
      pool.close();
    }
  }

  /** What a node does when an agent replies: message and outbox row in one commit; it dies before sending. */
  static void commitReplyWithoutSending(String body) throws Exception {
    Pool pool = Database.pool(vertx, config);
    Publisher nobody = Publisher.NOBODY;
    try {
      new ConversationService(vertx, pool, nobody)
          .reply(conversation, new ConversationService.Author("agent", null, "Admin"), body, "sms", false)
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      pool.close();
    }
  }

  static boolean nobodyAnswers(java.util.function.Supplier<java.net.http.HttpResponse<String>> call) {
    try {
      return call.get().statusCode() >= 500;
    } catch (IllegalStateException connectionRefused) {
      return true;
    }
  }

  static String smsUrl() {
    return config.publicUrl() + "/webhooks/twilio/sms";
  }

  static String statusUrl() {
    return config.publicUrl() + "/webhooks/twilio/status";
  }

  static long created(ApiClient.Reply r) {
    assertEquals(201, r.status(), r.text());
    return r.json().getLong("id");
  }

}
