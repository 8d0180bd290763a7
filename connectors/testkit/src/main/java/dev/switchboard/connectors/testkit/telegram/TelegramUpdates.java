package dev.switchboard.connectors.testkit.telegram;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls the hub's Telegram webhook the way Telegram does: a JSON {@code Update} POSTed with
 * {@code X-Telegram-Bot-Api-Secret-Token}, and builds updates in the Bot API's own shape (a private
 * chat, the user as {@code from} and {@code chat}).
 */
public final class TelegramUpdates {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The user behind a private chat: in a private chat the chat id is the user id. */
  public static JsonObject user(long id, String firstName, String lastName) {
    JsonObject user = new JsonObject().put("id", id).put("is_bot", false).put("first_name", firstName);
    if (lastName != null) {
      user.put("last_name", lastName);
    }
    return user.put("username", firstName.toLowerCase() + id).put("language_code", "en");
  }

  /** A {@code message} update from {@code user} in their private chat with the bot, without content yet. */
  public static JsonObject message(long updateId, long messageId, JsonObject user) {
    JsonObject chat = new JsonObject().put("id", user.getLong("id")).put("first_name", user.getString("first_name"))
        .put("username", user.getString("username")).put("type", "private");
    if (user.containsKey("last_name")) {
      chat.put("last_name", user.getString("last_name"));
    }
    JsonObject message = new JsonObject().put("message_id", messageId).put("from", user.copy()).put("chat", chat)
        .put("date", 1_732_900_000L + messageId);
    return new JsonObject().put("update_id", updateId).put("message", message);
  }

  /** A text message update. */
  public static JsonObject text(long updateId, long messageId, JsonObject user, String text) {
    JsonObject update = message(updateId, messageId, user);
    update.getJsonObject("message").put("text", text);
    return update;
  }

  /** A photo as Telegram sends one: several sizes of the same picture, smallest first. */
  public static JsonObject photo(long updateId, long messageId, JsonObject user, String caption, JsonArray sizes) {
    JsonObject update = message(updateId, messageId, user);
    update.getJsonObject("message").put("photo", sizes);
    if (caption != null) {
      update.getJsonObject("message").put("caption", caption);
    }
    return update;
  }

  /** One {@code PhotoSize}. */
  public static JsonObject photoSize(String fileId, int width, int height, int fileSize) {
    return new JsonObject().put("file_id", fileId).put("file_unique_id", "U" + fileId)
        .put("file_size", fileSize).put("width", width).put("height", height);
  }

  /**
   * A shared contact; {@code contactUserId} is what Telegram sets when the number is a Telegram user's
   * (the sender's own id when they shared their own number), or {@code null}.
   */
  public static JsonObject contact(long updateId, long messageId, JsonObject user, String phone, String firstName,
      Long contactUserId) {
    JsonObject update = message(updateId, messageId, user);
    JsonObject contact = new JsonObject().put("phone_number", phone).put("first_name", firstName);
    if (contactUserId != null) {
      contact.put("user_id", contactUserId);
    }
    update.getJsonObject("message").put("contact", contact);
    return update;
  }

  /** POSTs an update with the secret token header, or without it when {@code secretToken} is {@code null}. */
  public HttpResponse<String> post(String url, String secretToken, JsonObject update) {
    return post(url, secretToken, update.encode());
  }

  public HttpResponse<String> post(String url, String secretToken, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (secretToken != null) {
      request.header("X-Telegram-Bot-Api-Secret-Token", secretToken);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
