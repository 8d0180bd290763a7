package dev.switchboard.hub.agent;

import io.vertx.core.json.JsonObject;

/** A person (or the first admin) who works the inbox; an inactive one can no longer sign in. */
public record Agent(long id, String email, String name, String role, boolean active) {

  public boolean isAdmin() {
    return "admin".equals(role);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("email", email).put("name", name).put("role", role)
        .put("active", active);
  }
}
