package dev.switchboard.hub.kb;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** A knowledge-base article; {@code body} is Markdown, shown only through {@link MarkdownRenderer}. */
public record Article(long id, String title, String body, List<String> tags, boolean published, Long authorId,
    Instant createdAt, Instant updatedAt, boolean embeddingStale) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("title", title)
        .put("body", body)
        .put("tags", new JsonArray(tags))
        .put("published", published)
        .put("author_id", authorId)
        .put("created_at", createdAt.toString())
        .put("updated_at", updatedAt.toString())
        .put("embedding_stale", embeddingStale);
  }
}
