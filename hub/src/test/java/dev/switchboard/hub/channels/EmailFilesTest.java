package dev.switchboard.hub.channels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An agent's file goes out with an email reply as a MIME part, with its name, type and bytes. */
class EmailFilesTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("emailfiles");

  static final String SUPPORT = "support@acme.test";
  static final byte[] PDF = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1);

  static GreenMail mail;
  static ServerSetup smtp;
  static ApiClient admin;

  @BeforeAll
  static void start() {
    smtp = new ServerSetup(TestHub.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    ServerSetup imap = new ServerSetup(TestHub.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
    mail = new GreenMail(new ServerSetup[] {smtp, imap});
    mail.start();
    mail.setUser(SUPPORT, SUPPORT, "mailbox-password");
    admin = node.admin();
    ApiClient.Reply r = admin.post("/api/v1/inboxes", new JsonObject().put("name", "Acme Support").put("channel", "email")
        .put("config", new JsonObject().put("address", SUPPORT).put("username", SUPPORT)
            .put("password", "mailbox-password")
            .put("imap_host", "127.0.0.1").put("imap_port", imap.getPort()).put("imap_security", "none")
            .put("smtp_host", "127.0.0.1").put("smtp_port", smtp.getPort()).put("smtp_security", "none")
            .put("poll_interval_seconds", 1).put("idle", false)));
    assertEquals(201, r.status(), r.text());
  }

  @AfterAll
  static void stop() {
    mail.stop();
  }

  @Test
  void anEmailReplyCarriesTheAgentsFileAsAnAttachmentPart() throws Exception {
    Properties props = new Properties();
    props.put("mail.smtp.host", "127.0.0.1");
    props.put("mail.smtp.port", String.valueOf(smtp.getPort()));
    MimeMessage m = new MimeMessage(Session.getInstance(props));
    m.setFrom(new InternetAddress("grace@example.com", "Grace Hopper"));
    m.setRecipient(RecipientType.TO, new InternetAddress(SUPPORT));
    m.setSubject("Contract");
    m.setText("Please send the signed contract.", "UTF-8");
    Transport.send(m);
    long c = AgentFilesTest.awaitConversationWith(admin, "Please send the signed contract.");

    long file = admin.upload("contract.pdf", "application/pdf", PDF).json().getLong("id");
    ApiClient.Reply sent = admin.post("/api/v1/conversations/" + c + "/messages", new JsonObject()
        .put("body", "Attached, signed.").put("attachment_ids", new JsonArray().add(file)));
    assertEquals(201, sent.status(), sent.text());
    assertEquals("email", sent.json().getString("channel"));

    MimeMessage out = null;
    for (int i = 0; i < 100 && out == null; i++) {
      for (MimeMessage r : mail.getReceivedMessages()) {
        if (r.getAllRecipients()[0].toString().contains("grace@example.com")) {
          out = r;
        }
      }
      Thread.sleep(100);
    }
    if (out == null) {
      throw new AssertionError("no mail to the customer");
    }
    Part attached = null;
    Multipart parts = (Multipart) out.getContent();
    for (int i = 0; i < parts.getCount(); i++) {
      if (Part.ATTACHMENT.equalsIgnoreCase(parts.getBodyPart(i).getDisposition())) {
        attached = parts.getBodyPart(i);
      }
    }
    if (attached == null) {
      throw new AssertionError("no attachment part in the reply");
    }
    assertEquals("contract.pdf", attached.getFileName());
    assertEquals("application/pdf", attached.getContentType().split(";")[0].trim().toLowerCase());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    attached.getInputStream().transferTo(bytes);
    assertArrayEquals(PDF, bytes.toByteArray());
  }
}
