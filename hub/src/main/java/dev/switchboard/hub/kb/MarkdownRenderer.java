package dev.switchboard.hub.kb;

import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/**
 * Article Markdown to HTML that is safe to serve: raw HTML in the Markdown is escaped by the
 * renderer, and the result passes jsoup's {@link Safelist} anyway (no script, no event handlers,
 * links only to http, https and mailto, so {@code javascript:} URLs lose their href), with every
 * link marked {@code rel="nofollow noopener"}. Two independent layers: a slip in one is not a hole.
 */
public final class MarkdownRenderer {

  /** The plain-text summary search answers with. */
  public static final int SUMMARY_CHARS = 280;

  private static final Parser PARSER = Parser.builder().build();
  private static final HtmlRenderer HTML = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
  private static final Safelist SAFE = Safelist.relaxed()
      .removeTags("img")
      .addTags("hr", "del", "s")
      .addAttributes("a", "rel")
      .addEnforcedAttribute("a", "rel", "nofollow noopener")
      .removeProtocols("a", "href", "ftp")
      .addProtocols("a", "href", "mailto");

  private MarkdownRenderer() {}

  /** Safe HTML for a page body. */
  public static String html(String markdown) {
    Node doc = PARSER.parse(markdown);
    String raw = HTML.render(doc);
    Document.OutputSettings out = new Document.OutputSettings().prettyPrint(false);
    return Jsoup.clean(raw, "", SAFE, out);
  }

  /** The text a reader sees, without markup, cut at {@link #SUMMARY_CHARS}. */
  public static String summary(String markdown) {
    String text = Jsoup.parse(html(markdown)).text().replaceAll("\\s+", " ").trim();
    return text.length() <= SUMMARY_CHARS ? text : text.substring(0, SUMMARY_CHARS - 1).trim() + "…";
  }
}
