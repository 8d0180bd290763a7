package dev.switchboard.assistant.bot;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes a draft's text with an OpenAI-compatible chat model (langchain4j's {@code open-ai} module),
 * told to answer only from the given articles and to cite them by link. The call blocks, so it runs
 * on a small worker pool of its own, a few at a time with a bounded queue, within the configured
 * timeout; the caller turns any failure into an articles-only draft.
 */
final class ModelWriter implements AutoCloseable {

  static final int THREADS = 2;
  static final int MAX_WAITING = 16;
  /** Enough of an article for the model to answer from, bounded for the prompt's size. */
  static final int MAX_ARTICLE_CHARS = 3_000;
  static final int MAX_QUESTION_CHARS = 2_000;

  static final String INSTRUCTIONS = """
      You draft replies for a customer-support agent, who reviews each draft before it is sent.
      Answer the customer's message using ONLY the knowledge-base articles given below; never add
      facts, prices, dates or promises that are not in them. Cite every article you use by its URL,
      written out in full. If the articles do not answer the question, say so briefly and point to
      the closest article. Write plain text (no Markdown, no headings), friendly and short (at most
      120 words), in the customer's language. Do not greet with a name and do not sign.""";

  private final BotConfig.Model config;
  private final ChatModel model;
  private final WorkerExecutor pool;
  private final AtomicInteger inFlight = new AtomicInteger();

  ModelWriter(Vertx vertx, BotConfig.Model config) {
    this.config = config;
    this.model = OpenAiChatModel.builder()
        .baseUrl(config.baseUrl())
        .modelName(config.name())
        // Ollama and vLLM want no key; the client wants one anyway
        .apiKey(config.apiKey() == null ? "none" : config.apiKey())
        .timeout(config.timeout())
        .maxRetries(0)
        .temperature(0.2)
        .build();
    this.pool = vertx.createSharedWorkerExecutor("switchboard-assistant-model", THREADS);
  }

  String name() {
    return config.name();
  }

  /** A failure as a log may show it: some endpoints echo the key they were given in their errors. */
  String describe(Throwable e) {
    String text = e.toString();
    return config.apiKey() == null ? text : text.replace(config.apiKey(), "***");
  }

  /** The model's answer to {@code question} from {@code articles}; failed when busy, slow or broken. */
  Future<String> answer(String question, List<KbArticle> articles) {
    if (inFlight.incrementAndGet() > THREADS + MAX_WAITING) {
      inFlight.decrementAndGet();
      return Future.failedFuture(new IllegalStateException("the model is busy"));
    }
    long budget = config.timeout().toMillis() + 1_000;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budget);
    return pool.executeBlocking(() -> {
      // counted until the task itself ends, not when the caller stops waiting: a queue that does
      // not move must fill up and refuse, not grow behind timed-out callers
      try {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("waited too long for the model; its draft went out without it");
        }
        return ask(question, articles);
      } finally {
        inFlight.decrementAndGet();
      }
    }, false)
        // the client's own timeout covers the HTTP call; this one covers a queue that does not move
        .timeout(budget, TimeUnit.MILLISECONDS);
  }

  private String ask(String question, List<KbArticle> articles) {
    String text = model.chat(SystemMessage.from(INSTRUCTIONS), UserMessage.from(prompt(question, articles)))
        .aiMessage().text();
    if (text == null || text.isBlank()) {
      throw new IllegalStateException("the model answered nothing");
    }
    return text.strip();
  }

  static String prompt(String question, List<KbArticle> articles) {
    StringBuilder p = new StringBuilder("Knowledge-base articles:\n");
    for (int i = 0; i < articles.size(); i++) {
      KbArticle a = articles.get(i);
      String body = a.body().length() > MAX_ARTICLE_CHARS ? a.body().substring(0, MAX_ARTICLE_CHARS) + " …" : a.body();
      p.append("\n[").append(i + 1).append("] ").append(a.title()).append("\nURL: ").append(a.url()).append("\n")
          .append(body.strip()).append("\n");
    }
    String q = question.length() > MAX_QUESTION_CHARS ? question.substring(0, MAX_QUESTION_CHARS) + " …" : question;
    return p.append("\nThe customer's message:\n").append(q).toString();
  }

  @Override
  public void close() {
    pool.close();
  }
}
