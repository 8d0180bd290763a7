package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.ops.Metrics;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into {@code {error, message}}: a {@link HubError} as it says, a failed request
 * without one by its status, anything else a logged 500. Never leaks internals.
 */
public final class ApiErrors implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  private final Metrics metrics;

  public ApiErrors(Metrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Throwable e = ctx.failure();
    int status;
    String code;
    String message;
    if (e instanceof HubError h) {
      status = h.status();
      code = h.code();
      message = h.getMessage();
      if (h.retryAfterSeconds() > 0) {
        ctx.response().putHeader("retry-after", Integer.toString(h.retryAfterSeconds()));
      }
    } else if (e == null) {
      status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      code = status == 413 ? "too_large" : status == 404 ? "not_found" : status == 405 ? "method_not_allowed"
          : status < 500 ? "bad_request" : "internal";
      message = status != 413 ? "request failed with " + status
          : "/api/v1/attachments".equals(ctx.request().path())
              ? "a file may hold " + dev.switchboard.hub.conversation.Attachments.MAX_BYTES / (1024 * 1024) + " MB at most"
              : "the request body is larger than 64 KB";
    } else {
      status = 500;
      code = "internal";
      message = "something went wrong; it has been logged";
      log.error("{} {} failed", ctx.request().method(), ctx.request().path(), e);
    }
    if (status >= 500) {
      metrics.httpError();
    }
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }
}
