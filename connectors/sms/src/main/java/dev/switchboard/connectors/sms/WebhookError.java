package dev.switchboard.connectors.sms;

/** A webhook request this connector refuses: answered with {@code status} and {@code {error, message}}. */
final class WebhookError extends RuntimeException {

  final int status;
  final String error;

  WebhookError(int status, String error, String message) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
  }

  static WebhookError badRequest(String message) {
    return new WebhookError(400, "bad_request", message);
  }

  static WebhookError badSignature(String message) {
    return new WebhookError(403, "bad_signature", message);
  }
}
