package dev.switchboard.connectors.email;

import dev.switchboard.connectors.spi.Attachment;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.OutboundMessage;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.activation.DataHandler;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Sends one reply over SMTP, blocking (callers run it in {@code executeBlocking}). The mail carries
 * a fresh {@code Message-ID} (returned as the receipt's provider id, so the customer's answer to it
 * finds its way back through {@code In-Reply-To}) and {@code In-Reply-To} / {@code References} set
 * from the thread key, so the customer's mail client shows it in the same thread.
 */
final class SmtpSender {

  /** A mail that was built and handed over, or refused for good. */
  static DeliveryReceipt send(MailboxSettings settings, OutboundMessage message, ThreadMemory.Entry thread)
      throws MessagingException {
    String messageId = "<" + UUID.randomUUID() + "@" + settings.domain() + ">";
    InternetAddress to;
    try {
      to = new InternetAddress(message.to().address(), true);
    } catch (AddressException e) {
      return DeliveryReceipt.failed(message.messageId(), null, "'" + message.to().address() + "' is not a valid email address");
    }
    MailSecurity security = settings.smtpSecurity();
    Properties props = security.properties("smtp", settings.smtpHost(), settings.smtpPort(), MailSecurity.TIMEOUT_MILLIS);
    boolean auth = settings.password() != null && !settings.password().isEmpty();
    props.setProperty("mail." + security.protocol("smtp") + ".auth", Boolean.toString(auth));
    Session session = Session.getInstance(props);

    MimeMessage mail = build(session, settings, message, thread, to, messageId);
    try (Transport transport = session.getTransport(security.protocol("smtp"))) {
      transport.connect(settings.smtpHost(), settings.smtpPort(),
          auth ? settings.username() : null, auth ? settings.password() : null);
      transport.sendMessage(mail, mail.getAllRecipients());
      return DeliveryReceipt.sent(message.messageId(), messageId);
    } catch (AuthenticationFailedException e) {
      // Retried: once an admin fixes the inbox's password, the outbox gets it out.
      throw new MessagingException("the SMTP server " + settings.smtpHost() + " refused the inbox's username or password", e);
    } catch (SendFailedException e) {
      int code = replyCode(e);
      if (code >= 500 || (code < 0 && hasInvalid(e))) {
        return DeliveryReceipt.failed(message.messageId(), messageId, refusal(e, code, to));
      }
      throw e;
    }
  }

  static MimeMessage build(Session session, MailboxSettings settings, OutboundMessage message,
      ThreadMemory.Entry thread, InternetAddress to, String messageId) throws MessagingException {
    MimeMessage mail = new MimeMessage(session) {
      @Override
      protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
      }
    };
    mail.setFrom(from(settings, message.authorName()));
    mail.setRecipient(Message.RecipientType.TO, to);
    mail.setSubject(subject(settings, thread), "UTF-8");
    mail.setSentDate(new Date());

    List<String> replyTo = MimeParser.allIds(message.threadKey());
    if (replyTo.isEmpty() && message.threadKey() != null && !message.threadKey().isBlank()) {
      replyTo = List.of("<" + message.threadKey().strip().replaceAll("[<>\\s]", "") + ">");
    }
    if (!replyTo.isEmpty()) {
      LinkedHashSet<String> references = new LinkedHashSet<>(thread.references());
      references.addAll(replyTo);
      mail.setHeader("In-Reply-To", replyTo.get(replyTo.size() - 1));
      mail.setHeader("References", String.join(" ", ThreadMemory.trim(new ArrayList<>(references))));
    }

    String body = message.body() == null ? "" : message.body();
    if (message.attachments().isEmpty()) {
      mail.setText(body, "UTF-8");
    } else {
      MimeMultipart mixed = new MimeMultipart("mixed");
      MimeBodyPart text = new MimeBodyPart();
      text.setText(body, "UTF-8");
      mixed.addBodyPart(text);
      for (Attachment a : message.attachments()) {
        MimeBodyPart file = new MimeBodyPart();
        String type = a.contentType() == null ? "application/octet-stream" : a.contentType();
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content().getBytes(), type)));
        file.setFileName(a.filename() == null ? "attachment" : a.filename());
        file.setDisposition(MimeBodyPart.ATTACHMENT);
        // left to itself Jakarta Mail sends mostly-ASCII files as 7bit, which turns their LF into CRLF
        file.setHeader("Content-Transfer-Encoding", "base64");
        mixed.addBodyPart(file);
      }
      mail.setContent(mixed);
    }
    mail.saveChanges();
    return mail;
  }

  /** {@code "Ann via Acme Support" <support@acme.com>}, as far as names are known. */
  private static InternetAddress from(MailboxSettings settings, String authorName) throws AddressException {
    String inbox = blank(settings.inboxName()) ? null : settings.inboxName().strip();
    String author = blank(authorName) ? null : authorName.strip();
    String personal = author != null && inbox != null ? author + " via " + inbox : author != null ? author : inbox;
    try {
      return personal == null
          ? new InternetAddress(settings.address())
          : new InternetAddress(settings.address(), personal, "UTF-8");
    } catch (UnsupportedEncodingException e) {
      return new InternetAddress(settings.address());
    }
  }

  private static String subject(MailboxSettings settings, ThreadMemory.Entry thread) {
    String subject = thread.subject();
    if (!blank(subject)) {
      subject = subject.strip();
      return subject.toLowerCase(Locale.ROOT).matches("^(re|aw|sv|antw)\\s*:.*") ? subject : "Re: " + subject;
    }
    String name = blank(settings.inboxName()) ? settings.address() : settings.inboxName().strip();
    return "Your conversation with " + name;
  }

  private static int replyCode(MessagingException e) {
    for (Exception x = e; x != null; x = x instanceof MessagingException me ? me.getNextException() : null) {
      if (x instanceof SMTPAddressFailedException a) {
        return a.getReturnCode();
      }
      if (x instanceof SMTPSendFailedException s) {
        return s.getReturnCode();
      }
      if (x instanceof SMTPSenderFailedException s) {
        return s.getReturnCode();
      }
    }
    return -1;
  }

  private static boolean hasInvalid(SendFailedException e) {
    Address[] invalid = e.getInvalidAddresses();
    return invalid != null && invalid.length > 0;
  }

  private static String refusal(SendFailedException e, int code, InternetAddress to) {
    String detail = e.getNextException() != null ? e.getNextException().getMessage() : e.getMessage();
    detail = detail == null ? "" : detail.strip().replaceAll("\\s+", " ");
    if (detail.length() > 200) {
      detail = detail.substring(0, 200) + "…";
    }
    return "The mail server refused the email to " + to.getAddress()
        + (code > 0 ? " (" + code + ")" : "") + (detail.isEmpty() ? "" : ": " + detail);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private SmtpSender() {}
}
