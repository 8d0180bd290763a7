package dev.switchboard.connectors.meta;

import dev.switchboard.connectors.spi.Attachment;
import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.InboundMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One WhatsApp Cloud API {@code changes[].value}: customers' {@code messages} (stored one after the
 * other, the {@code wamid} as idempotency key) and {@code statuses} of the hub's replies (receipts,
 * which the hub only moves forward). The sender is their phone in E.164 ({@code +} and the
 * {@code wa_id}), so WhatsApp and SMS from one number are one customer.
 */
final class WhatsAppInbound {

  private static final Set<String> MEDIA = Set.of("image", "audio", "video", "document", "sticker");

  private final ConnectorContext hub;
  private final MediaDownloads media;

  WhatsAppInbound(ConnectorContext hub, MediaDownloads media) {
    this.hub = hub;
    this.media = media;
  }

  Future<Void> handle(MetaInbox inbox, JsonObject value) {
    Future<Void> done = Future.succeededFuture();
    for (Object m : SignedByMeta.array(value.getValue("messages"))) {
      if (m instanceof JsonObject message) {
        done = done.compose(v -> store(inbox, value, message));
      }
    }
    for (Object s : SignedByMeta.array(value.getValue("statuses"))) {
      if (s instanceof JsonObject status) {
        done = done.compose(v -> receipt(status));
      }
    }
    return done;
  }

  private Future<Void> store(MetaInbox inbox, JsonObject value, JsonObject message) {
    String wamid = SignedByMeta.text(message.getValue("id"));
    String waId = SignedByMeta.text(message.getValue("from"));
    if (wamid == null || wamid.isEmpty() || waId == null || waId.isEmpty()) {
      return Future.failedFuture(dev.switchboard.connectors.spi.webhook.WebhookError.badRequest(
          "A WhatsApp message needs its id and from."));
    }
    Identity from = sender(waId);
    String name = profileName(value, waId);
    String type = message.getString("type", "unknown");
    return content(inbox, type, message).compose(c -> hub.receive(new InboundMessage(inbox.id(), MetaConnector.WHATSAPP,
        from, name, c.body, null, c.attachments, wamid, null))).transform(MetaBatch::nextEvenIfRefused);
  }

  /** {@code +} and the digits of the wa_id; a wa_id that is no plausible number stays a WhatsApp id. */
  static Identity sender(String waId) {
    Identity phone = Identity.phone("+" + waId.replaceAll("[^0-9]", ""));
    return phone != null ? phone : new Identity(MetaConnector.WHATSAPP, waId);
  }

  private static String profileName(JsonObject value, String waId) {
    for (Object c : SignedByMeta.array(value.getValue("contacts"))) {
      if (c instanceof JsonObject contact && waId.equals(SignedByMeta.text(contact.getValue("wa_id")))
          && contact.getValue("profile") instanceof JsonObject profile) {
        String name = profile.getString("name");
        return name == null || name.isBlank() ? null : name.trim();
      }
    }
    return null;
  }

  private record Content(String body, List<Attachment> attachments) {}

  private Future<Content> content(MetaInbox inbox, String type, JsonObject m) {
    JsonObject part = m.getValue(type) instanceof JsonObject o ? o : new JsonObject();
    if (MEDIA.contains(type)) {
      String caption = part.getString("caption");
      return media.whatsapp(inbox, type, MediaDownloads.string(part, "id"), part.getString("filename"),
              part.getString("mime_type"))
          .map(f -> {
            String text = caption == null ? "" : caption;
            if (f.placeholder() != null) {
              text = text.isEmpty() ? f.placeholder() : text + "\n" + f.placeholder();
            }
            return new Content(text, f.attachment() == null ? List.of() : List.of(f.attachment()));
          });
    }
    String body = switch (type) {
      case "text" -> part.getString("body", "");
      case "interactive" -> interactive(part);
      case "button" -> part.getString("text", part.getString("payload", ""));
      case "location" -> location(part);
      case "contacts" -> contacts(m.getValue("contacts"));
      default -> null;
    };
    return Future.succeededFuture(new Content(body != null ? body : unsupported(type), List.of()));
  }

  static String unsupported(String type) {
    return "[unsupported message: " + type.replaceAll("[^A-Za-z0-9_ -]", "").toLowerCase(Locale.ROOT) + "]";
  }

  /** A tapped reply button or list row: its title is what the customer saw and chose. */
  private static String interactive(JsonObject i) {
    String kind = i.getString("type", "");
    if (i.getValue(kind) instanceof JsonObject reply && reply.getString("title") != null) {
      String description = reply.getString("description");
      return description == null || description.isBlank() ? reply.getString("title")
          : reply.getString("title") + " (" + description + ")";
    }
    return null;
  }

  private static String location(JsonObject l) {
    Object lat = l.getValue("latitude");
    Object lon = l.getValue("longitude");
    StringBuilder s = new StringBuilder("Location: ");
    for (String key : List.of("name", "address")) {
      String v = l.getString(key);
      if (v != null && !v.isBlank()) {
        s.append(v.trim()).append(", ");
      }
    }
    s.append(lat).append(", ").append(lon);
    return s.toString();
  }

  private static String contacts(Object value) {
    List<String> lines = new ArrayList<>();
    for (Object o : SignedByMeta.array(value)) {
      if (!(o instanceof JsonObject c)) {
        continue;
      }
      String name = c.getValue("name") instanceof JsonObject n ? n.getString("formatted_name", "") : "";
      List<String> details = new ArrayList<>();
      for (String key : List.of("phones", "emails")) {
        for (Object p : c.getValue(key) instanceof JsonArray a ? a : new JsonArray()) {
          if (p instanceof JsonObject entry) {
            String v = entry.getString(key.equals("phones") ? "phone" : "email");
            if (v != null) {
              details.add(v);
            }
          }
        }
      }
      lines.add("Contact: " + name + (details.isEmpty() ? "" : " (" + String.join(", ", details) + ")"));
    }
    return lines.isEmpty() ? null : String.join("\n", lines);
  }

  /** A status of one of the hub's messages: sent, delivered, read, or failed with Meta's code and title. */
  private Future<Void> receipt(JsonObject status) {
    String wamid = SignedByMeta.text(status.getValue("id"));
    String state = status.getString("status", "").toLowerCase(Locale.ROOT);
    String hubStatus = switch (state) {
      case "sent", "delivered", "read", "failed" -> state;
      default -> null;
    };
    if (wamid == null || hubStatus == null) {
      return Future.succeededFuture(); // "deleted", "warning", …: nothing the hub shows
    }
    String error = null;
    if ("failed".equals(hubStatus)) {
      JsonObject first = SignedByMeta.array(status.getValue("errors")).stream()
          .filter(JsonObject.class::isInstance).map(JsonObject.class::cast).findFirst().orElse(new JsonObject());
      Object code = first.getValue("code");
      error = GraphErrors.whatsapp(code instanceof Number n ? n.intValue() : null, first.getString("title"));
    }
    return hub.receipt(new DeliveryReceipt(0, wamid, hubStatus, error));
  }
}
