package dev.switchboard.connectors.sms;

import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/twilio/status}: Twilio's progress reports on a message an agent sent
 * ({@code MessageSid}, {@code MessageStatus}, {@code ErrorCode}), signed like inbound webhooks. The
 * hub moves the message's status forward and shows it live; an undelivered one shows why, in words.
 */
final class StatusCallbackRoute implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(StatusCallbackRoute.class);

  private final ConnectorContext hub;
  private final SmsInboxes inboxes;
  private final TwilioSignature signature;

  StatusCallbackRoute(ConnectorContext hub, SmsInboxes inboxes, TwilioSignature signature) {
    this.hub = hub;
    this.inboxes = inboxes;
    this.signature = signature;
  }

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    verified(ctx, form)
        .compose(inbox -> apply(form))
        .onSuccess(v -> WebhookReplies.emptyTwiml(ctx))
        .onFailure(e -> WebhookReplies.failure(ctx, e, log, "sms status " + form.get("MessageSid")));
  }

  private Future<SmsInbox> verified(RoutingContext ctx, MultiMap form) {
    if (TwilioSignature.header(ctx) == null) {
      return Future.failedFuture(WebhookError.badSignature("X-Twilio-Signature is missing."));
    }
    String account = form.get("AccountSid");
    if (account == null || account.isBlank()) {
      return Future.failedFuture(WebhookError.badRequest("AccountSid is required."));
    }
    return inboxes.byAccount(account.trim()).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new WebhookError(404, "unknown_account", "No SMS inbox uses this Twilio account."));
      }
      if (!signature.valid(ctx, found.get().authToken(), form)) {
        log.warn("sms status: bad X-Twilio-Signature for inbox {} (checked against {})", found.get().id(), signature.signedUrl(ctx));
        return Future.failedFuture(WebhookError.badSignature("X-Twilio-Signature does not match."));
      }
      return Future.succeededFuture(found.get());
    });
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
