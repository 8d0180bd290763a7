package dev.switchboard.hub.limits;

import dev.switchboard.hub.store.RedisScript;
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

  /** Only while the window lasts: a decrement after it would leave a key without expiry. */
  private static final String REFUND = """
      if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('DECR', KEYS[1]) end
      return 0""";

  private final RedisScript count;
  private final RedisScript refund;
  private final String prefix;

  public RateLimiter(RedisAPI redis, String prefix) {
    this.count = new RedisScript(redis, COUNT);
    this.refund = new RedisScript(redis, REFUND);
    this.prefix = prefix + "rate:";
  }

  /**
   * Counts one event for {@code key}; {@code false} once more than {@code limit} happened in the
   * window, which starts at the key's first event (no clock-aligned edge to slip through).
   */
  public Future<Boolean> allow(String key, int limit, int windowSeconds) {
    return count.call(List.of(prefix + key), List.of(String.valueOf(windowSeconds)))
        .map(n -> n.toLong() <= limit)
        .otherwise(true);
  }

  /**
   * Takes back one event counted by {@link #allow} (a login that succeeded need not use up the
   * budget of an office behind one address).
   */
  public Future<Void> refund(String key) {
    return refund.call(List.of(prefix + key), List.of())
        .<Void>mapEmpty()
        .otherwise((Void) null);
  }
}
