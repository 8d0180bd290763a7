package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.connectors.testkit.twilio.FakeTwilio;
import dev.switchboard.connectors.testkit.twilio.TwilioWebhooks;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.TestHub;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;

/**
 * The README's picture of the inbox (docs/inbox.png), made again on demand: a hub with a handful of
 * customers on the web chat, SMS and email, one conversation open with its timeline and side
 * panel, at 1366×768. Runs only when asked:
 * {@code mvn -B -o verify -pl hub -am -Dtest=InboxScreenshotTest -Dscreenshot=docs/inbox.png}
 * (a relative path is taken from the repository's root).
 */
@EnabledIfSystemProperty(named = "screenshot", matches = ".+")
@Timeout(120)
class InboxScreenshotTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String SUPPORT = "support@acme.test";
  private static final String OUR_NUMBER = "+14155550100";

  @Test
  void takesTheInboxAsTheReadmeShowsIt() throws Exception {
    HubConfig config = TestHub.config("screenshot");
    ServerSetup imap = new ServerSetup(TestHub.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
    GreenMail mail = new GreenMail(imap);
    mail.start();
    GreenMailUser mailbox = mail.setUser(SUPPORT, SUPPORT, "mailbox-password");
    Hub hub = TestHub.start(config);
    List<WsClient> visitors = new ArrayList<>();
    try (Browsers browsers = new Browsers()) {
      ApiClient admin = ApiClient.admin(config);
      long web = admin.webInbox("Website chat");
      created(admin.post("/api/v1/inboxes", new JsonObject().put("name", "Support SMS").put("channel", "sms")
          .put("config", new JsonObject().put("account_sid", FakeTwilio.ACCOUNT).put("auth_token", FakeTwilio.TOKEN)
              .put("phone_number", OUR_NUMBER))));
      created(admin.post("/api/v1/inboxes", new JsonObject().put("name", "Acme Support").put("channel", "email")
          .put("config", new JsonObject().put("address", SUPPORT).put("username", SUPPORT)
              .put("password", "mailbox-password")
              .put("imap_host", "127.0.0.1").put("imap_port", imap.getPort()).put("imap_security", "none")
              .put("smtp_host", "127.0.0.1").put("smtp_port", 25).put("smtp_security", "none")
              .put("poll_interval_seconds", 1).put("idle", false))));
      long samId = created(admin.post("/api/v1/agents", new JsonObject().put("email", "sam@acme.test")
          .put("name", "Sam Ortiz").put("password", "sam-password-1").put("role", "agent")));
      ApiClient sam = new ApiClient("http://localhost:" + config.httpPort()).login("sam@acme.test", "sam-password-1");

      // the oldest first, each waited for: the list shows the longest-waiting customer on top
      java.util.function.IntPredicate arrived = n -> admin.get("/api/v1/conversations/counts?status=open").json()
          .getInteger("all") == n;
      email(mailbox, "jonas.weber@example.de", "Jonas Weber", "Invoice for order 4471",
          "Hello, could you send me an invoice with our VAT number for order 4471? Thanks, Jonas");
      waitUntil(() -> arrived.test(1));
      long maya = webVisitor(visitors, config, web, "Maya Chen", "Hi! I ordered the oak desk last week and the tracking"
          + " has not moved since Monday. Is it stuck?");
      sms(config, "SMs0000000000000000000000000000001", "+4915112345678", "Can I pick up my order at the Berlin store instead?");
      webVisitor(visitors, config, web, "Lucas Martin", "Do you ship to Canada?");
      email(mailbox, "priya.nair@example.co.uk", "Priya Nair", "Return label",
          "The lamp arrived with a cracked shade. How do I get a return label?");
      waitUntil(() -> arrived.test(5));
      sms(config, "SMs0000000000000000000000000000002", "+14155550199", "Thanks, got it!");
      waitUntil(() -> arrived.test(6));

      // Maya's conversation: an answer, a colleague's note, her reply; high priority, tagged
      String path = "/api/v1/conversations/" + maya;
      assertEquals(201, admin.post("/api/v1/tags", new JsonObject().put("name", "shipping")).status());
      assertEquals(200, admin.patch(path, new JsonObject().put("priority", "high").put("assignee_id", samId)
          .put("tags", new JsonArray().add("shipping"))).status());
      assertEquals(201, sam.post(path + "/messages", new JsonObject().put("body",
          "Hi Maya, sorry about that! Let me check with the carrier.")).status());
      assertEquals(201, sam.post(path + "/messages", new JsonObject().put("private", true).put("body",
          "Carrier says the parcel was held at the depot; rebooked for tomorrow.")).status());
      WsClient mayaWidget = visitors.get(0);
      mayaWidget.send(new JsonObject().put("type", "message").put("client_id", "m2").put("body", "Great, thank you!"));
      mayaWidget.await(f -> "ack".equals(f.getString("type")) && "m2".equals(f.getString("client_id")));

      InboxPage agent = new InboxPage(browsers.open(1366, 768), config);
      // the page itself 1366×768 (the window's size includes what a headful browser draws around it)
      ((org.openqa.selenium.chrome.ChromeDriver) agent.driver()).executeCdpCommand("Emulation.setDeviceMetricsOverride",
          java.util.Map.of("width", 1366, "height", 768, "deviceScaleFactor", 1, "mobile", false));
      agent.signIn("sam@acme.test", "sam-password-1");
      agent.waitFor(WAIT, d -> agent.rows().size() == 6);
      agent.open(maya);
      agent.waitFor(WAIT, d -> agent.messages().size() == 4);
      agent.waitFor(WAIT, d -> Page.visible(d.findElement(By.id("customer-name"))));
      agent.js("document.activeElement && document.activeElement.blur();");

      Path out = target(System.getProperty("screenshot"));
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.write(out, ((TakesScreenshot) agent.driver()).getScreenshotAs(OutputType.BYTES));
    } finally {
      visitors.forEach(WsClient::close);
      TestHub.stop(hub);
      mail.stop();
      TestHub.dropAll(config);
    }
  }

  /** Relative to the repository's root (surefire runs in hub/). */
  private static Path target(String given) {
    Path p = Path.of(given);
    if (p.isAbsolute()) {
      return p;
    }
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    Path root = Files.exists(dir.resolve("../pom.xml")) && Files.isDirectory(dir.resolve("../hub")) ? dir.getParent() : dir;
    return root.resolve(p);
  }

  private static long webVisitor(List<WsClient> visitors, HubConfig config, long inbox, String name, String text) {
    WsClient ws = WsClient.connect("ws://localhost:" + config.httpPort() + "/ws/widget?inbox=" + inbox);
    visitors.add(ws);
    ws.awaitType("hello");
    ws.send(new JsonObject().put("type", "identify").put("name", name));
    ws.send(new JsonObject().put("type", "message").put("client_id", "m1").put("body", text));
    ws.await(f -> "ack".equals(f.getString("type")) && "m1".equals(f.getString("client_id")));
    return ws.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
        .getLong("conversation_id");
  }

  private static void sms(HubConfig config, String sid, String from, String text) {
    var answer = new TwilioWebhooks().signed(config.publicUrl() + "/webhooks/twilio/sms", FakeTwilio.TOKEN,
        TwilioWebhooks.inboundSms(sid, from, OUR_NUMBER, text));
    assertEquals(200, answer.statusCode(), answer.body());
  }

  private static void email(GreenMailUser mailbox, String from, String name, String subject, String body)
      throws Exception {
    String raw = "From: " + name + " <" + from + ">\r\nTo: " + SUPPORT + "\r\nSubject: " + subject
        + "\r\nMessage-ID: <" + from.hashCode() + "@example.org>\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
    mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()),
        new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
  }

  private static long created(Reply r) {
    assertEquals(201, r.status(), r.text());
    return r.json().getLong("id");
  }

  private static void waitUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
    for (int i = 0; i < 200 && !done.getAsBoolean(); i++) {
      Thread.sleep(100);
    }
    if (!done.getAsBoolean()) {
      throw new AssertionError("the seeded conversations never all arrived");
    }
  }
}
