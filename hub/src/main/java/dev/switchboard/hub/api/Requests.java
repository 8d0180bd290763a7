package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.agent.Agent;
import dev.switchboard.hub.bots.Bot;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** Strict reading of request input: anything malformed is a 400 with a message saying what. */
final class Requests {

  static final String AGENT = "agent";
  /** The calling bot, when a bot token was given (then there is no agent). */
  static final String BOT = "bot";
  /** A conversation's scope, already checked by the {@link BotGate} for a bot. */
  static final String SCOPE = "conversation-scope";

  private Requests() {}

  static Agent agent(RoutingContext ctx) {
    return ctx.get(AGENT);
  }

  static Bot bot(RoutingContext ctx) {
    return ctx.get(BOT);
  }

  static void requireAdmin(RoutingContext ctx) {
    Agent agent = agent(ctx);
    if (agent == null || !agent.isAdmin()) {
      throw HubError.forbidden("admins only");
    }
  }

  static JsonObject body(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      throw new HubError(400, "bad_json", "a JSON object body is required");
    }
    Object parsed;
    try {
      parsed = io.vertx.core.json.Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new HubError(400, "bad_json", "the body is not valid JSON");
    }
    if (!(parsed instanceof JsonObject o)) {
      throw new HubError(400, "bad_json", "the body must be a JSON object");
    }
    if (hasNul(o)) {
      throw nul();
    }
    return o;
  }

  /** NUL is valid JSON but no text we store may hold it (PostgreSQL refuses it): refused up front. */
  static HubError nul() {
    return new HubError(400, "bad_request", "text must not contain NUL (\\u0000) characters");
  }

  static boolean hasNul(Object value) {
    if (value instanceof String s) {
      return s.indexOf('\0') >= 0;
    }
    if (value instanceof JsonObject o) {
      for (var e : o) {
        if (hasNul(e.getKey()) || hasNul(e.getValue())) {
          return true;
        }
      }
    } else if (value instanceof JsonArray a) {
      for (Object item : a) {
        if (hasNul(item)) {
          return true;
        }
      }
    }
    return false;
  }

  static long pathId(RoutingContext ctx, String name) {
    try {
      return Long.parseLong(ctx.pathParam(name));
    } catch (NumberFormatException e) {
      throw HubError.notFound(name + " " + ctx.pathParam(name));
    }
  }

  static long queryLong(RoutingContext ctx, String name, long fallback) {
    String v = ctx.request().getParam(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw HubError.invalid(name + " must be a number");
    }
  }

  static String string(JsonObject body, String field, int maxLength, boolean required) {
    Object v = body.getValue(field);
    if (v == null) {
      if (required) {
        throw HubError.invalid(field + " is required");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      throw HubError.invalid(field + " must be a string");
    }
    if (required && s.isBlank()) {
      throw HubError.invalid(field + " must not be empty");
    }
    if (s.length() > maxLength) {
      throw HubError.invalid(field + " is longer than " + maxLength + " characters");
    }
    return s;
  }

  static Boolean bool(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v != null && !(v instanceof Boolean)) {
      throw HubError.invalid(field + " must be true or false");
    }
    return (Boolean) v;
  }

  static List<String> strings(JsonObject body, String field, int maxItems, int maxLength) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonArray a) || a.size() > maxItems) {
      throw HubError.invalid(field + " must be a list of at most " + maxItems + " strings");
    }
    List<String> out = new ArrayList<>();
    for (Object o : a) {
      if (!(o instanceof String s) || s.isBlank() || s.length() > maxLength) {
        throw HubError.invalid(field + " must hold non-empty strings of at most " + maxLength + " characters");
      }
      out.add(s.trim());
    }
    return out;
  }

  static void json(RoutingContext ctx, int status, Object body) {
    String text = body instanceof JsonObject o ? o.encode() : body instanceof JsonArray a ? a.encode()
        : io.vertx.core.json.Json.encode(body);
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(text);
  }
}
