package dev.switchboard.hub.store;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.List;

/**
 * A Redis lease for periodic work one node of the deployment should do at a time: the first node to
 * take it holds it for the given time (nobody releases it, so a node that dies holding it lets go by
 * itself). When Redis does not answer the future fails and the work waits for the next period.
 */
public final class Lease {

  private final RedisAPI redis;
  private final String key;

  public Lease(RedisAPI redis, String redisPrefix, String name) {
    this.redis = redis;
    this.key = redisPrefix + "lease:" + name;
  }

  /** True when this node took the lease for {@code millis}; false when another node holds it. */
  public Future<Boolean> take(String nodeId, long millis) {
    return redis.set(List.of(key, nodeId, "NX", "PX", String.valueOf(millis))).map(r -> r != null);
  }
}
