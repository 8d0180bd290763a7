package dev.switchboard.connectors.spi;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.List;

/** What the hub offers a connector: the only way a connector reaches customers, conversations and agents. */
public interface ConnectorContext {

  Vertx vertx();

  /** The hub's router; connectors mount their webhooks and sockets here (paths fixed by DESIGN.md). */
  Router router();

  /** The URL providers call this hub on ({@code SWITCHBOARD_PUBLIC_URL}); webhook signatures are computed over it. */
  String publicUrl();

  /** A key for this connector's own signatures (visitor tokens, …), the same on every node. */
  byte[] signingKey(String purpose);

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

  /** The conversation of the customer who owns this identity, or {@code null} when there is none yet. */
  Future<ThreadRef> thread(Identity identity);

  /** Customer-visible messages (in and out, no notes or drafts) after {@code afterSeq}, oldest first. */
  Future<List<JsonObject>> history(long conversationId, long afterSeq, int limit);

  /**
   * Calls {@code handler} with every customer-visible event of this conversation, from every node:
   * {@code {"type":"message", "message":{…}}}, {@code {"type":"typing","state":…,"name":…}},
   * {@code {"type":"moved","conversation_id":…}} (after a merge). Close the returned watch when done.
   */
  Watch watch(long conversationId, Handler<JsonObject> handler);

  /** Tells the agents that the customer is (or stopped) typing. */
  void customerTyping(long conversationId, boolean typing);

  /** Keeps the customer marked online for a while (a heartbeat); agents see it. */
  void customerOnline(ThreadRef thread);

  /**
   * Links the identities a customer proved (a verified email, phone, user id) to the customer
   * behind {@code current}. An anonymous customer proving an identity someone holds is merged into
   * them; two customers that each hold a proven identity never are (only an agent merges those).
   * Unverified details ({@code name}, {@code email}, {@code phone}) are only recorded on the
   * customer, never used to join another customer's conversation.
   * <p>
   * When {@code current} already belongs to another proven person (a shared browser), the address
   * given as {@code details.fresh_visitor} is linked, as an identity of {@code current}'s kind, to
   * the proven customer instead, and the returned thread is theirs: the connector then speaks for
   * that new identity. Without it nothing is linked.
   */
  Future<ThreadRef> identify(Identity current, List<Identity> verified, JsonObject details);

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

  /** Reports a provider's delivery status for an outbound message. */
  Future<Void> receipt(DeliveryReceipt receipt);

  /** An open subscription; {@link #close()} ends it. */
  interface Watch {
    void close();
  }

  /** Thrown for an unknown or disabled inbox. */
  final class NoSuchInboxException extends RuntimeException {
    public NoSuchInboxException(String inboxId) {
      super("no enabled inbox " + inboxId);
    }
  }
}
