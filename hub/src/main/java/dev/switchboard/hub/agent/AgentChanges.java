package dev.switchboard.hub.agent;

/** What an admin changes about an agent; {@code null} leaves a field as it is. */
public record AgentChanges(String name, String role, Boolean active) {

  boolean deactivates() {
    return Boolean.FALSE.equals(active);
  }
}
