package dev.switchboard.hub.agent;

import io.vertx.core.json.JsonObject;

/** A person (or the first admin) who works the inbox. */
public record Agent(long id, String email, String name, String role) {

  public boolean isAdmin() {
    return "admin".equals(role);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("email", email).put("name", name).put("role", role);
  }
}
