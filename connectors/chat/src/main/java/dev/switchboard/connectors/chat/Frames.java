package dev.switchboard.connectors.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Checks on a parsed frame as a whole. */
final class Frames {

  private Frames() {}

  /** Whether any key or string value, at any depth, holds a NUL character. */
  static boolean containsNul(Object value) {
    if (value instanceof String s) {
      return s.indexOf('\u0000') >= 0;
    }
    if (value instanceof JsonObject o) {
      for (Map.Entry<String, Object> e : o) {
        if (containsNul(e.getKey()) || containsNul(e.getValue())) {
          return true;
        }
      }
    }
    if (value instanceof JsonArray a) {
      for (Object item : a) {
        if (containsNul(item)) {
          return true;
        }
      }
    }
    return false;
  }
}
