package dev.switchboard.hub.conversation;

import dev.switchboard.connectors.spi.Identity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * A customer with the identities that lead to them (oldest first) and their one conversation
 * ({@code null} before they first wrote). {@code mergedInto} is set on a customer merged away.
 */
public record Customer(long id, String name, String email, String phone, Long mergedInto, Long conversationId,
    Instant createdAt, List<Identity> identities) {

  public JsonObject toJson() {
    JsonArray ids = new JsonArray();
    identities.forEach(i -> ids.add(new JsonObject().put("kind", i.kind()).put("address", i.address())));
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("email", email)
        .put("phone", phone)
        .put("merged_into", mergedInto)
        .put("conversation_id", conversationId)
        .put("created_at", createdAt.toString())
        .put("identities", ids);
  }
}
