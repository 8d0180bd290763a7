package dev.switchboard.connectors.meta;

import io.vertx.core.json.JsonObject;

/**
 * The Graph API's refusal, from its error JSON {@code {error:{message, type, code, error_subcode,
 * fbtrace_id}}}, with the HTTP status. Never carries a token: the message is Meta's.
 */
final class GraphError extends RuntimeException {

  private final int status;
  private final Integer code;
  private final Integer subcode;

  GraphError(int status, Integer code, Integer subcode, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.subcode = subcode;
  }

  /** From a non-2xx answer's body (which may not be Graph JSON at all: a proxy's page, nothing). */
  static GraphError of(int status, String body) {
    JsonObject error = null;
    try {
      JsonObject json = body == null || body.isBlank() ? null : new JsonObject(body);
      error = json == null ? null : json.getJsonObject("error");
    } catch (RuntimeException notJson) {
      // not Graph's JSON: the status says enough
    }
    if (error == null) {
      return new GraphError(status, null, null, "HTTP " + status);
    }
    return new GraphError(status, number(error.getValue("code")), number(error.getValue("error_subcode")),
        error.getString("message", "HTTP " + status));
  }

  private static Integer number(Object value) {
    if (value instanceof Number n) {
      return n.intValue();
    }
    if (value instanceof String s && s.matches("\\d{1,9}")) {
      return Integer.valueOf(s);
    }
    return null;
  }

  int status() {
    return status;
  }

  Integer code() {
    return code;
  }

  Integer subcode() {
    return subcode;
  }
}
