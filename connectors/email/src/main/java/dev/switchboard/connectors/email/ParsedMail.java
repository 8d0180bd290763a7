package dev.switchboard.connectors.email;

import dev.switchboard.connectors.spi.Attachment;
import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.InboundMessage;
import java.util.List;

/**
 * What {@link MimeParser} read out of one mail: the headers that matter, every text and HTML part
 * decoded to Java strings, the stored attachments, notes about what had to be left out, and whether
 * a machine sent it ({@code automated}: {@code auto-reply}, {@code bounce} or {@code null}, see
 * {@link AutomatedMail}).
 *
 * <p>Every string has its NUL characters removed: a quoted-printable {@code =00} or an encoded-word
 * decodes to one, PostgreSQL refuses NUL in text, and no reader misses it.
 */
record ParsedMail(
    String messageId,
    String fromAddress,
    String fromName,
    String subject,
    String inReplyTo,
    List<String> references,
    String text,
    String html,
    List<Attachment> attachments,
    List<String> notes,
    String automated) {

  ParsedMail {
    messageId = noNul(messageId);
    fromAddress = noNul(fromAddress);
    fromName = noNul(fromName);
    subject = noNul(subject);
    inReplyTo = noNul(inReplyTo);
    references = references.stream().map(ParsedMail::noNul).toList();
    text = noNul(text);
    html = noNul(html);
    attachments = attachments.stream()
        .map(a -> new Attachment(noNul(a.filename()), noNul(a.contentType()), a.content()))
        .toList();
    notes = notes.stream().map(ParsedMail::noNul).toList();
  }

  static String noNul(String s) {
    return s == null || s.indexOf('\u0000') < 0 ? s : s.replace("\u0000", "");
  }

  /**
   * The hub's view of this mail. {@code body} is the customer's new text, with the quoted history
   * folded away and a line per attachment that was not stored. {@code bodyHtml} keeps the full
   * original for whoever wants to read the history: the sanitized HTML when the mail had an HTML
   * part, else the full plain text as a sanitized {@code <pre>} block when folding removed anything,
   * else {@code null} (the body already is the whole mail).
   */
  InboundMessage toInbound(String inboxId) {
    boolean hasText = text != null && !text.isBlank();
    String fullText = hasText ? text.strip() : HtmlSanitizer.textOf(html);
    String newText = hasText ? QuoteFolder.fold(text) : QuoteFolder.fold(HtmlSanitizer.newTextOf(html));
    if (newText.isBlank()) {
      newText = fullText;
    }
    String bodyHtml = HtmlSanitizer.sanitize(html);
    if (bodyHtml == null && !newText.equals(fullText)) {
      bodyHtml = HtmlSanitizer.sanitize("<pre>" + org.jsoup.nodes.Entities.escape(fullText) + "</pre>");
    }
    StringBuilder body = new StringBuilder(newText);
    for (String note : notes) {
      body.append(body.length() == 0 ? "" : "\n\n").append(note);
    }
    if (body.length() == 0) {
      body.append(subject != null && !subject.isBlank() ? subject.strip() : "(no text)");
    }
    return new InboundMessage(
        inboxId,
        EmailConnector.CHANNEL,
        Identity.email(fromAddress),
        fromName,
        body.toString(),
        bodyHtml,
        attachments,
        messageId,
        threadKey());
  }

  /** The mail this one answers: In-Reply-To, else the last of References. */
  String threadKey() {
    if (inReplyTo != null) {
      return inReplyTo;
    }
    return references.isEmpty() ? null : references.get(references.size() - 1);
  }
}
