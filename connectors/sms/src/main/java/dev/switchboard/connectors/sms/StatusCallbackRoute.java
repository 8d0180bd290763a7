package dev.switchboard.connectors.sms;

import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.webhook.Webhook;
import dev.switchboard.connectors.spi.webhook.WebhookError;
import dev.switchboard.connectors.spi.webhook.WebhookRequest;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;

/**
 * {@code POST /webhooks/twilio/status}: Twilio's progress reports on a message an agent sent
 * ({@code MessageSid}, {@code MessageStatus}, {@code ErrorCode}), signed like inbound webhooks. The
 * hub moves the message's status forward and shows it live; an undelivered one shows why, in words.
 */
final class StatusCallbackRoute implements Webhook.Handler<SmsInbox> {

  private final ConnectorContext hub;

  StatusCallbackRoute(ConnectorContext hub) {
    this.hub = hub;
  }

  @Override
  public Future<Void> handle(SmsInbox inbox, WebhookRequest request) {
    return apply(request.form());
  }

  private Future<Void> apply(MultiMap form) {
    String sid = form.get("MessageSid");
    String twilioStatus = form.get("MessageStatus") != null ? form.get("MessageStatus") : form.get("SmsStatus");
    if (sid == null || sid.isBlank() || twilioStatus == null || twilioStatus.isBlank()) {
      return Future.failedFuture(WebhookError.badRequest("MessageSid and MessageStatus are required."));
    }
    String status = TwilioStatus.toHub(twilioStatus);
    if (status == null) {
      return Future.succeededFuture(); // statuses of inbound messages: nothing to show
    }
    String error = "failed".equals(status) ? failure(twilioStatus, form.get("ErrorCode")) : null;
    return hub.receipt(new DeliveryReceipt(0, sid.trim(), status, error));
  }

  private static String failure(String twilioStatus, String errorCode) {
    if ("canceled".equalsIgnoreCase(twilioStatus.trim())) {
      return "The message was canceled before it was sent.";
    }
    Integer code = null;
    if (errorCode != null && errorCode.trim().matches("\\d{1,9}")) {
      code = Integer.valueOf(errorCode.trim());
    }
    return TwilioErrors.undelivered(code);
  }
}
