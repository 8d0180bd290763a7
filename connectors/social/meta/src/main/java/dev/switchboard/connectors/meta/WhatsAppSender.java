package dev.switchboard.connectors.meta;

import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.OutboundMessage;
import dev.switchboard.connectors.spi.Template;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a reply through the WhatsApp Cloud API ({@code POST {api}/{phone_number_id}/messages}, bearer
 * token): a text, or an approved template when the reply names one. The {@code wamid} Meta answers
 * with is the provider id that statuses quote.
 */
final class WhatsAppSender {

  private static final Logger log = LoggerFactory.getLogger(WhatsAppSender.class);
  private final GraphClient graph;

  WhatsAppSender(GraphClient graph) {
    this.graph = graph;
  }

  Future<DeliveryReceipt> send(MetaInbox inbox, OutboundMessage message) {
    String to = message.to().address().replaceAll("[^0-9]", "");
    if (to.isEmpty()) {
      return Future.succeededFuture(DeliveryReceipt.failed(message.messageId(), null,
          "The customer has no WhatsApp number to write to."));
    }
    JsonObject body = new JsonObject().put("messaging_product", "whatsapp").put("recipient_type", "individual")
        .put("to", to);
    if (message.template() != null) {
      body.put("type", "template").put("template", template(message.template()));
    } else {
      body.put("type", "text").put("text", new JsonObject().put("preview_url", false)
          .put("body", message.body() == null ? "" : message.body()));
    }
    return graph.post(inbox.apiBaseUrl() + "/" + inbox.accountId() + "/messages", inbox.accessToken(), body)
        .map(answer -> {
          JsonArray messages = answer.getJsonArray("messages", new JsonArray());
          String wamid = messages.isEmpty() ? null : messages.getJsonObject(0).getString("id");
          return DeliveryReceipt.sent(message.messageId(), wamid);
        })
        .recover(e -> {
          if (e instanceof GraphError graphError && !GraphErrors.isTransient(graphError, true)) {
            log.info("whatsapp deliver: Meta refused message {} (error {})", message.messageId(), graphError.code());
            return Future.succeededFuture(DeliveryReceipt.failed(message.messageId(), null, GraphErrors.whatsapp(graphError)));
          }
          return Future.failedFuture(new IllegalStateException("WhatsApp did not take the message now: "
              + (e instanceof GraphError g ? GraphErrors.whatsapp(g) : e.getMessage() == null
                  ? e.getClass().getSimpleName() : e.getMessage()), e));
        });
  }

  private static JsonObject template(Template t) {
    JsonObject template = new JsonObject().put("name", t.name()).put("language", new JsonObject().put("code", t.language()));
    if (!t.parameters().isEmpty()) {
      JsonArray parameters = new JsonArray();
      t.parameters().forEach(p -> parameters.add(new JsonObject().put("type", "text").put("text", p)));
      template.put("components", new JsonArray().add(new JsonObject().put("type", "body").put("parameters", parameters)));
    }
    return template;
  }
}
