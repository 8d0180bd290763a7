package dev.switchboard.connectors.spi;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * What the hub offers a channel whose customers hold a live socket to it (the web widget): their
 * conversation as it happens, their typing and presence, their history, and proving who they are.
 * Obtained from {@link ConnectorContext#live()}; provider-webhook channels never need it.
 */
public interface LiveChannelContext extends ConnectorContext {

  /**
   * Serves {@code GET path} with {@code route}, which checks the request and then upgrades it
   * ({@code ctx.request().toWebSocket()}): sockets are authenticated before they open.
   */
  void mountSocket(String path, Handler<RoutingContext> route);

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

  /** An open subscription; {@link #close()} ends it. */
  interface Watch {
    void close();
  }
}
