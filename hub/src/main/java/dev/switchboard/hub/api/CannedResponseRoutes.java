package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.canned.CannedResponse;
import dev.switchboard.hub.canned.CannedResponses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/canned-responses}: every agent lists them (the composer's "/" picker); admins
 * create, change and delete them.
 */
final class CannedResponseRoutes {

  static final int MAX_SHORTCUT = 40;
  static final int MAX_BODY = 10_000;
  private static final Pattern SHORTCUT = Pattern.compile("[a-z0-9_-]{1," + MAX_SHORTCUT + "}");

  private final CannedResponses canned;

  CannedResponseRoutes(CannedResponses canned) {
    this.canned = canned;
  }

  /** {@code GET ?q=}: those whose shortcut starts with {@code q} (any case), by shortcut. */
  void list(RoutingContext ctx) {
    String q = ctx.request().getParam("q");
    if (q != null && q.length() > MAX_SHORTCUT) {
      throw HubError.invalid("q is longer than " + MAX_SHORTCUT + " characters");
    }
    String prefix = q == null ? "" : q.trim().toLowerCase(Locale.ROOT);
    canned.list(prefix).onSuccess(items -> {
      JsonArray all = new JsonArray();
      items.forEach(c -> all.add(c.toJson()));
      Requests.json(ctx, 200, new JsonObject().put("canned_responses", all));
    }).onFailure(ctx::fail);
  }

  void create(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    JsonObject body = Requests.body(ctx);
    String shortcut = shortcut(body, true);
    String text = Requests.string(body, "body", MAX_BODY, true);
    answer(ctx, 201, canned.create(shortcut, text, Requests.agent(ctx).id()));
  }

  /** {@code PATCH {shortcut?, body?}}: a field left out keeps its value. */
  void update(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    long id = Requests.pathId(ctx, "id");
    JsonObject body = Requests.body(ctx);
    String shortcut = shortcut(body, false);
    String text = Requests.string(body, "body", MAX_BODY, false);
    if (text != null && text.isBlank()) {
      throw HubError.invalid("body must not be empty");
    }
    if (shortcut == null && text == null) {
      throw HubError.invalid("give shortcut, body or both");
    }
    answer(ctx, 200, canned.update(id, shortcut, text)
        .map(found -> found.orElseThrow(() -> HubError.notFound("canned response " + id))));
  }

  void delete(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    long id = Requests.pathId(ctx, "id");
    canned.delete(id).onSuccess(existed -> {
      if (existed) {
        ctx.response().setStatusCode(204).end();
      } else {
        ctx.fail(HubError.notFound("canned response " + id));
      }
    }).onFailure(ctx::fail);
  }

  private static void answer(RoutingContext ctx, int status, Future<CannedResponse> result) {
    result.onSuccess(c -> Requests.json(ctx, status, c.toJson())).onFailure(ctx::fail);
  }

  /** Lower-cased; 1–40 of {@code a-z 0-9 _ -}, so that "/" and the name are easy to type and match. */
  private static String shortcut(JsonObject body, boolean required) {
    String raw = Requests.string(body, "shortcut", MAX_SHORTCUT, required);
    if (raw == null) {
      return null;
    }
    String s = raw.toLowerCase(Locale.ROOT);
    if (!SHORTCUT.matcher(s).matches()) {
      throw HubError.invalid("shortcut must be 1 to " + MAX_SHORTCUT + " characters of a-z, 0-9, _ and -");
    }
    return s;
  }
}
