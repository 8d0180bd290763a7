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

  /** At most this many files go with one reply. */
  public static final int MAX_PER_REPLY = 10;

  /**
   * One stored file. {@code conversationId} is null for an agent's upload that no reply holds yet
   * ({@code pending}); {@code uploadedBy} is the agent who uploaded it (null for customers' files).
   */
  public record Stored(long id, Long conversationId, String filename, String contentType, Buffer content,
      Long uploadedBy, boolean pending) {}

  /** An agent's upload, as the upload route answers it. */
  public record Upload(long id, String filename, String contentType, long size) {

    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("filename", filename).put("content_type", contentType)
          .put("size", size).put("url", "/api/v1/attachments/" + id);
    }
  }

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

  /**
   * Stores an agent's upload, in no message yet: a reply of theirs takes it ({@link #claim}) or it is
   * deleted after a day ({@link #sweep}). The caller checked the name, type and size.
   */
  public Future<Upload> upload(long agentId, String filename, String contentType, Buffer content) {
    return pool.preparedQuery(ConversationSql.INSERT_UPLOAD)
        .execute(Tuple.of(agentId, filename, contentType, (long) content.length(), content))
        .map(rows -> new Upload(rows.iterator().next().getLong("id"), filename, contentType, content.length()))
        .recover(PgFailures::recover);
  }

  /**
   * Gives a reply its files, in the reply's transaction: each must be an upload of {@code agentId}
   * that no message holds yet, and together at most {@link #MAX_TOTAL_BYTES}; otherwise the whole
   * reply fails with a 400. Returns their descriptions for the message row, in the order given.
   */
  static Future<JsonArray> claim(SqlConnection tx, long messageId, long agentId, List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(new JsonArray());
    }
    return tx.preparedQuery(ConversationSql.CLAIM_UPLOADS)
        .execute(Tuple.of(messageId, agentId, ids.toArray(Long[]::new)))
        .compose(rows -> {
          java.util.Map<Long, JsonObject> taken = new java.util.HashMap<>();
          long total = 0;
          for (Row r : rows) {
            total += r.getLong("size");
            taken.put(r.getLong("id"), new Upload(r.getLong("id"), r.getString("filename"),
                r.getString("content_type"), r.getLong("size")).toJson());
          }
          JsonArray list = new JsonArray();
          for (Long id : ids) {
            JsonObject file = taken.get(id);
            if (file == null) {
              return Future.failedFuture(dev.switchboard.hub.HubError.invalid("attachment " + id
                  + " is not one of your uploads waiting to be sent (upload it again)"));
            }
            list.add(file);
          }
          if (total > MAX_TOTAL_BYTES) {
            return Future.failedFuture(dev.switchboard.hub.HubError.invalid("a reply's files may hold "
                + MAX_TOTAL_BYTES / (1024 * 1024) + " MB together at most"));
          }
          return tx.preparedQuery(ConversationSql.SET_ATTACHMENTS).execute(Tuple.of(messageId, list)).map(list);
        });
  }

  /** Deletes uploads no reply took within a day; returns how many. */
  public Future<Integer> sweep() {
    return pool.query(ConversationSql.SWEEP_UPLOADS).execute().map(rows -> rows.rowCount());
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
              r.getString("content_type"), r.getBuffer("content"), r.getLong("uploaded_by"), r.getBoolean("pending"));
        })
        .recover(PgFailures::recover);
  }
}
