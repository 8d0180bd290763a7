package dev.switchboard.hub.macros;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One step of a {@link Macro}. {@code value} by type: reply and note a text; status open, pending or
 * resolved; snooze minutes ({@link Integer}); assign an agent id and team a team id ({@link Long},
 * {@code null} to clear); priority a priority; add_tags and remove_tags tag names ({@code List<String>}).
 */
public record MacroAction(String type, Object value) {

  public static final String REPLY = "reply";
  public static final String NOTE = "note";
  public static final String STATUS = "status";
  public static final String SNOOZE = "snooze";
  public static final String ASSIGN = "assign";
  public static final String TEAM = "team";
  public static final String PRIORITY = "priority";
  public static final String ADD_TAGS = "add_tags";
  public static final String REMOVE_TAGS = "remove_tags";

  public static final List<String> TYPES = List.of(REPLY, NOTE, STATUS, SNOOZE, ASSIGN, TEAM, PRIORITY, ADD_TAGS,
      REMOVE_TAGS);

  public String text() {
    return (String) value;
  }

  public Long id() {
    return (Long) value;
  }

  public int minutes() {
    return (Integer) value;
  }

  @SuppressWarnings("unchecked")
  public List<String> tags() {
    return (List<String>) value;
  }

  public JsonObject toJson() {
    return new JsonObject().put("type", type).put("value", value instanceof List<?> l ? new JsonArray(List.copyOf(l)) : value);
  }
}
