package dev.switchboard.connectors.meta;

import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.OutboundMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a reply through the Send API ({@code POST {api}/me/messages} with the page's token as bearer;
 * Instagram's messages go through the same API with the page linked to the Instagram account). Within
 * 24 hours of the customer's last message it is a {@code RESPONSE}; after that, up to 7 days, a reply a
 * human agent wrote goes with the {@code HUMAN_AGENT} tag; anything else is refused in plain words
 * without calling Meta.
 */
final class MessengerSender {

  static final Duration STANDARD_WINDOW = Duration.ofHours(24);
  static final Duration HUMAN_AGENT_WINDOW = Duration.ofDays(7);
  private static final Logger log = LoggerFactory.getLogger(MessengerSender.class);

  private final GraphClient graph;
  private final SentLog sent;

  MessengerSender(GraphClient graph, SentLog sent) {
    this.graph = graph;
    this.sent = sent;
  }

  Future<DeliveryReceipt> send(MetaInbox inbox, OutboundMessage message) {
    String customer = message.to().address();
    JsonObject body = new JsonObject().put("recipient", new JsonObject().put("id", customer))
        .put("message", new JsonObject().put("text", message.body() == null ? "" : message.body()));
    Instant last = message.lastInboundAt();
    Duration since = last == null ? null : Duration.between(last, Instant.now());
    if (since != null && since.compareTo(STANDARD_WINDOW) <= 0) {
      body.put("messaging_type", "RESPONSE");
    } else if (since != null && "agent".equals(message.authorType()) && since.compareTo(HUMAN_AGENT_WINDOW) <= 0) {
      body.put("messaging_type", "MESSAGE_TAG").put("tag", "HUMAN_AGENT");
    } else {
      return Future.succeededFuture(DeliveryReceipt.failed(message.messageId(), null, closed(inbox, message, since)));
    }
    // the page token goes as a bearer header, which the Graph API takes like ?access_token=: a URL
    // turns up in error messages and logs, a header does not
    return graph.post(inbox.apiBaseUrl() + "/me/messages", inbox.accessToken(), body)
        .compose(answer -> {
          String mid = answer.getString("message_id");
          DeliveryReceipt receipt = DeliveryReceipt.sent(message.messageId(), mid);
          return mid == null ? Future.succeededFuture(receipt)
              : sent.sent(inbox, customer, mid, System.currentTimeMillis()).otherwiseEmpty().map(receipt);
        })
        .recover(e -> {
          if (e instanceof GraphError graphError && !GraphErrors.isTransient(graphError, false)) {
            log.info("{} deliver: Meta refused message {} (error {}/{})", inbox.channel(), message.messageId(),
                graphError.code(), graphError.subcode());
            return Future.succeededFuture(DeliveryReceipt.failed(message.messageId(), null, GraphErrors.messenger(graphError)));
          }
          return Future.failedFuture(new IllegalStateException("Meta did not take the message now: "
              + (e instanceof GraphError g ? GraphErrors.messenger(g) : e.getMessage() == null
                  ? e.getClass().getSimpleName() : e.getMessage()), e));
        });
  }

  private static String closed(MetaInbox inbox, OutboundMessage message, Duration since) {
    String where = MetaConnector.INSTAGRAM.equals(inbox.channel()) ? "Instagram" : "Messenger";
    if (since == null) {
      return "The customer has not written on " + where + " yet, and " + where + " only allows answers to customers who did.";
    }
    if (!"agent".equals(message.authorType())) {
      return "More than 24 hours have passed since the customer last wrote on " + where
          + "; after that only a human agent may answer (up to 7 days), never a bot.";
    }
    return "More than 7 days have passed since the customer last wrote on " + where + ", so " + where
        + " does not allow an answer until they write again.";
  }
}
