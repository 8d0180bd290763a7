package dev.switchboard.hub.canned;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A saved reply that agents insert by its {@code shortcut} ("/greeting"). */
public record CannedResponse(long id, String shortcut, String body, Long createdBy, Instant createdAt,
    Instant updatedAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("shortcut", shortcut)
        .put("body", body)
        .put("created_by", createdBy)
        .put("created_at", createdAt.toString())
        .put("updated_at", updatedAt.toString());
  }
}
