package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.bots.Bot;
import dev.switchboard.hub.bots.BotScope;
import dev.switchboard.hub.bots.Bots;
import dev.switchboard.hub.bots.Drafts;
import dev.switchboard.hub.bots.WebhookTarget;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/bots} (admins only): bot accounts {@code {name, webhook_url, scopes, inbox_ids,
 * allow_private_network, active}}, their token and webhook secret (answered once, on create and
 * rotate), their audit log and their webhook deliveries.
 */
final class BotRoutes {

  static final int MAX_NAME = 100;
  static final int MAX_INBOXES = 1000;
  private static final Set<String> FIELDS = Set.of("name", "webhook_url", "scopes", "inbox_ids",
      "allow_private_network", "active");

  private final Bots bots;
  private final Drafts drafts;

  BotRoutes(Bots bots, Drafts drafts) {
    this.bots = bots;
    this.drafts = drafts;
  }

  /** Every bot with its {@code draft_counts} {created, accepted, edited, dismissed}. */
  void list(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    bots.list().compose(all -> drafts.counts(null).map(counts -> {
      JsonArray out = new JsonArray();
      all.forEach(b -> out.add(withCounts(b, counts)));
      return out;
    })).onSuccess(out -> Requests.json(ctx, 200, new JsonObject().put("bots", out))).onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    bots.get(Requests.pathId(ctx, "id"))
        .compose(b -> drafts.counts(List.of(b.id())).map(counts -> withCounts(b, counts)))
        .onSuccess(b -> Requests.json(ctx, 200, b)).onFailure(ctx::fail);
  }

  private static JsonObject withCounts(Bot b, Map<Long, Drafts.Counts> counts) {
    return b.toJson().put("draft_counts", counts.getOrDefault(b.id(), Drafts.Counts.NONE).toJson());
  }

  /** {@code POST {name, webhook_url?, scopes, inbox_ids, allow_private_network?}} → the bot with {@code token} and {@code webhook_secret}. */
  void create(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    JsonObject body = checked(Requests.body(ctx));
    String name = Requests.string(body, "name", MAX_NAME, true).trim();
    String url = url(body);
    Set<BotScope> scopes = scopes(body);
    List<Long> inboxes = inboxIds(body);
    Boolean allow = Requests.bool(body, "allow_private_network");
    bots.create(name, url, scopes == null ? EnumSet.noneOf(BotScope.class) : scopes,
            inboxes == null ? List.of() : inboxes, Boolean.TRUE.equals(allow))
        .onSuccess(c -> Requests.json(ctx, 201, c.toJson()))
        .onFailure(ctx::fail);
  }

  /** {@code PATCH}: the fields given replace the stored ones; {@code webhook_url: null} removes the URL. */
  void update(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    long id = Requests.pathId(ctx, "id");
    JsonObject body = checked(Requests.body(ctx));
    if (body.isEmpty()) {
      throw HubError.invalid("give at least one of " + String.join(", ", FIELDS.stream().sorted().toList()));
    }
    String name = Requests.string(body, "name", MAX_NAME, body.containsKey("name"));
    for (String flag : List.of("allow_private_network", "active")) {
      if (body.containsKey(flag) && body.getValue(flag) == null) {
        throw HubError.invalid(flag + " must be true or false");
      }
    }
    Bots.Changes changes = new Bots.Changes(name == null ? null : name.trim(), body.containsKey("webhook_url"),
        url(body), scopes(body), inboxIds(body), Requests.bool(body, "allow_private_network"),
        Requests.bool(body, "active"));
    bots.update(id, changes).onSuccess(b -> Requests.json(ctx, 200, b.toJson())).onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    bots.delete(Requests.pathId(ctx, "id")).onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** {@code POST /bots/{id}/rotate}: a new token and webhook secret, answered once; the old ones stop working. */
  void rotate(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    bots.rotate(Requests.pathId(ctx, "id")).onSuccess(c -> Requests.json(ctx, 200, c.toJson()))
        .onFailure(ctx::fail);
  }

  /** {@code GET /bots/{id}/audit?before=&limit=}: the bot's calls, newest first. */
  void audit(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    bots.audit(Requests.pathId(ctx, "id"), before(ctx), limit(ctx))
        .onSuccess(page -> Requests.json(ctx, 200, page)).onFailure(ctx::fail);
  }

  /** {@code GET /bots/{id}/deliveries?before=&limit=}: the delivery log, newest first. */
  void deliveries(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    bots.deliveries(Requests.pathId(ctx, "id"), before(ctx), limit(ctx))
        .onSuccess(page -> Requests.json(ctx, 200, page)).onFailure(ctx::fail);
  }

  /** {@code POST /bots/{id}/deliveries/{deliveryId}/retry}: one more try, now. */
  void retry(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    bots.retry(Requests.pathId(ctx, "id"), Requests.pathId(ctx, "deliveryId"))
        .onSuccess(d -> Requests.json(ctx, 200, d)).onFailure(ctx::fail);
  }

  private static long before(RoutingContext ctx) {
    long before = Requests.queryLong(ctx, "before", Long.MAX_VALUE);
    return before < 1 ? Long.MAX_VALUE : before;
  }

  private static int limit(RoutingContext ctx) {
    return (int) Math.max(1, Math.min(200, Requests.queryLong(ctx, "limit", 50)));
  }

  private static JsonObject checked(JsonObject body) {
    for (String key : body.fieldNames()) {
      if (!FIELDS.contains(key)) {
        throw HubError.invalid("unknown field " + key);
      }
    }
    return body;
  }

  private static String url(JsonObject body) {
    String url = Requests.string(body, "webhook_url", WebhookTarget.MAX_URL, false);
    if (url == null || url.isBlank()) {
      return null;
    }
    WebhookTarget.parse(url.trim());
    return url.trim();
  }

  private static Set<BotScope> scopes(JsonObject body) {
    List<String> given = Requests.strings(body, "scopes", 10, 20);
    if (given == null) {
      if (body.containsKey("scopes")) {
        throw HubError.invalid("scopes must be a list of read, draft, reply, handoff");
      }
      return null;
    }
    Set<BotScope> out = EnumSet.noneOf(BotScope.class);
    for (String s : given) {
      BotScope scope = BotScope.parse(s);
      if (scope == null) {
        throw HubError.invalid("unknown scope " + s + "; scopes are read, draft, reply, handoff");
      }
      out.add(scope);
    }
    return out;
  }

  private static List<Long> inboxIds(JsonObject body) {
    Object v = body.getValue("inbox_ids");
    if (v == null) {
      if (body.containsKey("inbox_ids")) {
        throw HubError.invalid("inbox_ids must be a list of inbox ids");
      }
      return null;
    }
    if (!(v instanceof JsonArray a) || a.size() > MAX_INBOXES) {
      throw HubError.invalid("inbox_ids must be a list of at most " + MAX_INBOXES + " inbox ids");
    }
    List<Long> out = new ArrayList<>();
    for (Object o : a) {
      if (!(o instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1) {
        throw HubError.invalid("inbox_ids must hold inbox ids (positive whole numbers)");
      }
      if (!out.contains(n.longValue())) {
        out.add(n.longValue());
      }
    }
    return out;
  }
}
