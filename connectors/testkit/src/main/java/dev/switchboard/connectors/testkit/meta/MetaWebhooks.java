package dev.switchboard.connectors.testkit.meta;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Calls the hub's {@code /webhooks/meta} the way Meta does: JSON POSTs signed with
 * {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed with the app secret>}
 * (computed here from Meta's description, not with the connector's code), and the subscription check
 * {@code GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…}. Payload builders give Meta's
 * shapes for WhatsApp ({@code whatsapp_business_account}), Messenger ({@code page}) and Instagram.
 */
public final class MetaWebhooks {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public static String signature(String appSecret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** POSTs {@code payload} signed with {@code appSecret} (or unsigned when it is {@code null}). */
  public HttpResponse<String> signed(String url, String appSecret, JsonObject payload) {
    return post(url, appSecret, payload.encode().getBytes(StandardCharsets.UTF_8));
  }

  public HttpResponse<String> post(String url, String appSecret, byte[] body) {
    return post(url, body, appSecret == null ? null : signature(appSecret, body));
  }

  /** POSTs {@code body} with this {@code X-Hub-Signature-256} value (a replayed or forged one), or none. */
  public HttpResponse<String> post(String url, byte[] body, String signatureHeader) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json")
        .header("user-agent", "facebookexternalua")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signatureHeader != null) {
      request.header("X-Hub-Signature-256", signatureHeader);
    }
    return send(request.build());
  }

  /** Meta's check when the callback URL is registered. */
  public HttpResponse<String> verify(String url, String mode, String verifyToken, String challenge) {
    String query = "hub.mode=" + enc(mode) + "&hub.verify_token=" + enc(verifyToken) + "&hub.challenge=" + enc(challenge);
    return send(HttpRequest.newBuilder(URI.create(url + "?" + query)).timeout(Duration.ofSeconds(20)).GET().build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the hub did not answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // --- WhatsApp Cloud API ------------------------------------------------------------------------

  /** A {@code messages} webhook with one message of the customer {@code waId} (Meta's digits, no +). */
  public static JsonObject whatsapp(String phoneNumberId, String waId, String name, JsonObject message) {
    JsonObject value = new JsonObject().put("messaging_product", "whatsapp")
        .put("metadata", new JsonObject().put("display_phone_number", "15550783881").put("phone_number_id", phoneNumberId))
        .put("contacts", new JsonArray().add(new JsonObject().put("profile", new JsonObject().put("name", name))
            .put("wa_id", waId)))
        .put("messages", new JsonArray().add(message.put("from", waId)));
    return whatsappChange(value);
  }

  public static JsonObject whatsappChange(JsonObject value) {
    return new JsonObject().put("object", "whatsapp_business_account")
        .put("entry", new JsonArray().add(new JsonObject().put("id", FakeMeta.WABA_ID)
            .put("changes", new JsonArray().add(new JsonObject().put("value", value).put("field", "messages")))));
  }

  public static JsonObject text(String wamid, String body) {
    return message(wamid, "text").put("text", new JsonObject().put("body", body));
  }

  /** An image, audio, video, document or sticker by media id, as Meta sends it. */
  public static JsonObject media(String wamid, String type, String mediaId, String mimeType, String caption) {
    JsonObject part = new JsonObject().put("mime_type", mimeType).put("sha256", "IGNORED").put("id", mediaId);
    if (caption != null) {
      part.put("caption", caption);
    }
    if ("document".equals(type)) {
      part.put("filename", "invoice.pdf");
    }
    return message(wamid, type).put(type, part);
  }

  public static JsonObject buttonReply(String wamid, String id, String title) {
    return message(wamid, "interactive").put("interactive", new JsonObject().put("type", "button_reply")
        .put("button_reply", new JsonObject().put("id", id).put("title", title)));
  }

  public static JsonObject location(String wamid, double latitude, double longitude, String name, String address) {
    return message(wamid, "location").put("location", new JsonObject().put("latitude", latitude)
        .put("longitude", longitude).put("name", name).put("address", address));
  }

  public static JsonObject reaction(String wamid, String reactedTo, String emoji) {
    return message(wamid, "reaction").put("reaction", new JsonObject().put("message_id", reactedTo).put("emoji", emoji));
  }

  private static JsonObject message(String wamid, String type) {
    return new JsonObject().put("id", wamid).put("timestamp", String.valueOf(System.currentTimeMillis() / 1000))
        .put("type", type);
  }

  /** A {@code statuses} webhook for one of the business's messages; {@code errorCode} for failures. */
  public static JsonObject status(String phoneNumberId, String wamid, String status, String recipient,
      Integer errorCode, String errorTitle) {
    JsonObject s = new JsonObject().put("id", wamid).put("status", status)
        .put("timestamp", String.valueOf(System.currentTimeMillis() / 1000)).put("recipient_id", recipient);
    if (errorCode != null) {
      s.put("errors", new JsonArray().add(new JsonObject().put("code", errorCode).put("title", errorTitle)
          .put("message", errorTitle).put("error_data", new JsonObject().put("details", errorTitle))));
    }
    return whatsappChange(new JsonObject().put("messaging_product", "whatsapp")
        .put("metadata", new JsonObject().put("display_phone_number", "15550783881").put("phone_number_id", phoneNumberId))
        .put("statuses", new JsonArray().add(s)));
  }

  // --- Messenger and Instagram -------------------------------------------------------------------

  /** {@code object} is {@code page} (Messenger) or {@code instagram}; {@code account} the page or Instagram id. */
  public static JsonObject messaging(String object, String account, JsonObject event) {
    return new JsonObject().put("object", object).put("entry", new JsonArray().add(new JsonObject()
        .put("id", account).put("time", System.currentTimeMillis()).put("messaging", new JsonArray().add(event))));
  }

  /** A customer's message ({@code text} and/or attachments of {@code {type, payload:{url}}}). */
  public static JsonObject customerMessage(String account, String customer, String mid, String text, JsonArray attachments) {
    JsonObject message = new JsonObject().put("mid", mid);
    if (text != null) {
      message.put("text", text);
    }
    if (attachments != null) {
      message.put("attachments", attachments);
    }
    return new JsonObject().put("sender", new JsonObject().put("id", customer))
        .put("recipient", new JsonObject().put("id", account)).put("timestamp", System.currentTimeMillis())
        .put("message", message);
  }

  /** The echo of a message the page sent to {@code customer}. */
  public static JsonObject echo(String account, String customer, String mid, String text) {
    return new JsonObject().put("sender", new JsonObject().put("id", account))
        .put("recipient", new JsonObject().put("id", customer)).put("timestamp", System.currentTimeMillis())
        .put("message", new JsonObject().put("is_echo", true).put("app_id", 1517776481860111L).put("mid", mid).put("text", text));
  }

  public static JsonObject delivery(String account, String customer, JsonArray mids, long watermark) {
    JsonObject delivery = new JsonObject().put("watermark", watermark);
    if (mids != null) {
      delivery.put("mids", mids);
    }
    return new JsonObject().put("sender", new JsonObject().put("id", customer))
        .put("recipient", new JsonObject().put("id", account)).put("delivery", delivery);
  }

  public static JsonObject read(String account, String customer, long watermark) {
    return new JsonObject().put("sender", new JsonObject().put("id", customer))
        .put("recipient", new JsonObject().put("id", account)).put("timestamp", System.currentTimeMillis())
        .put("read", new JsonObject().put("watermark", watermark));
  }
}
