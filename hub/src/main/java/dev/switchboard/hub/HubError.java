package dev.switchboard.hub;

/**
 * The one failure type a client may see: every feature throws it (or fails a future with it) and the
 * API answers it as {@code status} with {@code {"error": code, "message": message}}, plus
 * {@code Retry-After} when {@link #retryAfterSeconds()} is positive. Anything else is a 500.
 * Database failures become one where the SQL runs ({@code store.PgFailures}).
 */
public class HubError extends RuntimeException {

  private final int status;
  private final String code;
  private final int retryAfterSeconds;

  public HubError(int status, String code, String message) {
    this(status, code, message, 0, null);
  }

  protected HubError(int status, String code, String message, int retryAfterSeconds, Throwable cause) {
    super(message, cause, false, false);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Seconds a client should wait before trying again; 0 when there is nothing to wait for. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** 404: {@code what} (e.g. "conversation 7") does not exist. */
  public static HubError notFound(String what) {
    return new HubError(404, "not_found", what + " not found");
  }

  /** 404 with the message as it is (the database's words). */
  public static HubError notFound(String message, Throwable cause) {
    return new HubError(404, "not_found", message, 0, cause);
  }

  /** 400: the request cannot be used as it is. */
  public static HubError invalid(String message) {
    return new HubError(400, "bad_request", message);
  }

  public static HubError invalid(String message, Throwable cause) {
    return new HubError(400, "bad_request", message, 0, cause);
  }

  /** 400: a reply cannot reach the customer on the chosen channel. */
  public static HubError unreachable(String message) {
    return new HubError(400, "unreachable", message);
  }

  /** 403. */
  public static HubError forbidden(String message) {
    return new HubError(403, "forbidden", message);
  }

  /** 409: the change contradicts the current state. */
  public static HubError conflict(String message) {
    return new HubError(409, "conflict", message);
  }

  /** 503 with Retry-After: 1: too much of this work at once; try again in a moment. */
  public static HubError busy(String message) {
    return new HubError(503, "busy", message, 1, null);
  }

  public static HubError busy(String message, Throwable cause) {
    return new HubError(503, "busy", message, 1, cause);
  }

  /** 503: the work was stopped for taking too long. */
  public static HubError timeout(String message, Throwable cause) {
    return new HubError(503, "timeout", message, 0, cause);
  }
}
