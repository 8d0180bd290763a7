package dev.switchboard.hub.limits;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.List;

/**
 * Fixed-window counters in Redis, shared by every node: a flood spread over nodes is still one
 * flood. If Redis does not answer, requests are let through: a limiter must not take the hub down
 * (the Redis client fails a stalled command within half a second, see TimedRedis).
 */
public final class RateLimiter {

  /** Count and start the window in one step: a lost EXPIRE after an INCR would never reset. */
  private static final String COUNT = """
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
      return n""";

  private final RedisAPI redis;
  private final String prefix;

  public RateLimiter(RedisAPI redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix + "rate:";
  }

  /**
   * Counts one event for {@code key}; {@code false} once more than {@code limit} happened in the
   * window, which starts at the key's first event (no clock-aligned edge to slip through).
   */
  public Future<Boolean> allow(String key, int limit, int windowSeconds) {
    return redis.eval(List.of(COUNT, "1", prefix + key, String.valueOf(windowSeconds)))
        .map(n -> n.toLong() <= limit)
        .otherwise(true);
  }

  /**
   * Takes back one event counted by {@link #allow} (a login that succeeded need not use up the
   * budget of an office behind one address). Only while the window lasts: a decrement after it
   * would leave a key without expiry.
   */
  public Future<Void> refund(String key) {
    return redis.eval(List.of("if redis.call('exists', KEYS[1]) == 1 then redis.call('decr', KEYS[1]) end return 0",
            "1", prefix + key))
        .<Void>mapEmpty()
        .otherwise((Void) null);
  }
}
