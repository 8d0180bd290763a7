package dev.switchboard.hub.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.connectors.testkit.twilio.FakeTwilio;
import dev.switchboard.connectors.testkit.twilio.TwilioWebhooks;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One poisoned mail never blocks the mailbox: mail the database refuses is set aside at once and
 * shown to admins, NULs never reach the database, and automated mail stays out of conversations.
 * Real hub, PostgreSQL, Redis and GreenMail.
 */
class PoisonedInboundTest {

  static final String SUPPORT = "help@acme.test";
  static final String OUR_NUMBER = "+14155550123";

  static HubConfig config;
  static Hub hub;
  static ApiClient admin;
  static GreenMail mail;
  static GreenMailUser mailbox;

  @BeforeAll
  static void start() {
    config = TestHub.config("poisoned");
    ServerSetup imap = new ServerSetup(TestHub.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
    mail = new GreenMail(imap);
    mail.start();
    mailbox = mail.setUser(SUPPORT, SUPPORT, "mailbox-password");
    hub = TestHub.start(config);
    admin = ApiClient.admin(config);
    ApiClient.Reply inbox = admin.post("/api/v1/inboxes", new JsonObject().put("name", "Help").put("channel", "email")
        .put("config", new JsonObject().put("address", SUPPORT).put("username", SUPPORT)
            .put("password", "mailbox-password")
            .put("imap_host", "127.0.0.1").put("imap_port", imap.getPort()).put("imap_security", "none")
            .put("smtp_host", "127.0.0.1").put("smtp_port", 25).put("smtp_security", "none")
            .put("poll_interval_seconds", 1).put("idle", false)));
    assertEquals(201, inbox.status(), inbox.text());
    ApiClient.Reply sms = admin.post("/api/v1/inboxes", new JsonObject().put("name", "Texts").put("channel", "sms")
        .put("config", new JsonObject().put("account_sid", FakeTwilio.ACCOUNT).put("auth_token", FakeTwilio.TOKEN)
            .put("phone_number", OUR_NUMBER)));
    assertEquals(201, sms.status(), sms.text());
  }

  @AfterAll
  static void stop() {
    TestHub.stop(hub);
    mail.stop();
    TestHub.dropAll(config);
  }

  @Test
  void aMailWithNulBytesArrivesWithoutThemAndDoesNotBlockTheNext() throws Exception {
    deliver(mail("nul@example.org", "=?UTF-8?Q?zero=00byte?=", "<nul-a@example.org>",
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n",
        "before=00after\r\n"));
    deliver(mail("nul@example.org", "next", "<nul-b@example.org>", "Content-Type: text/plain\r\n", "the next mail\r\n"));

    List<String> bodies = waitForBodies("nul@example.org", 2);
    assertEquals(List.of("beforeafter", "the next mail"), bodies);
  }

  @Test
  void aMailTheDatabaseRefusesIsSetAsideAndListedForAdmins() throws Exception {
    // A Message-ID too long for the provider-id index: PostgreSQL refuses it (54000) on every try.
    byte[] noise = new byte[4_000];
    new SecureRandom().nextBytes(noise);
    String hugeId = "<" + HexFormat.of().formatHex(noise) + "@example.org>";
    deliver(mail("huge@example.org", "huge id", hugeId, "Content-Type: text/plain\r\n", "poisoned\r\n"));
    deliver(mail("huge@example.org", "next", "<huge-b@example.org>", "Content-Type: text/plain\r\n", "behind it\r\n"));

    assertEquals(List.of("behind it"), waitForBodies("huge@example.org", 1));
    JsonObject entry = waitForSetAside(hugeId);
    assertTrue(entry.getString("reason").contains("54000"), entry.getString("reason"));
    assertEquals("email", entry.getString("channel"));
    assertEquals(new JsonObject().put("kind", "email").put("address", "huge@example.org"), entry.getJsonObject("sender"));
    assertEquals("poisoned", entry.getJsonObject("message").getString("body").strip());
  }

  @Test
  void autoRepliesAndBouncesAreListedNotStored() throws Exception {
    deliver(mail("away@example.org", "Out of office", "<ooo-1@example.org>",
        "Auto-Submitted: auto-replied\r\nContent-Type: text/plain\r\n", "I am away\r\n"));
    deliver(mail("MAILER-DAEMON@mx.example.org", "Undelivered Mail", "<dsn-1@example.org>",
        "Content-Type: text/plain\r\n", "could not deliver\r\n"));
    deliver(mail("away@example.org", "Real", "<real-1@example.org>", "Content-Type: text/plain\r\n", "back now\r\n"));

    assertEquals(List.of("back now"), waitForBodies("away@example.org", 1));
    assertEquals("auto-reply", waitForSetAside("<ooo-1@example.org>").getString("reason"));
    assertEquals("bounce", waitForSetAside("<dsn-1@example.org>").getString("reason"));
    assertNull(conversationOf("mailer-daemon@mx.example.org"), "a bounce is nobody's conversation");
  }

  @Test
  void aTextTheDatabaseRefusesIsSetAsideAtOnce() throws Exception {
    // no connector strips NULs from SMS: the hub recognises PostgreSQL's final "no" (22021) itself
    Map<String, String> sms = new LinkedHashMap<>();
    sms.put("MessageSid", "SMnul00000000000000000000000000001");
    sms.put("AccountSid", FakeTwilio.ACCOUNT);
    sms.put("From", "+4915199999999");
    sms.put("To", OUR_NUMBER);
    sms.put("Body", "zero\u0000byte");
    sms.put("NumMedia", "0");
    var answer = new TwilioWebhooks().signed(config.publicUrl() + "/webhooks/twilio/sms", FakeTwilio.TOKEN, sms);
    assertEquals(200, answer.statusCode(), "set aside is final: Twilio need not retry it");

    JsonObject entry = waitForSetAside("SMnul00000000000000000000000000001");
    assertTrue(entry.getString("reason").contains("22021"), entry.getString("reason"));
    assertEquals("zero\u0000byte", entry.getJsonObject("message").getString("body"), "kept as sent, escaped");
    assertEquals("+4915199999999", entry.getJsonObject("sender").getString("address"));
  }

  @Test
  void theListIsPagedNewestFirstAndForAdminsOnly() {
    ApiClient.Reply created = admin.post("/api/v1/agents", new JsonObject().put("email", "agent@acme.test")
        .put("name", "Agent").put("password", "agent-password-1").put("role", "agent"));
    assertEquals(201, created.status(), created.text());
    ApiClient agent = new ApiClient("http://localhost:" + config.httpPort()).login("agent@acme.test", "agent-password-1");
    assertEquals(403, agent.get("/api/v1/set-aside").status());
    assertEquals(400, admin.get("/api/v1/set-aside?limit=0").status());

    SetAsideStore store = new SetAsideStore(hub.pool());
    for (int i = 1; i <= 3; i++) {
      join(store.add(dev.switchboard.connectors.spi.InboundMessage.text(null, "sms",
          dev.switchboard.connectors.spi.Identity.phone("+4915100000000"), "zero\u0000" + i, "SMpage" + i), "test"));
    }
    join(store.add(dev.switchboard.connectors.spi.InboundMessage.text(null, "sms",
        dev.switchboard.connectors.spi.Identity.phone("+4915100000000"), "again", "SMpage3"), "test again"));
    JsonObject first = admin.get("/api/v1/set-aside?limit=2").json();
    JsonArray page = first.getJsonArray("set_aside");
    assertEquals(List.of("SMpage3", "SMpage2"), page.stream().map(e -> ((JsonObject) e).getString("provider_id")).toList());
    assertEquals("test again", page.getJsonObject(0).getString("reason"), "a repeat is one entry");
    assertEquals("zero\u00002", page.getJsonObject(1).getJsonObject("message").getString("body"), "the NUL is kept, escaped");
    JsonArray next = admin.get("/api/v1/set-aside?limit=2&before=" + first.getLong("next_before")).json()
        .getJsonArray("set_aside");
    assertEquals("SMpage1", next.getJsonObject(0).getString("provider_id"));
  }

  // --- helpers ---

  static String mail(String from, String subject, String messageId, String headers, String body) {
    return "From: " + from + "\r\nTo: " + SUPPORT + "\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId
        + "\r\nDate: Mon, 3 Jun 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\n" + headers + "\r\n" + body;
  }

  static void deliver(String raw) throws Exception {
    mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()),
        new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
  }

