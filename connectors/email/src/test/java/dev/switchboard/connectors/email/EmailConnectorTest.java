package dev.switchboard.connectors.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.switchboard.connectors.spi.Attachment;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.InboundMessage;
import dev.switchboard.connectors.spi.InboxConfig;
import dev.switchboard.connectors.spi.OutboundMessage;
import dev.switchboard.connectors.testkit.FakeHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The connector against GreenMail as a real IMAP and SMTP server on loopback. */
class EmailConnectorTest {

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

  private static final String SUPPORT = "support@example.com";
  private final List<EmailConnector> running = new ArrayList<>();
  private Vertx vertx;
  private FakeHub hub;
  private GreenMailUser mailbox;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    hub = new FakeHub(vertx);
    mailbox = greenMail.setUser(SUPPORT, "support", "secret");
    hub.inboxes.add(inbox(new JsonObject()));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (EmailConnector c : running) {
      join(c.stop());
    }
    join(vertx.close());
  }

  // --- inbound ---

  @Test
  void plainMailArrivesOnceWithSenderAndText() throws Exception {
    start();
    deliver(mail("Ann Lee <Ann.Lee@Example.org>", "Printer on fire", "<plain-1@example.org>",
        "Content-Type: text/plain; charset=us-ascii\r\n", "Hello,\r\nmy printer is on fire.\r\n"));

    InboundMessage in = awaitStored(1).get(0);
    assertEquals("email", in.channel());
    assertEquals("inbox-1", in.inboxId());
    assertEquals(Identity.email("ann.lee@example.org"), in.from());
    assertEquals("Ann Lee", in.senderName());
    assertEquals("Hello,\nmy printer is on fire.", in.body().replace("\r\n", "\n"));
    assertNull(in.bodyHtml());
    assertEquals("<plain-1@example.org>", in.providerId());
    assertNull(in.threadKey());
    Thread.sleep(500);
    assertEquals(1, hub.receiveCalls(), "handed over once");
  }

  @Test
  void htmlMailIsSanitizedAndKeepsItsTextPart() throws Exception {
    start();
    String html = "<html><head><title>t</title><style>p{}</style></head><body>"
        + "<p onclick=\"steal()\">Hi <b>team</b></p><script>alert('x')</script>"
        + "<a href=\"javascript:alert(1)\">click</a> <a href=\"https://example.org/help\">help</a>"
        + "<img src=\"https://tracker.example/pixel.gif\" alt=\"logo\"></body></html>";
    deliver(mail("bob@example.org", "HTML", "<html-1@example.org>",
        "Content-Type: multipart/alternative; boundary=\"b1\"\r\n",
        "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHi team\r\n"
            + "--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n--b1--\r\n"));

    InboundMessage in = awaitStored(1).get(0);
    assertEquals("Hi team", in.body().strip());
    String safe = in.bodyHtml();
    assertNotNull(safe);
    assertTrue(safe.contains("<b>team</b>"), safe);
    assertTrue(safe.contains("https://example.org/help"), safe);
    for (String bad : List.of("script", "alert", "onclick", "javascript:", "tracker.example", "<style", "<title")) {
      assertFalse(safe.toLowerCase().contains(bad), bad + " in " + safe);
    }
    assertTrue(safe.contains("[image: logo]"), safe);
  }

  @Test
  void charsetsAndTransferEncodingsAreDecoded() throws Exception {
    start();
    byte[] latin1 = mail("=?ISO-8859-1?Q?J=FCrgen_M=FCller?= <juergen@example.de>",
        "=?UTF-8?B?w5xiZXJ3ZWlzdW5n?=", "<latin-1@example.de>",
        "Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n",
        "Viele Gr=FC=DFe aus K=F6ln\r\n").getBytes(StandardCharsets.ISO_8859_1);
    deliver(latin1);
    String utf8 = "Привет, 日本語 and ümlauts";
    deliver(mail("ivan@example.ru", "b64", "<b64-1@example.ru>",
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n",
        Base64.getMimeEncoder().encodeToString(utf8.getBytes(StandardCharsets.UTF_8)) + "\r\n"));
    // raw 8-bit Latin-1 bytes under a charset Java does not know
    byte[] unknown = mail("x@example.org", "unknown", "<unknown-1@example.org>",
        "Content-Type: text/plain; charset=x-klingon\r\nContent-Transfer-Encoding: 8bit\r\n",
        "Gr\u00fc\u00dfe\r\n").getBytes(StandardCharsets.ISO_8859_1);
    deliver(unknown);

    List<InboundMessage> all = awaitStored(3);
    assertEquals("Viele Grüße aus Köln", all.get(0).body().strip());
    assertEquals("Jürgen Müller", all.get(0).senderName());
    assertEquals(utf8, all.get(1).body().strip());
    assertEquals("Grüße", all.get(2).body().strip());
  }

  @Test
  void attachmentsAreStoredAndOversizedOnesDroppedWithANote() throws Exception {
    hub.inboxes.set(0, inbox(new JsonObject().put("max_attachment_bytes", 50_000)));
    start();
    byte[] small = "name,amount\nann,3\n".getBytes(StandardCharsets.UTF_8);
    byte[] big = new byte[80_000];
    new Random(1).nextBytes(big);
    deliver(mail("carol@example.org", "files", "<files-1@example.org>",
        "Content-Type: multipart/mixed; boundary=\"mix\"\r\n",
        "--mix\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee attached.\r\n"
            + part("text/csv", "report.csv", small)
            + part("application/pdf", "scan.pdf", big)
            + "--mix--\r\n"));

    InboundMessage in = awaitStored(1).get(0);
    assertEquals(1, in.attachments().size());
    Attachment csv = in.attachments().get(0);
    assertEquals("report.csv", csv.filename());
    assertEquals("text/csv", csv.contentType());
    assertEquals(Buffer.buffer(small), csv.content());
    assertTrue(in.body().startsWith("See attached."), in.body());
    assertTrue(in.body().contains("[attachment scan.pdf (78 KB) was too large and was not stored]"), in.body());
  }

  @Test
  void quotedHistoryIsFoldedAwayButKept() throws Exception {
    start();
    deliver(mail("dan@example.org", "Re: your ticket", "<reply-1@example.org>",
        "In-Reply-To: <ours-1@example.com>\r\nReferences: <first@example.org> <ours-1@example.com>\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n",
        "Thanks, restarting fixed it!\r\n\r\nOn Mon, 3 Jun 2024 at 10:02, Acme Support <support@example.com>\r\n"
            + "wrote:\r\n> Please try restarting the router.\r\n> \r\n> Acme\r\n"));
    deliver(mail("erin@example.org", "Re: hello", "<reply-2@example.org>", "Content-Type: text/plain\r\n",
        "Sounds good.\r\n\r\n-----Original Message-----\r\nFrom: Acme Support\r\nSent: Monday\r\n\r\nOld text\r\n"));
    deliver(mail("finn@example.org", "Re: gmail", "<reply-3@example.org>", "Content-Type: text/html; charset=utf-8\r\n",
        "<div dir=\"ltr\">New answer here</div><br><div class=\"gmail_quote\"><div>On Tue, Ann wrote:</div>"
            + "<blockquote class=\"gmail_quote\">old question</blockquote></div>"));

    List<InboundMessage> all = awaitStored(3);
    InboundMessage first = all.get(0);
    assertEquals("Thanks, restarting fixed it!", first.body());
    assertEquals("<ours-1@example.com>", first.threadKey());
    assertTrue(first.bodyHtml().contains("Please try restarting the router."), "the full original is kept");
    assertEquals("Sounds good.", all.get(1).body());
    assertEquals("New answer here", all.get(2).body());
    assertTrue(all.get(2).bodyHtml().contains("old question"), all.get(2).bodyHtml());
  }

  @Test
  void restartMakesNoDuplicatesAndBackfillsMailFromTheDowntime() throws Exception {
    EmailConnector first = start();
    deliver(mail("gus@example.org", "one", "<r-1@example.org>", "Content-Type: text/plain\r\n", "one\r\n"));
    awaitStored(1);
    join(first.stop());
    running.remove(first);

    deliver(mail("gus@example.org", "two", "<r-2@example.org>", "Content-Type: text/plain\r\n", "two\r\n"));
    deliver(mail("gus@example.org", "three", "<r-3@example.org>", "Content-Type: text/plain\r\n", "three\r\n"));
    Thread.sleep(300);
    assertEquals(1, hub.stored().size(), "nothing read while stopped");

    start();
    List<InboundMessage> all = awaitStored(3);
    assertEquals(List.of("one", "two", "three"), all.stream().map(m -> m.body().strip()).toList());
    Thread.sleep(1_000);
    assertEquals(3, hub.receiveCalls(), "the restart re-read nothing");
  }

  @Test
  void changedUidValidityRereadsTheMailboxWithoutDoubles() throws Exception {
    deliver(mail("hal@example.org", "a", "<v-1@example.org>", "Content-Type: text/plain\r\n", "a\r\n"));
    hub.state.put("email:mailbox:inbox-1", new JsonObject().put("uid_validity", 1).put("last_uid", 999));
    hub.inboxes.set(0, inbox(new JsonObject()));
    start();
    awaitStored(1);
    deliver(mail("hal@example.org", "b", "<v-2@example.org>", "Content-Type: text/plain\r\n", "b\r\n"));
    assertEquals(2, awaitStored(2).size());
  }

  @Test
  void sameMessageIdTwiceIsOneMessage() throws Exception {
    start();
    String raw = mail("ida@example.org", "dup", "<dup-1@example.org>", "Content-Type: text/plain\r\n", "only once\r\n");
    deliver(raw);
    deliver(raw);
    deliver(mail("ida@example.org", "after", "<dup-2@example.org>", "Content-Type: text/plain\r\n", "after\r\n"));
    awaitStored(2);
    await(() -> hub.receiveCalls() == 3);
    assertEquals(List.of("only once", "after"), hub.stored().stream().map(m -> m.body().strip()).toList());
  }

  @Test
  void brokenMailIsStoredAsWellAsPossibleAndThePollerGoesOn() throws Exception {
    start();
    // boundary that never comes, unknown transfer encoding inside
    deliver(mail("jan@example.org", "broken", "<broken-1@example.org>",
        "Content-Type: multipart/mixed; boundary=\"nowhere\"\r\n",
        "--elsewhere\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: x-martian\r\n\r\n"
            + "I still have something to say\r\n"));
    // no sender at all: cannot belong to any customer, set aside
    deliver("Subject: nobody\r\nMessage-ID: <nofrom@example.org>\r\nContent-Type: text/plain\r\n\r\nwho am I\r\n");
    // no Message-ID: a stable one is made from the content
    deliver("From: kim@example.org\r\nSubject: no id\r\nContent-Type: text/plain\r\n\r\nno id here\r\n");
    // our own address: never a customer
    deliver(mail(SUPPORT, "loop", "<self-1@example.com>", "Content-Type: text/plain\r\n", "from ourselves\r\n"));
    deliver(mail("kim@example.org", "fine", "<fine-1@example.org>", "Content-Type: text/plain\r\n", "all good\r\n"));

    List<InboundMessage> all = awaitStored(3);
    assertTrue(all.get(0).body().contains("I still have something to say"), all.get(0).body());
    assertEquals("no id here", all.get(1).body().strip());
    assertTrue(all.get(1).providerId().matches("<[0-9a-f]{40}@synthesized\\.switchboard>"), all.get(1).providerId());
    assertEquals("all good", all.get(2).body().strip());
  }

  @Test
  void pollingFallbackPicksUpMailWhenIdleIsOff() throws Exception {
    hub.inboxes.set(0, inbox(new JsonObject().put("idle", false).put("poll_interval_seconds", 1)));
    start();
    deliver(mail("lou@example.org", "poll", "<poll-1@example.org>", "Content-Type: text/plain\r\n", "polled\r\n"));
    assertEquals("polled", awaitStored(1).get(0).body().strip());
  }

  @Test
  void mailStillArrivesAfterIdleWasRenewed() throws Exception {
    hub.inboxes.set(0, inbox(new JsonObject().put("idle_seconds", 1)));
    start();
    Thread.sleep(2_500);
    deliver(mail("lou@example.org", "late", "<late-1@example.org>", "Content-Type: text/plain\r\n", "late\r\n"));
    assertEquals("late", awaitStored(1).get(0).body().strip());
  }

  @Test
  void aLostImapServerIsReconnectedTo() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    GreenMail own = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
    own.start();
    try {
      GreenMailUser user = own.setUser(SUPPORT, "support", "secret");
      hub.inboxes.set(0, inbox(new JsonObject().put("imap_port", port)));
      start();
      user.deliver(parse(mail("max@example.org", "1", "<lost-1@example.org>", "Content-Type: text/plain\r\n", "before\r\n")));
      awaitStored(1);

      own.stop();
      Thread.sleep(500);
      own.start();
      user = own.setUser(SUPPORT, "support", "secret");
      user.deliver(parse(mail("max@example.org", "2", "<lost-2@example.org>", "Content-Type: text/plain\r\n", "after\r\n")));
      assertEquals("after", awaitStored(2).get(1).body().strip());
    } finally {
      own.stop();
    }
  }

  @Test
  void disabledInboxStopsAndAReenabledOneCatchesUp() throws Exception {
    start();
    deliver(mail("mo@example.org", "1", "<d-1@example.org>", "Content-Type: text/plain\r\n", "1\r\n"));
    awaitStored(1);
    InboxConfig config = hub.inboxes.remove(0);
    Thread.sleep(1_500);
    deliver(mail("mo@example.org", "2", "<d-2@example.org>", "Content-Type: text/plain\r\n", "2\r\n"));
    Thread.sleep(1_500);
    assertEquals(1, hub.stored().size(), "a disabled inbox is not read");
    hub.inboxes.add(config);
    assertEquals(2, awaitStored(2).size());
  }

  // --- poisoned and automated mail ---

  @Test
  void nulBytesAreStrippedSoTheMailAndTheOnesBehindItArrive() throws Exception {
    start();
    // =00 is a NUL once decoded; PostgreSQL refuses NUL in text, so this mail used to be retried forever
    deliver(mail("=?UTF-8?Q?Ann=00_Lee?= <ann@example.org>", "=?UTF-8?Q?Bad=00subject?=", "<nul-1@example.org>",
        "Content-Type: multipart/mixed; boundary=\"mix\"\r\n",
        "--mix\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "Hello=00 world\r\n"
            + "--mix\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "<p>Hello=00 <b>world</b></p>\r\n"
            + "--mix\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename*=utf-8''bad%00name.csv\r\n"
            + "\r\na,b\r\n"
            + "--mix--\r\n"));
    deliver(mail("bob@example.org", "behind", "<nul-2@example.org>", "Content-Type: text/plain\r\n", "next one\r\n"));

    List<InboundMessage> all = awaitStored(2);
    InboundMessage nul = all.get(0);
    assertFalse(FakeHub.hasNul(nul), "no NUL left");
    assertEquals("Hello world", nul.body().strip());
    assertEquals("Ann Lee", nul.senderName());
    assertTrue(nul.bodyHtml().contains("Hello <b>world</b>"), nul.bodyHtml());
    assertEquals("badname.csv", nul.attachments().get(0).filename());
    assertEquals("next one", all.get(1).body().strip());
  }

  @Test
  void aMailTheHubKeepsFailingOnIsSetAsideAfterThreeTriesAndTheNextArrives() throws Exception {
    hub.failing.add("<poison-1@example.org>");
    start();
    deliver(mail("pia@example.org", "poison", "<poison-1@example.org>", "Content-Type: text/plain\r\n", "throws\r\n"));
    deliver(mail("pia@example.org", "fine", "<poison-2@example.org>", "Content-Type: text/plain\r\n", "fine\r\n"));

    assertEquals("fine", awaitStored(1).get(0).body().strip());
    assertEquals(MailboxPoller.MAX_TRIES, hub.attempts.get("<poison-1@example.org>"));
    assertTrue(hub.setAside.get("<poison-1@example.org>").startsWith("not stored after 3 tries"),
        hub.setAside.toString());
    assertEquals("throws", hub.setAsideMessage("<poison-1@example.org>").body().strip());
  }

  @Test
  void aMailTheHubRefusesForGoodIsAcknowledgedAtOnce() throws Exception {
    hub.refused.add("<refused-1@example.org>");
    EmailConnector first = start();
    deliver(mail("quin@example.org", "refused", "<refused-1@example.org>", "Content-Type: text/plain\r\n", "no\r\n"));
    deliver(mail("quin@example.org", "fine", "<refused-2@example.org>", "Content-Type: text/plain\r\n", "yes\r\n"));

    assertEquals("yes", awaitStored(1).get(0).body().strip());
    assertEquals(1, hub.attempts.get("<refused-1@example.org>"), "not retried");
    assertEquals("refused: test", hub.setAside.get("<refused-1@example.org>"));

    join(first.stop());
    running.remove(first);
    start();
    Thread.sleep(1_500);
    assertEquals(1, hub.attempts.get("<refused-1@example.org>"), "a restart does not read it again");
  }

  @Test
  void whileTheHubCannotSetAMailAsideThePollerWaitsOnIt() throws Exception {
    hub.failing.add("<stuck-1@example.org>");
    hub.setAsideDown = true;
    start();
    deliver(mail("rae@example.org", "stuck", "<stuck-1@example.org>", "Content-Type: text/plain\r\n", "stuck\r\n"));
    deliver(mail("rae@example.org", "after", "<stuck-2@example.org>", "Content-Type: text/plain\r\n", "after\r\n"));
    await(() -> hub.attempts.getOrDefault("<stuck-1@example.org>", 0) > MailboxPoller.MAX_TRIES);
    assertTrue(hub.stored().isEmpty(), "never skipped unrecorded");

    hub.setAsideDown = false;
    assertEquals("after", awaitStored(1).get(0).body().strip());
    assertTrue(hub.setAside.containsKey("<stuck-1@example.org>"));
  }

  @Test
  void autoRepliesAndBouncesAreSetAsideNotStored() throws Exception {
    start();
    String text = "Content-Type: text/plain\r\n";
    deliver(mail("ooo@example.org", "Out of office", "<auto-1@example.org>", "Auto-Submitted: auto-replied\r\n" + text, "away\r\n"));
    deliver(mail("ooo@example.org", "Autoreply", "<auto-2@example.org>", "X-Autoreply: yes\r\n" + text, "away\r\n"));
    deliver(mail("ooo@example.org", "Autorespond", "<auto-3@example.org>", "X-Autorespond: on\r\n" + text, "away\r\n"));
    deliver(mail("ooo@example.org", "Exchange OOF", "<auto-4@example.org>", "X-Auto-Response-Suppress: All\r\n" + text, "away\r\n"));
    deliver(mail("news@example.org", "Newsletter", "<auto-5@example.org>", "Precedence: bulk\r\n" + text, "buy\r\n"));
    deliver(mail("MAILER-DAEMON@mx.example.org", "Undelivered", "<bounce-1@example.org>", text, "failed\r\n"));
    deliver(mail("postmaster@example.net", "Undeliverable", "<bounce-2@example.org>", text, "failed\r\n"));
    deliver(mail("notify@example.org", "Null sender", "<bounce-3@example.org>", "Return-Path: <>\r\n" + text, "notice\r\n"));
    deliver(mail("mx@example.org", "Delivery Status Notification", "<bounce-4@example.org>",
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\r\n",
        "--r\r\nContent-Type: text/plain\r\n\r\nCould not deliver.\r\n"
            + "--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n"
            + "Final-Recipient: rfc822; nobody@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n--r--\r\n"));
    // people: explicitly not automated, and mail through a mailing list
    deliver(mail("sam@example.org", "human", "<human-1@example.org>", "Auto-Submitted: no\r\n" + text, "I wrote this\r\n"));
    deliver(mail("tia@example.org", "via list", "<human-2@example.org>", "Precedence: list\r\n" + text, "via a list\r\n"));

    List<InboundMessage> people = awaitStored(2);
    assertEquals(List.of("I wrote this", "via a list"), people.stream().map(m -> m.body().strip()).toList());
    await(() -> hub.setAside.size() == 9);
    for (int i = 1; i <= 5; i++) {
      assertEquals("auto-reply", hub.setAside.get("<auto-" + i + "@example.org>"), "auto-" + i);
    }
    for (int i = 1; i <= 4; i++) {
      assertEquals("bounce", hub.setAside.get("<bounce-" + i + "@example.org>"), "bounce-" + i);
    }
  }

  @Test
  void ourOwnRepliesDoNotLookAutomated() throws Exception {
    EmailConnector connector = start();
    DeliveryReceipt receipt = join(connector.deliver(new OutboundMessage(
        9, 1, "inbox-1", "email", Identity.email("uma@example.org"), "Ann", "A human answer", List.of(), null)));
    assertEquals("sent", receipt.status());
    assertTrue(greenMail.waitForIncomingEmail(5_000, 1));
    MimeMessage sent = greenMail.getReceivedMessages()[0];
    assertNotNull(header(sent, "Return-Path"), "as a mailbox stores it");
    ParsedMail parsed = new MimeParser(1_000_000, 1_000_000).parse(sent, null);
    assertNull(parsed.automated(), "an agent's reply is a person's mail");
  }

  // --- outbound ---

  @Test
  void replyIsThreadedAndTheCustomersAnswerComesBackToIt() throws Exception {
    EmailConnector connector = start();
    deliver(mail("Nora <nora@example.org>", "Where is my order?", "<order-1@example.org>",
        "Content-Type: text/plain\r\n", "Order 42 has not arrived.\r\n"));
    InboundMessage question = awaitStored(1).get(0);

    DeliveryReceipt receipt = join(connector.deliver(new OutboundMessage(
        77, 1, "inbox-1", "email", question.from(), "Ann", "It ships today.\nÜbermorgen ist es da.", List.of(),
        question.threadKey() == null ? question.providerId() : question.threadKey())));
    assertEquals("sent", receipt.status());
    assertEquals(77, receipt.messageId());
    assertTrue(receipt.providerId().matches("<[0-9a-f-]{36}@example\\.com>"), receipt.providerId());

    assertTrue(greenMail.waitForIncomingEmail(5_000, 1));
    MimeMessage sent = List.of(greenMail.getReceivedMessages()).stream()
        .filter(m -> receipt.providerId().equals(header(m, "Message-ID"))).findFirst().orElseThrow();
    assertEquals("<order-1@example.org>", header(sent, "In-Reply-To"));
    assertEquals("<order-1@example.org>", header(sent, "References"));
    assertEquals("Re: Where is my order?", sent.getSubject());
    InternetAddress from = (InternetAddress) sent.getFrom()[0];
    assertEquals(SUPPORT, from.getAddress());
    assertEquals("Ann via Acme Support", from.getPersonal());
    assertEquals("nora@example.org", ((InternetAddress) sent.getAllRecipients()[0]).getAddress());
    assertEquals("It ships today.\nÜbermorgen ist es da.", sent.getContent().toString().replace("\r\n", "\n").strip());

    deliver(mail("nora@example.org", "Re: Where is my order?", "<order-2@example.org>",
        "In-Reply-To: " + receipt.providerId() + "\r\nReferences: <order-1@example.org> " + receipt.providerId() + "\r\n"
            + "Content-Type: text/plain\r\n",
        "Great, thanks!\r\n\r\nOn Tue, Ann via Acme Support <support@example.com> wrote:\r\n> It ships today.\r\n"));
    InboundMessage answer = awaitStored(2).get(1);
    assertEquals(receipt.providerId(), answer.threadKey());
    assertEquals("Great, thanks!", answer.body());

    // the next reply keeps the subject and the whole chain
    DeliveryReceipt second = join(connector.deliver(new OutboundMessage(
        78, 1, "inbox-1", "email", answer.from(), "Ann", "You're welcome.", List.of(), answer.providerId())));
    await(() -> greenMail.getReceivedMessages().length >= 2);
    MimeMessage again = List.of(greenMail.getReceivedMessages()).stream()
        .filter(m -> second.providerId().equals(header(m, "Message-ID"))).findFirst().orElseThrow();
    assertEquals("Re: Where is my order?", again.getSubject());
    assertEquals("<order-1@example.org> " + receipt.providerId() + " <order-2@example.org>", header(again, "References"));
  }

  @Test
  void invalidAddressFailsForGoodAndAnUnreachableServerIsRetried() throws Exception {
    EmailConnector connector = start();
    DeliveryReceipt invalid = join(connector.deliver(new OutboundMessage(
        5, 1, "inbox-1", "email", new Identity("email", "not an address"), "Ann", "hi", List.of(), null)));
    assertEquals("failed", invalid.status());
    assertTrue(invalid.error().contains("not a valid email address"), invalid.error());

    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    hub.inboxes.set(0, inbox(new JsonObject().put("smtp_port", closedPort)));
    ExecutionException e = assertThrows(ExecutionException.class, () -> join(connector.deliver(new OutboundMessage(
        6, 1, "inbox-1", "email", Identity.email("pat@example.org"), "Ann", "hi", List.of(), null))));
    assertNotNull(e.getCause());
  }

  // --- helpers ---

  private InboxConfig inbox(JsonObject extra) {
    JsonObject config = new JsonObject()
        .put("address", SUPPORT)
        .put("imap_host", "127.0.0.1")
        .put("imap_port", greenMail.getImap().getPort())
        .put("imap_security", "none")
        .put("smtp_host", "127.0.0.1")
        .put("smtp_port", greenMail.getSmtp().getPort())
        .put("smtp_security", "none")
        .put("username", "support")
        .put("password", "secret")
        .put("poll_interval_seconds", 1)
        .put("idle_seconds", 5)
        .mergeIn(extra);
    return new InboxConfig("inbox-1", "Acme Support", "email", config);
  }

  private EmailConnector start() throws Exception {
    EmailConnector connector = new EmailConnector(500);
    join(connector.start(hub));
    running.add(connector);
    return connector;
  }

  private static String mail(String from, String subject, String messageId, String headers, String body) {
    return "From: " + from + "\r\nTo: " + SUPPORT + "\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId
        + "\r\nDate: Mon, 3 Jun 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\n" + headers + "\r\n" + body;
  }

  private static String part(String type, String name, byte[] content) {
    return "--mix\r\nContent-Type: " + type + "; name=\"" + name + "\"\r\nContent-Disposition: attachment; filename=\""
        + name + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(content) + "\r\n";
  }

  private void deliver(String raw) throws Exception {
    deliver(raw.getBytes(StandardCharsets.UTF_8));
  }

  private void deliver(byte[] raw) throws Exception {
    mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)));
  }

  private static MimeMessage parse(String raw) throws Exception {
    return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
  }

  private static String header(MimeMessage m, String name) {
    try {
      return m.getHeader(name, " ");
    } catch (Exception e) {
      return null;
    }
  }

  private List<InboundMessage> awaitStored(int count) throws Exception {
    await(() -> hub.stored().size() >= count);
    Thread.sleep(200);
    List<InboundMessage> all = hub.stored();
    assertEquals(count, all.size(), "stored messages");
    return all;
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long until = System.currentTimeMillis() + 15_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > until) {
        throw new AssertionError("timed out waiting");
      }
      Thread.sleep(50);
    }
  }

  private static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
