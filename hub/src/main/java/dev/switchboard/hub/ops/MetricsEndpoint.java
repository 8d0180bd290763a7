package dev.switchboard.hub.ops;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /metrics}: open by default (scrapers on a private network), or, with
 * {@code SWITCHBOARD_METRICS_TOKEN} set, only for {@code Authorization: Bearer} that token.
 */
public final class MetricsEndpoint implements Handler<RoutingContext> {

  private final Metrics metrics;
  private final byte[] expected;

  public MetricsEndpoint(Metrics metrics, String token) {
    this.metrics = metrics;
    this.expected = token == null || token.isBlank() ? null : ("Bearer " + token.trim()).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (expected != null) {
      String given = ctx.request().getHeader("authorization");
      if (given == null || !MessageDigest.isEqual(expected, given.trim().getBytes(StandardCharsets.UTF_8))) {
        ctx.response().setStatusCode(401).putHeader("content-type", "application/json")
            .putHeader("www-authenticate", "Bearer")
            .end(new JsonObject().put("error", "unauthorized").put("message", "metrics need the metrics token").encode());
        return;
      }
    }
    ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.render());
  }
}
