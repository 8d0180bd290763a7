package dev.switchboard.hub.store;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), so each call sends a digest instead of the
 * source. The digest is computed here, as Redis computes it, so no {@code SCRIPT LOAD} round trip is
 * needed up front; when Redis does not know the script (first use, a restart, {@code SCRIPT FLUSH},
 * a failover) it answers {@code NOSCRIPT} and the call is repeated once with {@code EVAL}, which
 * also caches the script again.
 */
public final class RedisScript {

  private final RedisAPI redis;
  private final String source;
  private final String sha;

  public RedisScript(RedisAPI redis, String source) {
    this.redis = redis;
    this.source = source;
    this.sha = sha1(source);
  }

  /** Runs the script with these keys and arguments. */
  public Future<Response> call(List<String> keys, List<String> args) {
    return redis.evalsha(arguments(sha, keys, args))
        .recover(e -> noScript(e) ? redis.eval(arguments(source, keys, args)) : Future.failedFuture(e));
  }

  public String sha() {
    return sha;
  }

  private static List<String> arguments(String script, List<String> keys, List<String> args) {
    List<String> all = new ArrayList<>(2 + keys.size() + args.size());
    all.add(script);
    all.add(String.valueOf(keys.size()));
    all.addAll(keys);
    all.addAll(args);
    return all;
  }

  private static boolean noScript(Throwable e) {
    return e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT");
  }

  private static String sha1(String source) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
