package dev.switchboard.assistant.bot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the assistant does with an event: for a customer's inbound message, search the knowledge
 * base with it and post a draft from the best articles. No matching article, no draft: an agent
 * wants no noise. Nor a second draft citing the same articles in the same conversation, which a
 * customer writing in several short messages would otherwise bring.
 */
public final class DraftBot implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DraftBot.class);

  /** Articles a draft draws on. */
  static final int ARTICLES = 3;
  /** The hub's search takes at most this much of the question. */
  static final int MAX_QUERY = 200;
  private static final int REMEMBERED_CONVERSATIONS = 10_000;

  private final HubClient hub;
  private final DraftWriter writer;
  /** Per conversation, the articles of its last draft (bounded, oldest forgotten first). */
  private final Map<Long, List<Long>> lastDrafted = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, List<Long>> eldest) {
      return size() > REMEMBERED_CONVERSATIONS;
    }
  };

  public DraftBot(Vertx vertx, BotConfig config) {
    this(new HubClient(vertx, config), new DraftWriter(vertx, config.model()));
  }

  DraftBot(HubClient hub, DraftWriter writer) {
    this.hub = hub;
    this.writer = writer;
  }

  /** Whether the event is one this bot acts on: a customer's message into the conversation. */
  public static boolean wanted(JsonObject event) {
    try {
      return customerMessage(event);
    } catch (ClassCastException unexpectedShape) {
      return false;
    }
  }

  private static boolean customerMessage(JsonObject event) {
    JsonObject data = event.getJsonObject("data");
    JsonObject message = data == null ? null : data.getJsonObject("message");
    if (!"message.created".equals(event.getString("type")) || message == null
        || data.getLong("conversation_id") == null) {
      return false;
    }
    JsonObject author = message.getJsonObject("author");
    String body = message.getString("body");
    return author != null && "customer".equals(author.getString("type")) && "in".equals(message.getString("direction"))
        && body != null && !body.isBlank();
  }

  /** Acts on a {@link #wanted} event; completes with whether a draft was posted. */
  public Future<Boolean> handle(JsonObject event) {
    long conversation = event.getJsonObject("data").getLong("conversation_id");
    String question = event.getJsonObject("data").getJsonObject("message").getString("body").strip();
    String query = question.length() > MAX_QUERY ? question.substring(0, MAX_QUERY) : question;
    return hub.search(query, ARTICLES).compose(articles -> {
      if (articles.isEmpty()) {
        log.debug("conversation {}: no article matches, no draft", conversation);
        return Future.succeededFuture(false);
      }
      List<Long> ids = articles.stream().map(KbArticle::id).toList();
      if (!remember(conversation, ids)) {
        log.debug("conversation {}: already drafted from articles {}", conversation, ids);
        return Future.succeededFuture(false);
      }
      return writer.write(question, articles)
          .compose(draft -> hub.postDraft(conversation, draft.body(), draft.note()))
          .onFailure(e -> forget(conversation, ids))
          .map(posted -> {
            log.info("conversation {}: drafted from articles {}", conversation, ids);
            return true;
          });
    });
  }

  /** False when the conversation's last draft came from the same articles. */
  private synchronized boolean remember(long conversation, List<Long> ids) {
    return !ids.equals(lastDrafted.put(conversation, ids));
  }

  private synchronized void forget(long conversation, List<Long> ids) {
    lastDrafted.remove(conversation, ids);
  }

  @Override
  public void close() {
    writer.close();
  }
}
