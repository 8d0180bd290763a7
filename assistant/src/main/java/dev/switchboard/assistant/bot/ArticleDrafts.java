package dev.switchboard.assistant.bot;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Drafts written from the articles alone: what an agent gets with no model configured, or when the
 * model fails. Plain text (a draft goes out on any channel, SMS included), each article's title and
 * public link, after the best one's summary so the customer has the gist without opening it.
 */
final class ArticleDrafts {

  private ArticleDrafts() {}

  static String body(List<KbArticle> articles) {
    KbArticle best = articles.get(0);
    StringBuilder text = new StringBuilder();
    if (!best.snippet().isBlank()) {
      text.append(best.snippet()).append("\n\n");
    }
    if (articles.size() == 1) {
      text.append("More in our help article \"").append(best.title()).append("\": ").append(best.url());
    } else {
      text.append("These help articles should answer it:\n").append(articles.stream()
          .map(a -> "- " + a.title() + ": " + a.url()).collect(Collectors.joining("\n")));
    }
    return text.toString();
  }

  /** The agent's side: which articles, and how the text was written. */
  static String note(List<KbArticle> articles, String how) {
    return "Knowledge-base assistant, from " + articles.stream().map(a -> "\"" + a.title() + "\" (#" + a.id() + ")")
        .collect(Collectors.joining(", ")) + "; " + how + ". Check it before sending.";
  }
}
