package dev.switchboard.connectors.meta;

import dev.switchboard.connectors.spi.Attachment;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.OutboundMessage;
import dev.switchboard.connectors.spi.Template;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a reply through the WhatsApp Cloud API ({@code POST {api}/{phone_number_id}/messages}, bearer
 * token): a text, or an approved template when the reply names one, then each file the reply carries
 * (uploaded to {@code /{phone_number_id}/media}, then sent by its media id); the first quotes the
 * customer's message the reply answers ({@code context}). The first {@code wamid}
 * Meta answers with is the provider id that statuses quote.
 */
final class WhatsAppSender {

  private static final Logger log = LoggerFactory.getLogger(WhatsAppSender.class);
  /** What WhatsApp shows as pictures, videos and voice/audio (up to 5, 16 and 16 MB); the rest goes as documents. */
  private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png");
  private static final Set<String> VIDEO_TYPES = Set.of("video/mp4", "video/3gpp");
  private static final Set<String> AUDIO_TYPES = Set.of("audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg");
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
    String url = inbox.apiBaseUrl() + "/" + inbox.accountId() + "/messages";
    String quoted = message.replyToProviderId();
    Future<String> first;
    if (message.template() != null) {
      first = post(inbox, url, envelope(to, quoted).put("type", "template")
          .put("template", template(message.template())));
    } else if (message.body() != null && !message.body().isBlank() || message.attachments().isEmpty()) {
      first = post(inbox, url, envelope(to, quoted).put("type", "text").put("text", new JsonObject()
          .put("preview_url", false).put("body", message.body() == null ? "" : message.body())));
    } else {
      first = Future.succeededFuture(null);
    }
    return first.compose(wamid -> sendFiles(inbox, url, to, quoted, message.attachments(), 0, wamid))
        .map(wamid -> DeliveryReceipt.sent(message.messageId(), wamid))
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

  /**
   * The fields every send carries; {@code context.message_id} makes WhatsApp show it quoting the
   * customer's message {@code quoted} (a {@code wamid}), when there is one.
   */
  private static JsonObject envelope(String to, String quoted) {
    JsonObject envelope = new JsonObject().put("messaging_product", "whatsapp").put("recipient_type", "individual")
        .put("to", to);
    return quoted == null ? envelope : envelope.put("context", new JsonObject().put("message_id", quoted));
  }

  /** Sends one message; completes with the {@code wamid} Meta answered. */
  private Future<String> post(MetaInbox inbox, String url, JsonObject body) {
    return graph.post(url, inbox.accessToken(), body).map(answer -> {
      JsonArray messages = answer.getJsonArray("messages", new JsonArray());
      return messages.isEmpty() ? null : messages.getJsonObject(0).getString("id");
    });
  }

  /**
   * Sends files from {@code index} on, each uploaded first ({@code POST /{phone_number_id}/media},
   * multipart: {@code messaging_product}, {@code type}, {@code file}) and then sent as a message of its
   * kind naming the media id. Completes with the reply's first {@code wamid}.
   */
  private Future<String> sendFiles(MetaInbox inbox, String url, String to, String quoted, List<Attachment> files,
      int index, String first) {
    if (index == files.size()) {
      return Future.succeededFuture(first);
    }
    Attachment file = files.get(index);
    String type = baseType(file.contentType());
    String kind = kind(type, file.size());
    String mediaUrl = inbox.apiBaseUrl() + "/" + inbox.accountId() + "/media";
    return graph.upload(mediaUrl, inbox.accessToken(), Map.of("messaging_product", "whatsapp", "type", type), "file",
            file.filename(), type, file.content() == null ? io.vertx.core.buffer.Buffer.buffer() : file.content())
        .compose(uploaded -> {
          String id = uploaded.getString("id");
          if (id == null) {
            return Future.failedFuture(new IllegalStateException("WhatsApp's media upload answered without an id"));
          }
          JsonObject media = new JsonObject().put("id", id);
          if ("document".equals(kind) && file.filename() != null) {
            media.put("filename", file.filename());
          }
          // only the reply's first message quotes the customer's
          return post(inbox, url, envelope(to, first == null ? quoted : null).put("type", kind).put(kind, media));
        })
        .compose(wamid -> sendFiles(inbox, url, to, quoted, files, index + 1, first == null ? wamid : first));
  }

  /** The message type WhatsApp shows a file as, by its media type and size; anything else is a document. */
  static String kind(String type, long size) {
    long mb = 1024L * 1024;
    if (IMAGE_TYPES.contains(type) && size <= 5 * mb) {
      return "image";
    }
    if (VIDEO_TYPES.contains(type) && size <= 16 * mb) {
      return "video";
    }
    if (AUDIO_TYPES.contains(type) && size <= 16 * mb) {
      return "audio";
    }
    return "document";
  }

  private static String baseType(String contentType) {
    return contentType == null ? "application/octet-stream"
        : contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
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
