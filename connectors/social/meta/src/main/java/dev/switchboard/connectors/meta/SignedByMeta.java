package dev.switchboard.connectors.meta;

import dev.switchboard.connectors.spi.webhook.Signatures;
import dev.switchboard.connectors.spi.webhook.Webhook;
import dev.switchboard.connectors.spi.webhook.WebhookError;
import dev.switchboard.connectors.spi.webhook.WebhookRequest;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check in front of {@code POST /webhooks/meta}: parses the delivery, finds the inbox of each part
 * (WhatsApp: {@code metadata.phone_number_id}; Messenger and Instagram: {@code entry[].id}) and proves
 * with that inbox's {@code app_secret} that Meta signed the raw body ({@code X-Hub-Signature-256:
 * sha256=<hex HMAC-SHA256>}, compared in constant time).
 *
 * <p>A delivery for no inbox of ours is answered 200 with nothing stored and one log line: Meta
 * disables a webhook that keeps failing, and one app may be subscribed for numbers or pages this hub
 * does not serve.
 */
final class SignedByMeta implements Webhook.Check<MetaBatch> {

  static final String HEADER = "X-Hub-Signature-256";
  private static final Logger log = LoggerFactory.getLogger(SignedByMeta.class);

  private final MetaInboxes inboxes;

  SignedByMeta(MetaInboxes inboxes) {
    this.inboxes = inboxes;
  }

  /** The signature Meta puts in {@link #HEADER} for this body and app secret. */
  static String signature(String appSecret, byte[] body) {
    return "sha256=" + Signatures.hex(Signatures.hmacSha256(appSecret.getBytes(StandardCharsets.UTF_8), body));
  }

  @Override
  public Future<MetaBatch> verify(WebhookRequest request) {
    String given = request.header(HEADER);
    if (given == null) {
      return Future.failedFuture(WebhookError.badSignature(HEADER + " is missing."));
    }
    JsonObject payload;
    try {
      payload = new JsonObject(request.body());
    } catch (DecodeException | ClassCastException e) {
      return Future.failedFuture(WebhookError.badRequest("The body is not a JSON object."));
    }
    String channel = channel(payload.getValue("object"));
    if (channel == null) {
      log.info("meta webhook: object {} is not one this hub serves; ignored", safe(payload.getValue("object")));
      return Future.succeededFuture(MetaBatch.empty());
    }
    List<Future<Optional<MetaBatch.Part>>> lookups = new ArrayList<>();
    for (Object e : array(payload.getValue("entry"))) {
      if (!(e instanceof JsonObject entry)) {
        return Future.failedFuture(WebhookError.badRequest("entry must hold objects."));
      }
      if (MetaConnector.WHATSAPP.equals(channel)) {
        for (Object c : array(entry.getValue("changes"))) {
          if (c instanceof JsonObject change && change.getValue("value") instanceof JsonObject value
              && value.getValue("metadata") instanceof JsonObject metadata) {
            lookups.add(part(channel, text(metadata.getValue("phone_number_id")), value));
          }
        }
      } else {
        lookups.add(part(channel, text(entry.getValue("id")), entry));
      }
    }
    byte[] body = request.body().getBytes();
    return Future.all(lookups).compose(done -> {
      List<MetaBatch.Part> found = new ArrayList<>();
      List<String> unsigned = new ArrayList<>();
      for (Future<Optional<MetaBatch.Part>> f : lookups) {
        f.result().ifPresent(found::add);
      }
      if (found.isEmpty()) {
        log.info("meta webhook: {} delivery for no {} inbox of this hub; nothing stored", channel, channel);
        return Future.succeededFuture(MetaBatch.empty());
      }
      List<MetaBatch.Part> signed = new ArrayList<>();
      for (MetaBatch.Part part : found) {
        if (Signatures.equal(signature(part.inbox().appSecret(), body), given)) {
          signed.add(part);
        } else {
          unsigned.add(part.inbox().id());
        }
      }
      if (signed.isEmpty()) {
        log.warn("meta webhook: bad {} for inbox(es) {}", HEADER, unsigned);
        return Future.failedFuture(WebhookError.badSignature(HEADER + " does not match."));
      }
      if (!unsigned.isEmpty()) {
        log.warn("meta webhook: parts for inbox(es) {} were not signed with their app secret; left out", unsigned);
      }
      return Future.succeededFuture(new MetaBatch(signed));
    });
  }

  private Future<Optional<MetaBatch.Part>> part(String channel, String accountId, JsonObject body) {
    if (accountId == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return inboxes.byAccount(channel, accountId).map(inbox -> inbox.map(i -> new MetaBatch.Part(i, body)));
  }

  private static String channel(Object object) {
    if (!(object instanceof String s)) {
      return null;
    }
    return switch (s) {
      case "whatsapp_business_account" -> MetaConnector.WHATSAPP;
      case "page" -> MetaConnector.MESSENGER;
      case "instagram" -> MetaConnector.INSTAGRAM;
      default -> null;
    };
  }

  static JsonArray array(Object value) {
    return value instanceof JsonArray a ? a : new JsonArray();
  }

  static String text(Object value) {
    return value == null ? null : String.valueOf(value).trim();
  }

  private static String safe(Object value) {
    String s = String.valueOf(value);
    return s.length() > 40 ? s.substring(0, 40) + "…" : s.replaceAll("[\\r\\n]", " ");
  }
}