  static JsonObject conversationOf(String address) {
    JsonArray all = admin.get("/api/v1/conversations?status=all").json().getJsonArray("conversations");
    for (Object o : all) {
      JsonObject c = (JsonObject) o;
      JsonObject customer = admin.get("/api/v1/customers/" + c.getJsonObject("customer").getLong("id")).json();
      for (Object i : customer.getJsonArray("identities")) {
        if (address.equals(((JsonObject) i).getString("address"))) {
          return c;
        }
      }
    }
    return null;
  }

  static List<String> waitForBodies(String address, int count) throws InterruptedException {
    List<String> bodies = List.of();
    for (int i = 0; i < 200; i++) {
      JsonObject c = conversationOf(address);
      if (c != null) {
        bodies = admin.get("/api/v1/conversations/" + c.getLong("id") + "/messages?after_seq=0").json()
            .getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("body").strip()).toList();
        if (bodies.size() >= count) {
          Thread.sleep(300);
          for (String b : bodies) {
            assertFalse(b.contains("\u0000"));
          }
          return bodies;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("only " + bodies + " arrived from " + address);
  }

  static JsonObject waitForSetAside(String providerId) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      for (Object o : admin.get("/api/v1/set-aside?limit=200").json().getJsonArray("set_aside")) {
        if (providerId.equals(((JsonObject) o).getString("provider_id"))) {
          return (JsonObject) o;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(providerId + " was never set aside");
  }

  static <T> T join(io.vertx.core.Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
