package dev.switchboard.connectors.telegram;

import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.webhook.WebhookError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Bot API {@code Update} into the one customer message it carries. Customers' messages come
 * as {@code message}; a correction as {@code edited_message}, stored as a new message marked
 * "(edited)" so the agent sees both what was first said and the correction. Only private chats are
 * customers: a bot added to a group or channel does not turn those into conversations. Any message
 * content this reader does not know is stored as "Unsupported Telegram message (type)", never dropped.
 */
final class UpdateReader {

  /** Fields of a Message that describe it rather than hold its content. */
  private static final Set<String> METADATA = Set.of("message_id", "message_thread_id", "from", "sender_chat",
      "sender_boost_count", "sender_business_bot", "date", "business_connection_id", "chat", "forward_origin",
      "forward_from", "forward_from_chat", "forward_from_message_id", "forward_signature", "forward_sender_name",
      "forward_date", "is_topic_message", "is_automatic_forward", "reply_to_message", "external_reply", "quote",
      "reply_to_story", "via_bot", "edit_date", "has_protected_content", "is_from_offline", "media_group_id",
      "author_signature", "entities", "caption", "caption_entities", "show_caption_above_media",
      "has_media_spoiler", "link_preview_options", "effect_id", "reply_markup", "paid_star_count");

  private UpdateReader() {}

  /**
   * The message to store, or empty for an update that holds none for the hub (another update type, a
   * group chat). Throws a {@link WebhookError} (400) for an update that is not one.
   */
  static Optional<TelegramMessage> read(String botId, JsonObject update) {
    if (!(update.getValue("update_id") instanceof Number updateId)) {
      throw WebhookError.badRequest("update_id is required.");
    }
    boolean edited = !(update.getValue("message") instanceof JsonObject);
    JsonObject message = object(update, edited ? "edited_message" : "message");
    if (message == null) {
      return Optional.empty();
    }
    JsonObject chat = object(message, "chat");
    if (chat == null || !(chat.getValue("id") instanceof Number chatId) || !(message.getValue("message_id") instanceof Number messageId)) {
      throw WebhookError.badRequest("A message needs message_id and chat.id.");
    }
    if (!"private".equals(chat.getValue("type"))) {
      return Optional.empty();
    }
    JsonObject from = object(message, "from") != null ? object(message, "from") : chat;
    String providerId = "tg:" + botId + ":" + chatId.longValue() + ":" + messageId.longValue()
        + (edited ? ":edit:" + updateId.longValue() : "");
    Content content = content(message, from);
    String body = edited ? "(edited) " + content.body : content.body;
    return Optional.of(new TelegramMessage(providerId, new Identity(TelegramConnector.IDENTITY, String.valueOf(chatId.longValue())),
        name(from), body, content.file, content.linked));
  }

  private record Content(String body, TelegramFile file, List<Identity> linked) {
    Content(String body) {
      this(body, null, List.of());
    }

    Content(String body, TelegramFile file) {
      this(body, file, List.of());
    }
  }

  private static Content content(JsonObject m, JsonObject from) {
    String caption = string(m, "caption");
    String captionOrEmpty = caption == null ? "" : caption;
    if (m.getValue("text") instanceof String text) {
      return new Content(text);
    }
    if (m.getValue("photo") instanceof JsonArray sizes && !sizes.isEmpty()) {
      JsonObject largest = largest(sizes);
      return new Content(captionOrEmpty, file(largest, "photo.jpg", "image/jpeg", "photo"));
    }
    if (object(m, "animation") != null) {
      JsonObject a = object(m, "animation");
      return new Content(captionOrEmpty, file(a, named(a, "animation.mp4"), mime(a, "video/mp4"), "animation"));
    }
    if (object(m, "document") != null) {
      JsonObject d = object(m, "document");
      return new Content(captionOrEmpty, file(d, named(d, "document"), mime(d, "application/octet-stream"), "document"));
    }
    if (object(m, "voice") != null) {
      JsonObject v = object(m, "voice");
      return new Content(captionOrEmpty, file(v, "voice.ogg", mime(v, "audio/ogg"), "voice message"));
    }
    if (object(m, "audio") != null) {
      JsonObject a = object(m, "audio");
      return new Content(captionOrEmpty, file(a, named(a, "audio.mp3"), mime(a, "audio/mpeg"), "audio file"));
    }
    if (object(m, "video") != null) {
      JsonObject v = object(m, "video");
      return new Content(captionOrEmpty, file(v, named(v, "video.mp4"), mime(v, "video/mp4"), "video"));
    }
    if (object(m, "video_note") != null) {
      return new Content(captionOrEmpty, file(object(m, "video_note"), "video_note.mp4", "video/mp4", "video message"));
    }
    if (object(m, "sticker") != null) {
      JsonObject s = object(m, "sticker");
      boolean animated = Boolean.TRUE.equals(s.getValue("is_animated"));
      boolean video = Boolean.TRUE.equals(s.getValue("is_video"));
      String emoji = string(s, "emoji");
      String body = "Sticker" + (emoji == null ? "" : " " + emoji);
      return new Content(body, file(s, animated ? "sticker.tgs" : video ? "sticker.webm" : "sticker.webp",
          animated ? "application/x-tgsticker" : video ? "video/webm" : "image/webp", "sticker"));
    }
    if (object(m, "venue") != null && object(object(m, "venue"), "location") != null) {
      JsonObject v = object(m, "venue");
      return new Content("Venue: " + orEmpty(string(v, "title")) + ", " + orEmpty(string(v, "address")) + "\n"
          + where(object(v, "location")));
    }
    if (object(m, "location") != null) {
      return new Content("Location: " + where(object(m, "location")));
    }
    if (object(m, "contact") != null) {
      return contact(object(m, "contact"), from);
    }
    return new Content("Unsupported Telegram message (" + type(m) + ")"
        + (caption == null ? "" : "\n" + caption));
  }

