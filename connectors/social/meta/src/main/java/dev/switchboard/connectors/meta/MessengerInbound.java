package dev.switchboard.connectors.meta;

import dev.switchboard.connectors.spi.Attachment;
import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.InboundMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Messenger ({@code object: page}) or Instagram ({@code object: instagram}) {@code entry}: its
 * {@code messaging[]} events in order. Messages are stored with their {@code mid} as idempotency key
 * (attachments downloaded from their URLs, size-limited); delivery and read events become receipts
 * that only move forward.
 *
 * <p>Echoes ({@code is_echo}: the page's own sends) are never stored: an echo of a hub reply would be
 * the same message twice, and one sent from Meta's own inbox (Business Suite) is left there; agents
 * who answer in the hub see their answers in the hub.
 */
final class MessengerInbound {

  private static final Logger log = LoggerFactory.getLogger(MessengerInbound.class);
  private static final int MAX_ATTACHMENTS = 10;

  private final ConnectorContext hub;
  private final MediaDownloads media;
  private final SentLog sent;
  private final ProfileNames names;

  MessengerInbound(ConnectorContext hub, MediaDownloads media, SentLog sent, ProfileNames names) {
    this.hub = hub;
    this.media = media;
    this.sent = sent;
    this.names = names;
  }

  Future<Void> handle(MetaInbox inbox, JsonObject entry) {
    Future<Void> done = Future.succeededFuture();
    for (Object e : SignedByMeta.array(entry.getValue("messaging"))) {
      if (e instanceof JsonObject event) {
        done = done.compose(v -> event(inbox, event));
      }
    }
    return done;
  }

  private Future<Void> event(MetaInbox inbox, JsonObject event) {
    String customer = event.getValue("sender") instanceof JsonObject s ? SignedByMeta.text(s.getValue("id")) : null;
    if (event.getValue("message") instanceof JsonObject message) {
      if (message.getBoolean("is_echo", false)) {
        return Future.succeededFuture();
      }
      return store(inbox, customer, message);
    }
    if (event.getValue("postback") instanceof JsonObject postback) {
      // a tapped button; older API versions give it no mid, so its time is the key of a repeat
      String mid = postback.getString("mid", "postback." + customer + "." + event.getValue("timestamp"));
      return store(inbox, customer, postback.copy().put("mid", mid).put("text", postback.getString("title", "")));
    }
    if (event.getValue("delivery") instanceof JsonObject delivery) {
      List<Future<Void>> receipts = new ArrayList<>();
      for (Object mid : SignedByMeta.array(delivery.getValue("mids"))) {
        receipts.add(hub.receipt(new DeliveryReceipt(0, String.valueOf(mid), "delivered", null)));
      }
      Long watermark = delivery.getValue("watermark") instanceof Number n ? n.longValue() : null;
      return Future.all(receipts).compose(v -> watermark == null || customer == null ? Future.succeededFuture()
          : sent.upTo(inbox, customer, watermark, null, "delivered"));
    }
    if (event.getValue("read") instanceof JsonObject read) {
      Long watermark = read.getValue("watermark") instanceof Number n ? n.longValue() : null;
      String mid = read.getString("mid");
      if (customer == null || (watermark == null && mid == null)) {
        return Future.succeededFuture();
      }
      Future<Void> exact = mid == null ? Future.succeededFuture()
          : hub.receipt(new DeliveryReceipt(0, mid, "read", null));
      return exact.compose(v -> sent.upTo(inbox, customer, watermark, mid, "read"));
    }
    log.debug("meta {}: event without message, delivery or read ignored: {}", inbox.channel(), event.fieldNames());
    return Future.succeededFuture();
  }

  private Future<Void> store(MetaInbox inbox, String customer, JsonObject message) {
    String mid = SignedByMeta.text(message.getValue("mid"));
    if (customer == null || customer.isEmpty() || mid == null || mid.isEmpty()) {
      return Future.failedFuture(dev.switchboard.connectors.spi.webhook.WebhookError.badRequest(
          "A " + inbox.channel() + " message needs its sender and mid."));
    }
    Identity from = new Identity(inbox.channel(), customer);
    List<String> lines = new ArrayList<>();
    String text = message.getString("text");
    if (text != null && !text.isEmpty()) {
      lines.add(text);
    }
    List<Future<MediaDownloads.Fetched>> files = new ArrayList<>();
    int n = 0;
    for (Object a : SignedByMeta.array(message.getValue("attachments"))) {
      if (!(a instanceof JsonObject attachment) || n++ >= MAX_ATTACHMENTS) {
        continue;
      }
      String type = attachment.getString("type", "unknown");
      JsonObject payload = attachment.getValue("payload") instanceof JsonObject p ? p : new JsonObject();
      String url = payload.getString("url");
      if ("location".equals(type) && payload.getValue("coordinates") instanceof JsonObject c) {
        lines.add("Location: " + c.getValue("lat") + ", " + c.getValue("long"));
      } else if (url != null && List.of("image", "video", "audio", "file").contains(type)) {
        files.add(media.url(inbox, type, url));
      } else if (url != null) {
        // a share, a story mention, a reel, a fallback link: the link is what there is
        lines.add("[" + type.replaceAll("[^A-Za-z0-9_ -]", "") + "] " + url);
      } else {
        lines.add(WhatsAppInbound.unsupported(type));
      }
    }
    if (lines.isEmpty() && files.isEmpty()) {
      lines.add(WhatsAppInbound.unsupported(message.containsKey("is_deleted") ? "deleted" : "empty"));
    }
    Future<String> name = names.of(inbox, customer);
    return Future.join(files).otherwiseEmpty().compose(v -> name).compose(senderName -> {
      List<Attachment> attachments = new ArrayList<>();
      for (Future<MediaDownloads.Fetched> f : files) {
        MediaDownloads.Fetched fetched = f.result();
        if (fetched.attachment() != null) {
          attachments.add(fetched.attachment());
        } else {
          lines.add(fetched.placeholder());
        }
      }
      return hub.receive(new InboundMessage(inbox.id(), inbox.channel(), from, senderName, String.join("\n", lines), null,
          attachments, mid, null)).transform(MetaBatch::nextEvenIfRefused);
    });
  }
}
