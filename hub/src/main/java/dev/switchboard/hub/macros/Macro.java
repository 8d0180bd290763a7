package dev.switchboard.hub.macros;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** Several actions an agent runs on a conversation in one step (insert a reply, set status, assign, tag…). */
public record Macro(long id, String name, List<MacroAction> actions, Long createdBy, Instant createdAt,
    Instant updatedAt) {

  public JsonObject toJson() {
    JsonArray all = new JsonArray();
    actions.forEach(a -> all.add(a.toJson()));
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("actions", all)
        .put("created_by", createdBy)
        .put("created_at", createdAt.toString())
        .put("updated_at", updatedAt.toString());
  }
}
