package dev.switchboard.connectors.email;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Makes an email's HTML safe to show in the agent inbox, with jsoup's allow-list {@link Cleaner}:
 * formatting, lists, tables, quotes and links survive; scripts, styles, forms, frames, event
 * handlers, {@code style} attributes and any URL scheme but http(s)/mailto are dropped. Remote
 * images are replaced by their alt text, so opening a mail never tells the sender it was read.
 */
final class HtmlSanitizer {

  /** HTML beyond this is cut before parsing: nobody reads it and it costs memory. */
  static final int MAX_HTML_CHARS = 2_000_000;

  private static final Safelist SAFELIST = Safelist.relaxed()
      .removeTags("img")
      .addTags("font", "center", "hr")
      .addAttributes(":all", "dir", "align")
      .addAttributes("font", "color")
      .removeProtocols("a", "href", "ftp")
      .addEnforcedAttribute("a", "rel", "nofollow noopener noreferrer")
      .addEnforcedAttribute("a", "target", "_blank");

  private HtmlSanitizer() {}

  /** The safe version of {@code html}, or {@code null} when nothing visible is left. */
  static String sanitize(String html) {
    if (html == null || html.isBlank()) {
      return null;
    }
    Document dirty = Jsoup.parse(html.length() > MAX_HTML_CHARS ? html.substring(0, MAX_HTML_CHARS) : html);
    // What is not content at all goes with its text (the cleaner would keep a <title>'s words).
    dirty.select("head, script, style, title, template, noscript, iframe, object, embed, svg, math").remove();
    for (Element img : dirty.select("img")) {
      String alt = img.attr("alt").trim();
      if (alt.isEmpty()) {
        img.remove();
      } else {
        img.replaceWith(new TextNode("[image: " + alt + "]"));
      }
    }
    Document clean = new Cleaner(SAFELIST).clean(dirty);
    clean.outputSettings().prettyPrint(false);
    String body = clean.body().html().trim();
    return body.isEmpty() ? null : body;
  }

  /**
   * The readable text of an HTML mail with its quoted history removed (Gmail's {@code gmail_quote},
   * Apple's and Thunderbird's {@code blockquote type=cite}, Outlook's reply header block), for the
   * plain-text body when a mail has no text part.
   */
  static String newTextOf(String html) {
    if (html == null || html.isBlank()) {
      return "";
    }
    Document doc = Jsoup.parse(html.length() > MAX_HTML_CHARS ? html.substring(0, MAX_HTML_CHARS) : html);
    doc.select("head, script, style, title, template").remove();
    // Outlook puts everything after its separator block into the quoted part.
    for (Element separator : doc.select("div#divRplyFwdMsg, hr#stopSpelling")) {
      while (separator.nextElementSibling() != null) {
        separator.nextElementSibling().remove();
      }
      separator.remove();
    }
    doc.select("div.gmail_quote, div.gmail_extra, blockquote.gmail_quote, blockquote[type=cite], "
        + "div.moz-cite-prefix, div.yahoo_quoted, div#appendonsend").remove();
    return textOf(doc);
  }

  /** All the readable text of an HTML document, with line breaks where the layout has them. */
  static String textOf(String html) {
    if (html == null || html.isBlank()) {
      return "";
    }
    Document doc = Jsoup.parse(html.length() > MAX_HTML_CHARS ? html.substring(0, MAX_HTML_CHARS) : html);
    doc.select("head, script, style, title, template").remove();
    return textOf(doc);
  }

  private static String textOf(Document doc) {
    doc.select("br").before("\n");
    doc.select("p, div, tr, li, h1, h2, h3, h4, h5, h6, blockquote, pre").after("\n");
    doc.outputSettings().prettyPrint(false);
    String text = Jsoup.clean(doc.body().html(), "", Safelist.none(), doc.outputSettings());
    text = org.jsoup.parser.Parser.unescapeEntities(text, false);
    return text.replace('\u00a0', ' ')
        .replaceAll("[ \\t]+\\n", "\n")
        .replaceAll("\\n{3,}", "\n\n")
        .strip();
  }
}
