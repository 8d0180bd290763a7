package dev.switchboard.connectors.sms;

import com.twilio.exception.ApiException;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.OutboundMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an agent's reply with the Twilio SDK, on a worker thread (the SDK blocks), asking Twilio to
 * report progress to {@code /webhooks/twilio/status}.
 */
final class TwilioSender {

  private static final Logger log = LoggerFactory.getLogger(TwilioSender.class);

  private final Vertx vertx;
  private final TwilioClients clients;
  private final URI statusCallback;

  TwilioSender(Vertx vertx, TwilioClients clients, String publicUrl) {
    this.vertx = vertx;
    this.clients = clients;
    String base = publicUrl == null ? "" : publicUrl.trim().replaceAll("/+$", "");
    this.statusCallback = base.isEmpty() ? null : URI.create(base + SmsConnector.STATUS_PATH);
  }

  /**
   * A receipt with Twilio's message SID ({@code queued} or {@code sent}), a {@code failed} receipt in
   * plain words when Twilio refused for good, or a failed future when it is worth trying again.
   */
  Future<DeliveryReceipt> send(SmsInbox inbox, OutboundMessage message) {
    if (message.to() == null || message.to().address() == null) {
      return Future.succeededFuture(DeliveryReceipt.failed(message.messageId(), null,
          "The customer has no phone number to text."));
    }
    if (!message.attachments().isEmpty()) {
      // MMS needs a public URL per file, which the hub does not hand out yet: the text goes alone.
      log.info("sms deliver: message {} has {} attachment(s); SMS sends the text only",
          message.messageId(), message.attachments().size());
    }
    return vertx.executeBlocking(() -> create(inbox, message), false)
        .map(sent -> new DeliveryReceipt(message.messageId(), sent.getSid(), hubStatus(sent), null))
        .recover(e -> {
          if (e instanceof ApiException api && !TwilioErrors.isTransient(api)) {
            log.info("sms deliver: Twilio refused message {} (error {})", message.messageId(), api.getCode());
            return Future.succeededFuture(DeliveryReceipt.failed(message.messageId(), null, TwilioErrors.refused(api)));
          }
          return Future.failedFuture(new IllegalStateException("Twilio did not take the message now: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e));
        });
  }

  private Message create(SmsInbox inbox, OutboundMessage message) {
    var creator = Message.creator(new PhoneNumber(message.to().address()), new PhoneNumber(inbox.phoneNumber()),
        message.body() == null ? "" : message.body());
    if (statusCallback != null) {
      creator.setStatusCallback(statusCallback);
    }
    return creator.create(clients.client(inbox));
  }

  private static String hubStatus(Message sent) {
    String status = sent.getStatus() == null ? null : TwilioStatus.toHub(sent.getStatus().toString());
    return status == null || "failed".equals(status) ? "queued" : status;
  }
}
