package dev.switchboard.assistant.bot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A draft from the articles found: the model's text when a model is configured and answers in time
 * (with the links added when it cited none), otherwise the articles alone. Never fails: a model
 * that errs or is slow costs the agent only the prose.
 */
final class DraftWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DraftWriter.class);
  static final int MAX_DRAFT_CHARS = 4_000;

  private final ModelWriter model;

  DraftWriter(Vertx vertx, BotConfig.Model model) {
    this.model = model == null ? null : new ModelWriter(vertx, model);
  }

  Future<Draft> write(String question, List<KbArticle> articles) {
    if (model == null) {
      return Future.succeededFuture(new Draft(ArticleDrafts.body(articles),
          ArticleDrafts.note(articles, "articles only (no model configured)")));
    }
    return model.answer(question, articles)
        .map(text -> new Draft(cap(withLinks(text, articles)),
            ArticleDrafts.note(articles, "written by the model " + model.name())))
        .recover(e -> {
          log.warn("the model did not answer ({}); drafting from the articles alone", model.describe(e));
          return Future.succeededFuture(new Draft(ArticleDrafts.body(articles),
              ArticleDrafts.note(articles, "articles only: the model did not answer in time or failed")));
        });
  }

  /** A model that cited no article's link gets the links appended: the agent must see the sources. */
  static String withLinks(String text, List<KbArticle> articles) {
    if (articles.stream().anyMatch(a -> text.contains(a.url()))) {
      return text;
    }
    StringBuilder out = new StringBuilder(text).append("\n\n");
    articles.forEach(a -> out.append(a.title()).append(": ").append(a.url()).append("\n"));
    return out.toString().strip();
  }

  private static String cap(String text) {
    return text.length() <= MAX_DRAFT_CHARS ? text : text.substring(0, MAX_DRAFT_CHARS - 1) + "…";
  }

  @Override
  public void close() {
    if (model != null) {
      model.close();
    }
  }
}
