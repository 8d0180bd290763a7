package dev.switchboard.connectors.spi;

import dev.switchboard.connectors.spi.webhook.Webhook;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * What the hub offers every connector: the only way a connector reaches customers, conversations and
 * agents. This is what a provider-webhook or polling channel (SMS, email, social DMs) needs; a channel
 * that holds the customer's own socket open (the web widget) gets more from {@link #live()}.
 */
public interface ConnectorContext {

  Vertx vertx();

  /** The URL providers call this hub on ({@code SWITCHBOARD_PUBLIC_URL}); webhook signatures are computed over it. */
  String publicUrl();

  /** A key for this connector's own signatures (visitor tokens, …), the same on every node. */
  byte[] signingKey(String purpose);

  /**
   * Serves a provider's webhook on the hub (paths fixed by DESIGN.md): its body limit, signature
   * check, JSON errors and "2xx only after the commit" come with {@link Webhook}.
   */
  void mountWebhook(Webhook webhook);

  /** The enabled inbox with this id, secrets included; fails with {@link NoSuchInboxException} otherwise. */
  Future<InboxConfig> inbox(String inboxId);

  /**
   * Every enabled inbox of a channel, secrets included (a webhook finds its inbox by the number or
   * account it was sent to; a poller polls each). Changes show within seconds, on every node.
   */
  Future<List<InboxConfig>> inboxes(String channel);

  /** A connector's own durable state (an IMAP mailbox's last UID, …), or an empty object. */
  Future<JsonObject> loadState(String key);

  /** Stores a connector's state under {@code key}, replacing what was there. */
  Future<Void> saveState(String key, JsonObject state);

  /**
   * Stores one inbound message in the customer's conversation. Completes only after the commit, so
   * the connector acknowledges the provider afterwards. A repeated provider id completes with the
   * first message's {@link Accepted} and {@code duplicate = true}; nothing is stored twice. Fails
   * with {@link InboundRejectedException} when the message can never be stored (the hub has set it
   * aside already): acknowledge it and go on. Any other failure means "try again later".
   */
  Future<Accepted> receive(InboundMessage message);

  /**
   * Puts one inbound message aside instead of into a conversation, where admins see it
   * ({@code GET /api/v1/set-aside}): a message the hub refused on every try, an auto-reply, a bounce.
   * Completes after the commit; only then may the connector acknowledge the provider and go on.
   * A repeated {@code (channel, providerId)} is stored once. Failing means "not recorded": keep the
   * message and try again later, never drop it.
   *
   * @param reason a short word or phrase for admins: {@code auto-reply}, {@code bounce},
   *               {@code refused: …}
   */
  Future<Void> setAside(InboundMessage message, String reason);

  /** Reports a provider's delivery status for an outbound message. */
  Future<Void> receipt(DeliveryReceipt receipt);

  /**
   * The address a per-address flood limit counts for this request: the peer, or the client a
   * trusted proxy names ({@code SWITCHBOARD_TRUSTED_PROXIES}).
   */
  default String clientAddress(HttpServerRequest request) {
    return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
  }

  /**
   * Counts one event under {@code key} in a counter every node shares; {@code false} once more than
   * {@code limit} happened within {@code windowSeconds}. For flood limits (new visitors per address, …).
   */
  Future<Boolean> allow(String key, int limit, int windowSeconds);

  /**
   * The hub's offer to channels that keep the customer's socket open (watching the conversation,
   * typing, history, identity proofs), or empty where there is none (a connector's unit-test fake).
   */
  default Optional<LiveChannelContext> live() {
    return Optional.empty();
  }

  /** Thrown for an unknown or disabled inbox. */
  final class NoSuchInboxException extends RuntimeException {
    public NoSuchInboxException(String inboxId) {
      super("no enabled inbox " + inboxId);
    }
  }
}
