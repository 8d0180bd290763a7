package dev.switchboard.hub.inbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Set;

/**
 * A channel inbox as admins see it: its public config and only the names of the secrets set
 * ({@code secretKeys}); the secrets' values never leave {@link InboxService}. {@code setup} is how its
 * set-up on the provider's side went ({@code state} pending / done / failed, {@code message},
 * {@code updated_at}), or {@code null} when its channel needs none.
 */
public record Inbox(long id, String name, String channel, JsonObject config, Set<String> secretKeys,
    boolean enabled, Instant createdAt, Instant updatedAt, JsonObject setup) {

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
        .put("updated_at", updatedAt.toString())
        .put("setup", setup == null ? null : setup.copy());
  }
}
