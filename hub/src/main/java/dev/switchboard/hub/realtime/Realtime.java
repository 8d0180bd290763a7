package dev.switchboard.hub.realtime;

import dev.switchboard.hub.agent.SessionsEnded;
import dev.switchboard.hub.conversation.ConversationEvents;
import dev.switchboard.hub.conversation.Message;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans events out to every socket that cares, on every node. Local sockets get them through the
 * event bus at once; other nodes through one Redis pub/sub channel. An event carries the
 * conversation id and seq, so a client that misses one (a dropped pub/sub message, a restart)
 * catches up with {@code after_seq}: pub/sub may be lossy, the timeline never is.
 */
public final class Realtime implements ConversationEvents, SessionsEnded {

  private static final Logger log = LoggerFactory.getLogger(Realtime.class);

  private final Vertx vertx;
  private final Redis redis;
  private final String channel;
  /** Ended sessions travel on their own channel: event envelopes keep their one shape. */
  private final String sessionsChannel;
  private final String nodeId;
  private volatile RedisConnection publisher;
  private volatile RedisConnection subscriber;
  private volatile boolean closed;
  /** How this node's envelopes begin: its own echo from Redis is recognised without parsing. */
  private final String originPrefix;

  public Realtime(Vertx vertx, Redis redis, String prefix, String nodeId) {
    this.vertx = vertx;
    this.redis = redis;
    this.channel = prefix + "events";
    this.sessionsChannel = prefix + "sessions";
    this.nodeId = nodeId;
    this.originPrefix = "{\"origin\":\"" + nodeId + "\",\"conversation_id\":";
  }

  /** Opens the publishing connection and the subscription (each on its own connection). */
  public Future<Void> start() {
    return redis.connect()
        .compose(pub -> {
          publisher = pub;
          pub.exceptionHandler(e -> log.warn("redis publisher: {}", e.getMessage()));
          pub.endHandler(v -> reconnectPublisher());
          return subscribe();
        });
  }

  public void close() {
    closed = true;
    if (publisher != null) {
      publisher.close();
    }
    if (subscriber != null) {
      subscriber.close();
    }
  }

  @Override
  public void messageCreated(Message m) {
    JsonObject agentFrame = new JsonObject().put("type", "message.created")
        .put("conversation_id", m.conversationId()).put("message", m.toAgentJson());
    JsonObject customer = m.customerVisible()
        ? new JsonObject().put("type", "message").put("message", m.toCustomerJson()) : null;
    publish(m.conversationId(), agentFrame, customer);
  }

  @Override
  public void conversationUpdated(long conversationId, JsonObject conversation) {
    publish(conversationId, new JsonObject().put("type", "conversation.updated").put("conversation", conversation),
        null);
  }

  /**
   * After a merge both timelines are renumbered into {@code into}: watchers of either conversation
   * are told to start over from seq 0.
   */
  @Override
  public void conversationMoved(long from, long into) {
    JsonObject agentFrame = new JsonObject().put("type", "conversation.moved").put("conversation_id", from)
        .put("into", into);
    JsonObject customerEvent = new JsonObject().put("type", "moved").put("conversation_id", into);
    publish(from, agentFrame, customerEvent);
    if (from != into) {
      publish(into, agentFrame.copy().put("conversation_id", into), customerEvent);
    }
  }

  /** Agent-socket frame about a conversation (viewing, …), and optionally one for its customer. */
  public void publish(long conversationId, JsonObject agentFrame, JsonObject customerEvent) {
    publish(conversationId, false, agentFrame, customerEvent);
  }

  /**
   * A frame only for the agents viewing this conversation (typing: nobody else needs it, and a
   * typing storm must not reach every agent), and optionally one for its customer.
   */
  public void publishToViewers(long conversationId, JsonObject agentFrame, JsonObject customerEvent) {
    publish(conversationId, true, agentFrame, customerEvent);
  }

  private void publish(long conversationId, boolean viewersOnly, JsonObject agentFrame, JsonObject customerEvent) {
    // each frame is encoded once: for the local sockets and, inside the envelope, for other nodes
    String agent = agentFrame == null ? null : agentFrame.encode();
    String customer = customerEvent == null ? null : customerEvent.encode();
    deliverLocally(conversationId, viewersOnly, agent, customer);
    RedisConnection pub = publisher;
    if (pub != null) {
      String envelope = originPrefix + conversationId + ",\"viewers\":" + viewersOnly + ",\"agent\":" + agent
          + ",\"customer\":" + customer + "}";
      pub.send(Request.cmd(Command.PUBLISH).arg(channel).arg(envelope))
          .onFailure(e -> log.warn("redis publish failed: {}", e.getMessage()));
    }
  }

