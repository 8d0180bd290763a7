package dev.switchboard.hub.ops;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import java.util.List;

/** {@code GET /health}: 200 when PostgreSQL and Redis both answer within two seconds, else 503. */
public final class Health implements Handler<RoutingContext> {

  private static final long TIMEOUT_MILLIS = 2_000;

  private final Pool pool;
  private final RedisAPI redis;

  public Health(Pool pool, RedisAPI redis) {
    this.pool = pool;
    this.redis = redis;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Future<String> pg = check(pool.query("select 1").execute().mapEmpty(), ctx);
    Future<String> rd = check(redis.ping(List.of()).mapEmpty(), ctx);
    Future.join(pg, rd).onComplete(done -> {
      boolean up = "up".equals(pg.result()) && "up".equals(rd.result());
      ctx.response().setStatusCode(up ? 200 : 503).putHeader("content-type", "application/json")
          .putHeader("cache-control", "no-store")
          .end(new JsonObject().put("status", up ? "ok" : "down")
              .put("checks", new JsonObject().put("postgres", pg.result()).put("redis", rd.result())).encode());
    });
  }

  private static Future<String> check(Future<Object> probe, RoutingContext ctx) {
    return probe.timeout(TIMEOUT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)
        .map(v -> "up").otherwise("down");
  }
}