  /**
   * A shared contact, as text; when it is the sender's own (Telegram sets its {@code user_id} to theirs:
   * they pressed "share my phone number", and Telegram knows the number is their account's), the phone
   * is linked to them. Somebody else's contact card links nothing.
   */
  private static Content contact(JsonObject c, JsonObject from) {
    String phone = string(c, "phone_number");
    String name = (orEmpty(string(c, "first_name")) + " " + orEmpty(string(c, "last_name"))).trim();
    String body = "Contact: " + (name.isEmpty() ? "" : name + ", ") + orEmpty(phone);
    Object contactUser = c.getValue("user_id");
    Object sender = from.getValue("id");
    boolean own = contactUser instanceof Number u && sender instanceof Number s && u.longValue() == s.longValue();
    // Telegram writes the numbers of its users without the leading +
    Identity linked = own && phone != null ? Identity.phone(phone.startsWith("+") ? phone : "+" + phone) : null;
    return new Content(body, null, linked == null ? List.of() : List.of(linked));
  }

  /** The largest of a photo's sizes: by bytes when Telegram says, else by pixels. */
  private static JsonObject largest(JsonArray sizes) {
    JsonObject best = null;
    long bestScore = -1;
    for (Object o : sizes) {
      if (o instanceof JsonObject size && size.getValue("file_id") instanceof String) {
        long score = size.getValue("file_size") instanceof Number n ? n.longValue()
            : (long) number(size, "width") * number(size, "height");
        if (score > bestScore) {
          best = size;
          bestScore = score;
        }
      }
    }
    if (best == null) {
      throw WebhookError.badRequest("A photo needs at least one size with a file_id.");
    }
    return best;
  }

  private static TelegramFile file(JsonObject f, String filename, String contentType, String kind) {
    if (!(f.getValue("file_id") instanceof String id) || id.isBlank()) {
      throw WebhookError.badRequest("A " + kind + " needs a file_id.");
    }
    Long size = f.getValue("file_size") instanceof Number n ? n.longValue() : null;
    return new TelegramFile(id, size, filename, contentType, kind);
  }

  private static String where(JsonObject location) {
    Object lat = location.getValue("latitude");
    Object lon = location.getValue("longitude");
    if (!(lat instanceof Number) || !(lon instanceof Number)) {
      throw WebhookError.badRequest("A location needs latitude and longitude.");
    }
    return lat + ", " + lon + " https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lon;
  }

  /** The name of a message's content field the reader does not know. */
  private static String type(JsonObject m) {
    return m.fieldNames().stream().filter(k -> !METADATA.contains(k)).sorted().findFirst()
        .map(k -> k.replaceAll("[^a-z0-9_]", "").toLowerCase(Locale.ROOT)).orElse("unknown");
  }

  private static String name(JsonObject user) {
    String name = (orEmpty(string(user, "first_name")) + " " + orEmpty(string(user, "last_name"))).trim();
    if (name.isEmpty()) {
      name = string(user, "username") == null ? null : "@" + string(user, "username");
    }
    return name == null || name.length() <= 200 ? name : name.substring(0, 200);
  }

  private static String named(JsonObject f, String fallback) {
    String name = string(f, "file_name");
    return name == null ? fallback : name;
  }

  private static String mime(JsonObject f, String fallback) {
    String type = string(f, "mime_type");
    return type == null || !type.matches("[\\w.+-]+/[\\w.+-]+") ? fallback : type;
  }

  private static JsonObject object(JsonObject o, String key) {
    return o.getValue(key) instanceof JsonObject j ? j : null;
  }

  private static String string(JsonObject o, String key) {
    return o.getValue(key) instanceof String s && !s.isBlank() ? s : null;
  }

  private static int number(JsonObject o, String key) {
    return o.getValue(key) instanceof Number n ? n.intValue() : 0;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
