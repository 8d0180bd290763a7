package dev.switchboard.hub.store;

import dev.switchboard.hub.HubError;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis commands with a deadline. Every command of {@link RedisAPI} goes through {@link #send}, so
 * this one place bounds them all: a Redis that stalls (not down, just silent) would otherwise hold
 * every request that touches presence or a rate limit for as long as the stall lasts. After a
 * timeout Redis counts as unavailable for a moment and commands fail at once; the first command
 * after that moment probes it again. Callers degrade: limits let requests through, presence says
 * "unknown", PostgreSQL keeps answering.
 */
public final class TimedRedis implements RedisAPI {

  private static final Logger log = LoggerFactory.getLogger(TimedRedis.class);

  /** Redis answers in well under a millisecond here; half a second is a stall, not load. */
  public static final long TIMEOUT_MILLIS = 500;
  /** How long to stop asking after a timeout before one command probes again. */
  static final long PAUSE_MILLIS = 2_000;

  private final RedisAPI redis;
  private volatile long unavailableUntil;

  public TimedRedis(RedisAPI redis) {
    this.redis = redis;
  }

  /** Whether Redis stalled recently (for health and logs): presence and limits are degraded. */
  public boolean degraded() {
    return System.currentTimeMillis() < unavailableUntil;
  }

  @Override
  public Future<Response> send(Command command, String... args) {
    if (degraded()) {
      return Future.failedFuture(HubError.busy("redis is not answering; try again shortly"));
    }
    return redis.send(command, args).timeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .onFailure(e -> {
          if (e instanceof TimeoutException && !degraded()) {
            unavailableUntil = System.currentTimeMillis() + PAUSE_MILLIS;
            log.warn("redis did not answer {} within {} ms; presence and rate limits degrade for now", command,
                TIMEOUT_MILLIS);
          }
        });
  }

  @Override
  public void close() {
    redis.close();
  }
}
