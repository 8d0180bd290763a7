package dev.switchboard.hub.inbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Set;

/**
 * A channel inbox as admins see it: its public config and only the names of the secrets set
 * ({@code secretKeys}); the secrets' values never leave {@link InboxService}.
 */
public record Inbox(long id, String name, String channel, JsonObject config, Set<String> secretKeys,
    boolean enabled, Instant createdAt, Instant updatedAt) {

  /** The REST representation (without {@code member_ids}, which the API adds). */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("channel", channel)
        .put("config", config.copy())
        .put("secrets_set", new JsonArray(new ArrayList<>(secretKeys)))
        .put("enabled", enabled)
        .put("created_at", createdAt.toString())
        .put("updated_at", updatedAt.toString());
  }
}
