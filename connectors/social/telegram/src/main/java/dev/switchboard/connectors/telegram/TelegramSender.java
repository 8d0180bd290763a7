package dev.switchboard.connectors.telegram;

import dev.switchboard.connectors.spi.Attachment;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.OutboundMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an agent's reply with {@code sendMessage} ({@code chat_id} = the customer's chat, {@code text}).
 * A text longer than Telegram's 4,096 characters goes as several messages, in order; files the reply
 * carries follow, pictures with {@code sendPhoto} and anything else with {@code sendDocument}. The
 * receipt carries the first Telegram message's id, in the same form inbound provider ids take.
 */
final class TelegramSender {

  /** Telegram's limit for one message's text, in characters (UTF-16 units, as Telegram counts them). */
  static final int MAX_TEXT = 4096;
  /** What {@code sendPhoto} takes (10 MB at most); other files go as documents, up to 50 MB. */
  private static final java.util.Set<String> PHOTO_TYPES = java.util.Set.of("image/jpeg", "image/png", "image/webp");
  private static final long MAX_PHOTO_BYTES = 10L * 1024 * 1024;
  private static final Logger log = LoggerFactory.getLogger(TelegramSender.class);

  private final TelegramApi api;

  TelegramSender(TelegramApi api) {
    this.api = api;
  }

  /**
   * {@code sent} with Telegram's message id; {@code failed} in plain words when Telegram refused for good
   * (the customer blocked the bot, …); a failed future when it is worth trying again (429, 5xx, no answer).
   */
  Future<DeliveryReceipt> send(TelegramInbox inbox, OutboundMessage message) {
    String chatId = message.to().address();
    String text = message.body() == null ? "" : message.body();
    List<String> parts = text.isBlank() && !message.attachments().isEmpty() ? List.of() : parts(text);
    Long quoted = quotedMessageId(message.replyToProviderId(), inbox, chatId);
    return sendParts(inbox, chatId, quoted, parts, 0, null)
        .compose(first -> sendFiles(inbox, chatId, quoted, message.attachments(), 0, first))
        .map(first -> DeliveryReceipt.sent(message.messageId(), "tg:" + inbox.botId() + ":" + chatId + ":" + first))
        .recover(e -> {
          if (e instanceof TelegramApiException t && !TelegramErrors.isTransient(t)) {
            log.info("telegram deliver: Telegram refused message {} (error {})", message.messageId(), t.errorCode());
            return Future.succeededFuture(DeliveryReceipt.failed(message.messageId(), null, TelegramErrors.refused(t)));
          }
          String why = e instanceof TelegramApiException t ? TelegramErrors.passing(t) : TelegramApi.scrub(e, inbox);
          return Future.failedFuture(new IllegalStateException(why, e));
        });
  }

  /** Sends parts from {@code index} on; completes with the first part's Telegram message id. */
  private Future<Long> sendParts(TelegramInbox inbox, String chatId, Long quoted, List<String> parts, int index,
      Long first) {
    if (index == parts.size()) {
      return Future.succeededFuture(first);
    }
    JsonObject params = quoting(new JsonObject().put("chat_id", chatId).put("text", parts.get(index)),
        first == null ? quoted : null);
    return api.call(inbox, "sendMessage", params)
        .compose(result -> sendParts(inbox, chatId, quoted, parts, index + 1, first == null ? messageId(result) : first));
  }

  /**
   * Telegram's message id inside our provider id {@code tg:{bot id}:{chat id}:{message id}} (see
   * UpdateReader) of the message a reply answers, when it is this bot's chat with this customer; else null.
   */
  static Long quotedMessageId(String providerId, TelegramInbox inbox, String chatId) {
    if (providerId == null) {
      return null;
    }
    String[] parts = providerId.split(":");
    if (parts.length < 4 || !"tg".equals(parts[0]) || !String.valueOf(inbox.botId()).equals(parts[1])
        || !parts[2].equals(chatId)) {
      return null;
    }
    try {
      return Long.parseLong(parts[3]);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The first message of a reply quotes the customer's; sent anyway if that message was deleted meanwhile. */
  private static JsonObject quoting(JsonObject params, Long quoted) {
    return quoted == null ? params : params.put("reply_parameters", new JsonObject().put("message_id", quoted)
        .put("allow_sending_without_reply", true));
  }

  /** Sends files from {@code index} on; completes with the first Telegram message id of the reply. */
  private Future<Long> sendFiles(TelegramInbox inbox, String chatId, Long quoted, List<Attachment> files, int index,
      Long first) {
    if (index == files.size()) {
      return Future.succeededFuture(first);
    }
    Attachment file = files.get(index);
    boolean photo = PHOTO_TYPES.contains(baseType(file.contentType())) && file.size() <= MAX_PHOTO_BYTES;
    JsonObject params = quoting(new JsonObject().put("chat_id", chatId), first == null ? quoted : null);
    return api.upload(inbox, photo ? "sendPhoto" : "sendDocument", params, photo ? "photo" : "document", file)
        .compose(result -> sendFiles(inbox, chatId, quoted, files, index + 1, first == null ? messageId(result) : first));
  }

  private static Long messageId(Object result) {
    return result instanceof JsonObject sent && sent.getValue("message_id") instanceof Number n ? n.longValue() : null;
  }

  private static String baseType(String contentType) {
    return contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
  }

  /** The text cut into pieces Telegram takes, at line breaks where it can; never a broken surrogate pair. */
  static List<String> parts(String text) {
    List<String> out = new ArrayList<>();
    String rest = text;
    while (rest.length() > MAX_TEXT) {
      int cut = rest.lastIndexOf('\n', MAX_TEXT);
      if (cut < MAX_TEXT / 2) {
        cut = MAX_TEXT;
        if (Character.isHighSurrogate(rest.charAt(cut - 1))) {
          cut--;
        }
      }
      out.add(rest.substring(0, cut));
      rest = rest.substring(cut).replaceFirst("^\n", "");
    }
    out.add(rest);
    return out;
  }
}