  /** A frame for every agent socket, not tied to a conversation (presence). */
  public void publishToAgents(JsonObject agentFrame) {
    publish(0, false, agentFrame, null);
  }

  /**
   * Every node's sockets of this agent re-check their token. Pub/sub may drop it (a node
   * resubscribing): sockets also re-check on each ping, so a missed one closes within a ping.
   */
  @Override
  public void sessionsEnded(long agentId) {
    vertx.eventBus().publish(Addresses.SESSIONS_ENDED, agentId);
    RedisConnection pub = publisher;
    if (pub != null) {
      pub.send(Request.cmd(Command.PUBLISH).arg(sessionsChannel).arg(nodeId + " " + agentId))
          .onFailure(e -> log.warn("redis publish failed: {}", e.getMessage()));
    }
  }

  /** A frame for this node's agent sockets only. */
  public void deliverToLocalAgents(JsonObject agentFrame) {
    vertx.eventBus().publish(Addresses.AGENTS, agentFrame.encode());
  }

  private void deliverLocally(long conversationId, boolean viewersOnly, String agent, String customer) {
    EventBus bus = vertx.eventBus();
    if (agent != null) {
      bus.publish(viewersOnly ? Addresses.viewers(conversationId) : Addresses.AGENTS, agent);
    }
    if (customer != null) {
      bus.publish(Addresses.conversation(conversationId), customer);
    }
  }

  private Future<Void> subscribe() {
    return redis.connect().compose(sub -> {
      subscriber = sub;
      sub.handler(this::onPubSub);
      sub.exceptionHandler(e -> log.warn("redis subscriber: {}", e.getMessage()));
      sub.endHandler(v -> resubscribe(500));
      return sub.send(Request.cmd(Command.SUBSCRIBE).arg(channel))
          .compose(x -> sub.send(Request.cmd(Command.SUBSCRIBE).arg(sessionsChannel))).mapEmpty();
    });
  }

  /** Keeps trying, backing off to 10 s: a node that stops hearing other nodes must not stay deaf. */
  private void resubscribe(long delay) {
    if (closed) {
      return;
    }
    log.warn("redis subscription lost; resubscribing in {} ms", delay);
    vertx.setTimer(delay, t -> subscribe()
        .onSuccess(v -> log.info("redis subscription restored"))
        .onFailure(e -> resubscribe(Math.min(10_000, delay * 2))));
  }

  private void reconnectPublisher() {
    if (closed) {
      return;
    }
    publisher = null;
    vertx.setTimer(500, t -> redis.connect()
        .onSuccess(c -> {
          publisher = c;
          c.endHandler(v -> reconnectPublisher());
        })
        .onFailure(e -> reconnectPublisher()));
  }

  private void onSessionsEnded(String payload) {
    int space = payload.indexOf(' ');
    if (space < 0 || payload.substring(0, space).equals(nodeId)) {
      return; // malformed, or ours: delivered locally already
    }
    try {
      vertx.eventBus().publish(Addresses.SESSIONS_ENDED, Long.parseLong(payload.substring(space + 1)));
    } catch (NumberFormatException e) {
      log.warn("ignoring a malformed session event from redis");
    }
  }

  private void onPubSub(Response r) {
    if (r.type() != ResponseType.PUSH && r.type() != ResponseType.MULTI) {
      return;
    }
    if (r.size() < 3 || !"message".equals(r.get(0).toString())) {
      return;
    }
    String payload = r.get(2).toString();
    if (payload.startsWith(originPrefix)) {
      return; // our own event, delivered locally already
    }
    if (sessionsChannel.equals(r.get(1).toString())) {
      onSessionsEnded(payload);
      return;
    }
    try {
      JsonObject envelope = new JsonObject(payload);
      JsonObject agent = envelope.getJsonObject("agent");
      JsonObject customer = envelope.getJsonObject("customer");
      deliverLocally(envelope.getLong("conversation_id"), envelope.getBoolean("viewers", false),
          agent == null ? null : agent.encode(),
          customer == null ? null : customer.encode());
    } catch (RuntimeException e) {
      log.warn("ignoring a malformed event from redis: {}", e.getMessage());
    }
  }
}
