package dev.switchboard.hub.routing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A group of agents that an inbox's conversations are assigned among ({@code auto_assign}). */
public record Team(long id, String name, boolean autoAssign, List<Long> memberIds) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("auto_assign", autoAssign)
        .put("member_ids", new JsonArray(List.copyOf(memberIds)));
  }
}
