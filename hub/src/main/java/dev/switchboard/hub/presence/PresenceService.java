package dev.switchboard.hub.presence;

import dev.switchboard.hub.events.ConversationScope;
import dev.switchboard.hub.events.HubEvent.AgentPresence;
import dev.switchboard.hub.events.HubEvent.CustomerPresence;
import dev.switchboard.hub.events.HubEvents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Who is online, in Redis. An agent's status key lives 25 s and every heartbeat (a pong from any
 * of their sockets) renews it, so a closed laptop goes offline within 30 s without anyone telling
 * us. A per-agent socket count makes a closed last tab offline at once. Visitors work the same way
 * with their own keys.
 *
 * <p>Presence is a nicety, never a reason to fail: when Redis does not answer, heartbeats are
 * skipped and every status reads {@code unknown}, so the inbox keeps working from PostgreSQL.
 */
public final class PresenceService {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PresenceService.class);

  /** Pongs come every 10 s; 25 s without one, plus the 2 s sweep, is offline within 30 s. */
  public static final int TTL_SECONDS = 25;
  /** What a status reads while Redis is not answering. */
  public static final String UNKNOWN = "unknown";

  private final RedisAPI redis;
  private final HubEvents events;
  /** Who may see a conversation: a customer's presence is told only to them. */
  private final Function<Long, Future<ConversationScope>> scopes;
  private final String prefix;
  /** Last status this node told its sockets, per agent: the sweep reports changes (expiries) locally. */
  private final Map<Long, String> known = new ConcurrentHashMap<>();

  public PresenceService(RedisAPI redis, HubEvents events, Function<Long, Future<ConversationScope>> scopes,
      String prefix) {
    this.redis = redis;
    this.events = events;
    this.scopes = scopes;
    this.prefix = prefix;
  }

  public Future<Void> agentConnected(long agentId, String status) {
    return degrade(redis.incr(connKey(agentId))
        .compose(n -> redis.expire(List.of(connKey(agentId), String.valueOf(TTL_SECONDS * 2))))
        .compose(v -> agentHeartbeat(agentId, status)));
  }

  /** Renews the agent's status; announces it when it changed. */
  public Future<Void> agentHeartbeat(long agentId, String status) {
    return degrade(redis.set(List.of(agentKey(agentId), status, "EX", String.valueOf(TTL_SECONDS), "GET"))
        .compose(old -> redis.expire(List.of(connKey(agentId), String.valueOf(TTL_SECONDS * 2)))
            .map(v -> old == null ? null : old.toString()))
        .map(old -> {
          if (!status.equals(old)) {
            announceAgent(agentId, status);
          }
          return null;
        }));
  }

  public Future<Void> agentDisconnected(long agentId) {
    return degrade(redis.decr(connKey(agentId)).compose(n -> {
      if (n.toLong() > 0) {
        return Future.succeededFuture();
      }
      return redis.del(List.of(agentKey(agentId), connKey(agentId)))
          .map(v -> {
            announceAgent(agentId, "offline");
            return null;
          });
    }));
  }

  /** Status per agent id: online, away or offline ({@code unknown} for all while Redis is not answering). */
  public Future<Map<Long, String>> agentStatuses(Collection<Long> agentIds) {
    if (agentIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    List<Long> ids = new ArrayList<>(agentIds);
    List<String> keys = ids.stream().map(this::agentKey).toList();
    return redis.mget(keys).map(values -> {
      Map<Long, String> out = new HashMap<>();
      for (int i = 0; i < ids.size(); i++) {
        Response v = values.get(i);
        String status = v == null ? "offline" : v.toString();
        out.put(ids.get(i), status);
        known.putIfAbsent(ids.get(i), status);
      }
      return out;
    }).otherwise(e -> {
      Map<Long, String> unknown = new HashMap<>();
      ids.forEach(id -> unknown.put(id, UNKNOWN));
      return unknown;
    });
  }

  /** A visitor's heartbeat; agents hear when they come online. */
  public Future<Void> customerSeen(long customerId, long conversationId) {
    return degrade(redis.set(List.of(customerKey(customerId), String.valueOf(conversationId), "EX",
            String.valueOf(TTL_SECONDS + 15), "GET"))
        .compose(old -> old != null ? Future.succeededFuture() : scopes.apply(conversationId).map(scope -> {
          if (scope != null) {
            events.publish(new CustomerPresence(scope, customerId, "online"));
          }
          return null;
        })));
  }

  /** The subset of these customers that is online. */
  public Future<Set<Long>> onlineCustomers(Collection<Long> customerIds) {
    if (customerIds.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    List<Long> ids = new ArrayList<>(customerIds);
    return redis.mget(ids.stream().map(this::customerKey).toList()).map(values -> {
      Set<Long> online = new HashSet<>();
      for (int i = 0; i < ids.size(); i++) {
        if (values.get(i) != null) {
          online.add(ids.get(i));
        }
      }
      return online;
    });
  }

  private static Future<Void> degrade(Future<Void> update) {
    return update.otherwise(e -> {
      log.debug("presence not updated: {}", e.toString());
      return null;
    });
  }

  private void announceAgent(long agentId, String status) {
    known.put(agentId, status);
    events.publish(new AgentPresence(agentId, status));
  }

  /** Reports the agents whose heartbeat ran out since the last sweep ({@link PresenceSweeper}). */
  void sweep() {
    if (known.isEmpty()) {
      return;
    }
    agentStatuses(known.keySet()).onSuccess(now -> now.forEach((id, status) -> {
      String before = known.put(id, status);
      if (before != null && !before.equals(status)) {
        // expiry is noticed by every node's own sweep, so tell only this node's sockets
        events.publishLocally(new AgentPresence(id, status));
      }
    }));
  }

  private String agentKey(long id) {
    return prefix + "presence:agent:" + id;
  }

  private String connKey(long id) {
    return prefix + "presence:agent-sockets:" + id;
  }

  private String customerKey(long id) {
    return prefix + "presence:customer:" + id;
  }
}
