package dev.switchboard.connectors.email;

import dev.switchboard.connectors.spi.ConnectorContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The subject and References chain of each mail in and out, by Message-ID, in the connector state.
 * A reply needs both so that mail clients (Gmail groups by subject too) thread it with the mail it
 * answers; the hub's message model has no subject, so the connector keeps it.
 */
final class ThreadMemory {

  /** A mail's place in its thread. */
  record Entry(String subject, List<String> references) {
    static final Entry NONE = new Entry(null, List.of());
  }

  /** References headers are cut to the most recent ids; RFC 5322 allows trimming the middle. */
  static final int MAX_REFERENCES = 20;

  private final ConnectorContext hub;

  ThreadMemory(ConnectorContext hub) {
    this.hub = hub;
  }

  Future<Void> remember(String messageId, String subject, List<String> references) {
    JsonObject state = new JsonObject()
        .put("subject", subject)
        .put("references", new JsonArray(new ArrayList<>(trim(references))));
    return hub.saveState(key(messageId), state);
  }

  /** What is known of {@code messageId}, or {@link Entry#NONE}; never fails. */
  Future<Entry> recall(String messageId) {
    if (messageId == null) {
      return Future.succeededFuture(Entry.NONE);
    }
    return hub.loadState(key(messageId))
        .map(state -> {
          List<String> refs = new ArrayList<>();
          JsonArray array = state.getJsonArray("references", new JsonArray());
          for (int i = 0; i < array.size(); i++) {
            refs.add(array.getString(i));
          }
          return new Entry(state.getString("subject"), refs);
        })
        .otherwise(Entry.NONE);
  }

  static List<String> trim(List<String> references) {
    return references.size() <= MAX_REFERENCES
        ? references
        : references.subList(references.size() - MAX_REFERENCES, references.size());
  }

  private static String key(String messageId) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(messageId.getBytes(StandardCharsets.UTF_8));
      return "email:thread:" + HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
