package dev.switchboard.hub.api;

import dev.switchboard.hub.agent.AgentService;
import dev.switchboard.hub.conversation.ConversationService;
import dev.switchboard.hub.ops.Metrics;
import dev.switchboard.hub.limits.Bulkhead;
import dev.switchboard.hub.store.TimedRedis;
import io.vertx.core.Handler;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every failure into {@code {error, message}} with the right status; never leaks internals. */
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
    if (e instanceof ApiError a) {
      status = a.status();
      code = a.code();
      message = a.getMessage();
    } else if (e instanceof ConversationService.NotFound nf) {
      status = 404;
      code = "not_found";
      message = nf.getMessage();
    } else if (e instanceof ConversationService.Unreachable u) {
      status = 400;
      code = "unreachable";
      message = u.getMessage();
    } else if (e instanceof AgentService.Conflict c) {
      status = 409;
      code = "conflict";
      message = c.getMessage();
    } else if (e instanceof PgException pg && "P0002".equals(pg.getSqlState())) {
      status = 404;
      code = "not_found";
      message = pg.getErrorMessage();
    } else if (e instanceof PgException pg && (pg.getSqlState().startsWith("22") || "23503".equals(pg.getSqlState()))) {
      // class 22 is "data exception": the input was unusable, not the hub broken
      status = 400;
      code = "bad_request";
      message = pg.getErrorMessage();
    } else if (e instanceof Bulkhead.BusyException || e instanceof TimedRedis.RedisUnavailableException
        || e instanceof ConnectionPoolTooBusyException) {
      status = 503;
      code = "busy";
      message = e instanceof ConnectionPoolTooBusyException ? "the hub is busy; try again in a moment" : e.getMessage();
      ctx.response().putHeader("retry-after", "1");
    } else if (e instanceof PgException pg && "57014".equals(pg.getSqlState())) {
      status = 503;
      code = "timeout";
      message = "that took too long and was stopped; narrow the search";
    } else if (e == null) {
      status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      code = status == 413 ? "too_large" : status == 404 ? "not_found" : status == 405 ? "method_not_allowed"
          : status < 500 ? "bad_request" : "internal";
      message = status == 413 ? "the request body is larger than 64 KB" : "request failed with " + status;
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
