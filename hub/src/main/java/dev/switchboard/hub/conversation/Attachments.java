package dev.switchboard.hub.conversation;

import dev.switchboard.connectors.spi.Attachment;
import dev.switchboard.hub.store.PgFailures;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Files that came with messages, stored with their message and within size limits. */
public final class Attachments {

  private static final Logger log = LoggerFactory.getLogger(Attachments.class);

  public static final long MAX_BYTES = 10L * 1024 * 1024;
  public static final long MAX_TOTAL_BYTES = 25L * 1024 * 1024;

  /** One stored file. */
  public record Stored(long id, long conversationId, String filename, String contentType, Buffer content) {}

  private final Pool pool;

  public Attachments(Pool pool) {
    this.pool = pool;
  }

  /** Stores the files of a message (in its transaction); returns their descriptions for the message row. */
  static Future<JsonArray> store(SqlConnection tx, long messageId, List<Attachment> files) {
    Future<JsonArray> chain = Future.succeededFuture(new JsonArray());
    long total = 0;
    for (Attachment a : files) {
      total += a.size();
      if (a.size() > MAX_BYTES || total > MAX_TOTAL_BYTES) {
        log.warn("message {}: attachment {} ({} bytes) is over the limit and was not stored", messageId,
            a.filename(), a.size());
        continue;
      }
      String name = a.filename() == null || a.filename().isBlank() ? "attachment" : a.filename();
      String type = a.contentType() == null || a.contentType().isBlank() ? "application/octet-stream"
          : a.contentType();
      chain = chain.compose(list -> tx.preparedQuery(ConversationSql.INSERT_ATTACHMENT)
          .execute(Tuple.of(messageId, name, type, a.size(), a.content()))
          .map(rows -> {
            long id = rows.iterator().next().getLong("id");
            return list.add(new JsonObject().put("id", id).put("filename", name).put("content_type", type)
                .put("size", a.size()).put("url", "/api/v1/attachments/" + id));
          }));
    }
    return chain.compose(list -> list.isEmpty() ? Future.succeededFuture(list)
        : tx.preparedQuery(ConversationSql.SET_ATTACHMENTS)
            .execute(Tuple.of(messageId, list)).map(list));
  }

  /** The file, or {@code null}. */
  public Future<Stored> get(long id) {
    return pool.preparedQuery(ConversationSql.ATTACHMENT_BY_ID)
        .execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          return new Stored(r.getLong("id"), r.getLong("conversation_id"), r.getString("filename"),
              r.getString("content_type"), r.getBuffer("content"));
        })
        .recover(PgFailures::recover);
  }
}
