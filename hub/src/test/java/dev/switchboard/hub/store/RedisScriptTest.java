package dev.switchboard.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A script Redis has never seen runs at once (EVAL after NOSCRIPT), and by its digest afterwards. */
class RedisScriptTest {

  static Vertx vertx;
  static RedisAPI redis;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    redis = RedisAPI.api(Redis.createClient(vertx, "redis://localhost:6379"));
  }

  @AfterAll
  static void stop() {
    redis.close();
    vertx.close();
  }

  @Test
  void anUnknownScriptIsSentOnceThenCalledByItsDigest() throws Exception {
    // a comment no other script has: new to Redis, without flushing anyone else's scripts
    RedisScript script = new RedisScript(redis, "-- " + UUID.randomUUID() + "\nreturn tonumber(ARGV[1]) + #KEYS");
    assertEquals(0, await(redis.script(List.of("EXISTS", script.sha()))).get(0).toInteger());

    assertEquals(42, await(script.call(List.of("a", "b"), List.of("40"))).toInteger());
    assertEquals(1, await(redis.script(List.of("EXISTS", script.sha()))).get(0).toInteger(),
        "EVAL cached it under the digest computed here");
    assertEquals(8, await(script.call(List.of("k"), List.of("7"))).toInteger());
  }

  @Test
  void aFailingScriptFailsWithoutARetry() {
    RedisScript script = new RedisScript(redis, "-- " + UUID.randomUUID() + "\nreturn redis.error_reply('nope')");
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(script.call(List.of(), List.of())));
    assertTrue(e.getCause().getMessage().contains("nope"), e.getCause().getMessage());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
