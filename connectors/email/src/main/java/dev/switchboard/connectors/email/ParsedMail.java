package dev.switchboard.connectors.email;

import dev.switchboard.connectors.spi.Attachment;
import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.InboundMessage;
import java.util.List;

/**
 * What {@link MimeParser} read out of one mail: the headers that matter, every text and HTML part
 * decoded to Java strings, the stored attachments, and notes about what had to be left out.
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
    List<String> notes) {

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
