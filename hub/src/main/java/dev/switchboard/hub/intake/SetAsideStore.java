package dev.switchboard.hub.intake;

import dev.switchboard.connectors.spi.Attachment;
import dev.switchboard.connectors.spi.InboundMessage;
import dev.switchboard.hub.store.PgFailures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Inbound messages kept out of every conversation (refused by the database, auto-replies, bounces),
 * so that one of them never blocks the messages behind it and admins can still see what came in.
 */
public final class SetAsideStore {

  /** Body text kept per message: enough to judge it, not a second copy of a huge mail. */
  static final int MAX_TEXT_CHARS = 256 * 1024;

  private final Pool pool;

  public SetAsideStore(Pool pool) {
    this.pool = pool;
  }

  /** Records {@code message}; a second time for the same provider id only updates the reason. */
  public Future<Void> add(InboundMessage message, String reason) {
    Tuple args = Tuple.tuple()
        .addLong(inboxId(message.inboxId()))
        .addString(clean(message.channel()))
        .addString(clean(message.providerId()))
        .addString(clean(message.from().kind()))
        .addString(clean(message.from().address()))
        .addString(clean(reason == null ? "unknown" : reason))
        .addString(payload(message).encode());
    return pool.preparedQuery(IntakeSql.SET_ASIDE).execute(args).mapEmpty();
  }

  /** Up to {@code limit} entries with an id below {@code beforeId}, newest first. */
  public Future<List<JsonObject>> newest(long beforeId, int limit) {
    return pool.preparedQuery(IntakeSql.NEWEST).execute(Tuple.of(beforeId, limit)).map(rows -> {
      List<JsonObject> out = new ArrayList<>();
      for (Row r : rows) {
        out.add(toJson(r));
      }
      return out;
    })
        .recover(PgFailures::recover);
  }

  private static JsonObject toJson(Row r) {
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("inbox_id", r.getLong("inbox_id"))
        .put("channel", r.getString("channel"))
        .put("provider_id", r.getString("provider_id"))
        .put("sender", new JsonObject().put("kind", r.getString("sender_kind"))
            .put("address", r.getString("sender_address")))
        .put("reason", r.getString("reason"))
        .put("message", new JsonObject(r.getString("payload")))
        .put("created_at", r.getOffsetDateTime("created_at").toInstant().toString());
  }

  /**
   * The message as JSON text: the encoder writes a NUL as the escape {@code \u0000}, which a text
   * column takes. Files are described, not kept: their bytes are not what an admin needs to decide.
   */
  static JsonObject payload(InboundMessage m) {
    JsonArray files = new JsonArray();
    for (Attachment a : m.attachments()) {
      files.add(new JsonObject().put("filename", a.filename()).put("content_type", a.contentType())
          .put("size", a.size()));
    }
    return new JsonObject()
        .put("sender_name", m.senderName())
        .put("body", cap(m.body()))
        .put("body_html", cap(m.bodyHtml()))
        .put("thread_key", m.threadKey())
        .put("attachments", files);
  }

  private static String cap(String text) {
    return text == null || text.length() <= MAX_TEXT_CHARS ? text : text.substring(0, MAX_TEXT_CHARS) + "…";
  }

  /** PostgreSQL text cannot hold NUL; shown as U+FFFD so an admin sees where it was. */
  static String clean(String s) {
    return s == null ? null : s.replace('\u0000', '\uFFFD');
  }

  private static Long inboxId(String id) {
    try {
      return id == null ? null : Long.valueOf(id);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
