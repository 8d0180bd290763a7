package dev.switchboard.hub.events;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
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
 * Carries events between nodes on one Redis pub/sub channel, publishing and subscribing on
 * connections of their own. An envelope is {@code {"origin":NODE,"event":{...}}}: a node
 * recognises its own echo by its first bytes, without parsing it.
 */
final class EventRelay {

  private static final Logger log = LoggerFactory.getLogger(EventRelay.class);

  private final Vertx vertx;
  private final Redis redis;
  private final String channel;
  private final String originPrefix;
  private final Handler<HubEvent> fromOtherNodes;
  private volatile RedisConnection publisher;
  private volatile RedisConnection subscriber;
  private volatile boolean closed;

  EventRelay(Vertx vertx, Redis redis, String channel, String nodeId, Handler<HubEvent> fromOtherNodes) {
    this.vertx = vertx;
    this.redis = redis;
    this.channel = channel;
    this.originPrefix = "{\"origin\":" + Json.encode(nodeId) + ",\"event\":";
    this.fromOtherNodes = fromOtherNodes;
  }

  Future<Void> start() {
    return redis.connect().compose(pub -> {
      publisher = pub;
      pub.exceptionHandler(e -> log.warn("redis publisher: {}", e.getMessage()));
      pub.endHandler(v -> reconnectPublisher());
      return subscribe();
    });
  }

  void close() {
    closed = true;
    if (publisher != null) {
      publisher.close();
    }
    if (subscriber != null) {
      subscriber.close();
    }
  }

  /** Best effort: a lost event is caught up by {@code sync}, never lost from the timeline. */
  void send(HubEvent event) {
    RedisConnection pub = publisher;
    if (pub == null) {
      return;
    }
    String envelope = originPrefix + HubEventJson.toJson(event).encode() + "}";
    pub.send(Request.cmd(Command.PUBLISH).arg(channel).arg(envelope))
        .onFailure(e -> log.warn("redis publish failed: {}", e.getMessage()));
  }

  private Future<Void> subscribe() {
    return redis.connect().compose(sub -> {
      subscriber = sub;
      sub.handler(this::onPubSub);
      sub.exceptionHandler(e -> log.warn("redis subscriber: {}", e.getMessage()));
      sub.endHandler(v -> resubscribe(500));
      return sub.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).mapEmpty();
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
    try {
      HubEvent event = HubEventJson.fromJson(new JsonObject(payload).getJsonObject("event"));
      if (event == null) {
        log.debug("ignoring an event of a kind this node does not know");
        return;
      }
      fromOtherNodes.handle(event);
    } catch (RuntimeException e) {
      log.warn("ignoring a malformed event from redis: {}", e.getMessage());
    }
  }
}
