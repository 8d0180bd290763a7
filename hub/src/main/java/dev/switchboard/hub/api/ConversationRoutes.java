package dev.switchboard.hub.api;

import dev.switchboard.connectors.spi.Template;
import dev.switchboard.hub.HubError;
import dev.switchboard.hub.access.Visibility;
import dev.switchboard.hub.agent.Agent;
import dev.switchboard.hub.bots.Bot;
import dev.switchboard.hub.channel.Channels;
import dev.switchboard.hub.conversation.Attachments;
import dev.switchboard.hub.conversation.Conversation;
import dev.switchboard.hub.conversation.ConversationFilter;
import dev.switchboard.hub.conversation.ConversationService;
import dev.switchboard.hub.conversation.ListSort;
import dev.switchboard.hub.conversation.PageCursor;
import dev.switchboard.hub.events.ConversationScope;
import dev.switchboard.hub.ops.Metrics;
import dev.switchboard.hub.presence.PresenceService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import dev.switchboard.hub.tags.Tags;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The conversation endpoints of the public contract. A conversation the agent may not see
 * ({@link Visibility}) is left out of lists and is a 404 everywhere else, as if it did not exist.
 */
final class ConversationRoutes {

  static final int MAX_BODY_CHARS = 60_000;
  private static final Set<String> STATUSES = Set.of("open", "pending", "snoozed", "resolved");
  private static final Set<String> PRIORITIES = Set.of("none", "low", "medium", "high", "urgent");
  static final int MAX_TAGS = 50;
  static final Duration MAX_SNOOZE = Duration.ofDays(365);
  static final int MAX_QUERY_CHARS = 200;
  /** As long as a tag may be (PATCH tags). */
  static final int MAX_TAG_CHARS = 64;

  private final ConversationService conversations;
  private final PresenceService presence;
  private final Visibility visibility;
  private final Metrics metrics;
  /** The channels a filter or a reply may name: those a connector serves. */
  private final Channels channels;
  /** Who changed an assignee is known here, not in the service: changes tell (notifications listen). */
  private final ConversationChanges changes;

  ConversationRoutes(ConversationService conversations, PresenceService presence, Visibility visibility,
      Metrics metrics, Channels channels, ConversationChanges changes) {
    this.changes = changes;
    this.conversations = conversations;
    this.visibility = visibility;
    this.presence = presence;
    this.metrics = metrics;
    this.channels = channels;
  }

  /**
   * {@code GET /api/v1/conversations?view=mine|unassigned|all&status=&team_id=&tag=&priority=&channel=&q=
   * &sort=waiting|recent&limit=&cursor=} → {@code {conversations, next_cursor}}. The older
   * {@code assignee=me|none|ID} still works (instead of {@code view}).
   */
  void list(RoutingContext ctx) {
    String status = status(ctx, null);
    String channel = param(ctx, "channel");
    if (channel != null && !channels.serves(channel)) {
      throw HubError.invalid("unknown channel " + channel);
    }
    String q = ctx.request().getParam("q");
    if (q != null && q.length() > MAX_QUERY_CHARS) {
      throw HubError.invalid("q is longer than " + MAX_QUERY_CHARS + " characters");
    }
    String priority = param(ctx, "priority");
    if (priority != null && !PRIORITIES.contains(priority)) {
      throw HubError.invalid("priority must be one of none, low, medium, high, urgent");
    }
    String tag = param(ctx, "tag");
    if (tag != null && tag.length() > MAX_TAG_CHARS) {
      throw HubError.invalid("tag is longer than " + MAX_TAG_CHARS + " characters");
    }
    Long team = param(ctx, "team_id") == null ? null : positiveId(ctx, "team_id");
    String sortParam = param(ctx, "sort");
    ListSort sort = sortParam == null ? ListSort.WAITING : ListSort.parse(sortParam);
    if (sort == null) {
      throw HubError.invalid("sort must be waiting or recent");
    }
    String cursorParam = param(ctx, "cursor");
    PageCursor cursor = cursorParam == null ? null : PageCursor.parse(cursorParam, sort);
    int limit = (int) Math.max(1, Math.min(200, Requests.queryLong(ctx, "limit", 50)));
    Agent me = Requests.agent(ctx);
    ConversationFilter filter = new ConversationFilter(status, assignee(ctx), channel, q, limit,
        me.isAdmin() ? null : me.id(), team, tag, priority, sort, cursor);
    conversations.list(filter)
        .compose(page -> withPresence(page.conversations()).map(list -> new JsonObject()
            .put("conversations", list).put("next_cursor", page.nextCursor())))
        .onSuccess(reply -> Requests.json(ctx, 200, reply))
        .onFailure(ctx::fail);
  }

  /**
   * {@code GET /api/v1/conversations/counts?status=open|pending|snoozed|resolved|all} (default open)
   * → {@code {mine, unassigned, all, teams: {"<team id>": n}}}, counting only what the caller may
   * see. The inbox refetches it when {@code conversation.updated} frames arrive.
   */
  void counts(RoutingContext ctx) {
    String status = status(ctx, "open");
    Agent me = Requests.agent(ctx);
    conversations.counts(me.id(), status, me.isAdmin() ? null : me.id())
        .onSuccess(c -> {
          JsonObject teams = new JsonObject();
          c.teams().forEach((id, n) -> teams.put(String.valueOf(id), n));
          Requests.json(ctx, 200, new JsonObject().put("mine", c.mine()).put("unassigned", c.unassigned()).put("bot", c.bot())
              .put("all", c.all()).put("teams", teams));
        })
        .onFailure(ctx::fail);
  }

  /** The {@code status} filter: one status, or {@code null} for all ({@code all}, or absent without a default). */
  private static String status(RoutingContext ctx, String fallback) {
    String status = param(ctx, "status");
    if (status == null) {
      status = fallback;
    }
    if (status == null || "all".equals(status)) {
      return null;
    }
    if (!STATUSES.contains(status)) {
      throw HubError.invalid("status must be one of open, pending, snoozed, resolved, all");
    }
    return status;
  }

  /** A query parameter, {@code null} when absent or empty. */
  private static String param(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    return v == null || v.isEmpty() ? null : v;
  }

  private static long positiveId(RoutingContext ctx, String name) {
    long id = Requests.queryLong(ctx, name, 0);
    if (id <= 0) {
      throw HubError.invalid(name + " must be an id (a positive number)");
    }
    return id;
  }

  void get(RoutingContext ctx) {
    long id = Requests.pathId(ctx, "id");
    Agent me = Requests.agent(ctx);
    conversations.get(id)
        .compose(c -> {
          if (c == null || !(Requests.bot(ctx) != null || visibility.sees(me, c.scope()))) {
            throw HubError.notFound("conversation " + id);
          }
          return withPresence(List.of(c));
        })
        .onSuccess(list -> Requests.json(ctx, 200, list.getJsonObject(0)))
        .onFailure(ctx::fail);
  }

  /**
   * {@code PATCH {status?, snoozed_until?, assignee_id?, team_id?, priority?, tags?}}: a field left out
   * keeps its value. {@code snoozed_until} (an ISO-8601 instant, in the future, at most a year ahead)
   * goes with status {@code snoozed}. Over an agent's capacity, see {@link ConversationChanges}.
   */
  void update(RoutingContext ctx) {
    long id = Requests.pathId(ctx, "id");
    ConversationService.Patch patch = patch(Requests.body(ctx));
    Agent me = Requests.agent(ctx);
    visible(ctx, id)
        .compose(before -> changes.admit(me, before, patch).compose(warning -> changes.apply(me, before, patch, warning)))
        .compose(applied -> withPresence(List.of(applied.conversation())).map(list -> {
          JsonObject out = list.getJsonObject(0);
          return applied.warning() == null ? out : out.put("warning", applied.warning());
        }))
        .onSuccess(out -> Requests.json(ctx, 200, out))
        .onFailure(ctx::fail);
  }

  /** The change a PATCH body asks for, checked field by field. */
  static ConversationService.Patch patch(JsonObject body) {
    String status = Requests.string(body, "status", 20, false);
    if (status != null && !STATUSES.contains(status)) {
      throw HubError.invalid("status must be one of open, pending, snoozed, resolved");
    }
    OffsetDateTime snoozedUntil = snoozedUntil(body, status);
    String priority = Requests.string(body, "priority", 20, false);
    if (priority != null && !PRIORITIES.contains(priority)) {
      throw HubError.invalid("priority must be one of none, low, medium, high, urgent");
    }
    boolean assigneeGiven = body.containsKey("assignee_id");
    Long assignee = id(body, "assignee_id", "an agent id or null");
    boolean teamGiven = body.containsKey("team_id");
    Long team = id(body, "team_id", "a team id or null");
    return new ConversationService.Patch(status, assigneeGiven, assignee, priority, tags(body), teamGiven, team,
        snoozedUntil);
  }

  /** Required with status snoozed, refused without it; in the future and at most a year ahead. */
  private static OffsetDateTime snoozedUntil(JsonObject body, String status) {
    Object raw = body.getValue("snoozed_until");
    if (!"snoozed".equals(status)) {
      if (raw != null) {
        throw HubError.invalid("snoozed_until goes with status snoozed");
      }
      return null;
    }
    if (!(raw instanceof String s)) {
      throw HubError.invalid("status snoozed needs snoozed_until: when it wakes, as an ISO-8601 instant");
    }
    Instant until;
    try {
      until = OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw HubError.invalid("snoozed_until must be an ISO-8601 instant such as 2030-01-31T09:00:00Z");
    }
    Instant now = Instant.now();
    if (!until.isAfter(now)) {
      throw HubError.invalid("snoozed_until must be in the future");
    }
    if (until.isAfter(now.plus(MAX_SNOOZE))) {
      throw HubError.invalid("snoozed_until must be at most a year ahead");
    }
    return until.atOffset(ZoneOffset.UTC);
  }

  /** A positive whole number, or null (also when absent). */
  private static Long id(JsonObject body, String field, String what) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1) {
      throw HubError.invalid(field + " must be " + what);
    }
    return n.longValue();
  }

  /** Each a tag name ({@link Tags#name}), duplicates dropped; null when absent. */
  private static List<String> tags(JsonObject body) {
    Object v = body.getValue("tags");
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonArray a) || a.size() > MAX_TAGS) {
      throw HubError.invalid("tags must be a list of at most " + MAX_TAGS + " tag names");
    }
    Set<String> out = new LinkedHashSet<>();
    a.forEach(t -> out.add(Tags.name(t, "tags")));
    return new ArrayList<>(out);
  }

  /** {@code GET /conversations/{id}/cases}: its open→resolved cycles with their ticket numbers, oldest first. */
  void cases(RoutingContext ctx) {
    long id = Requests.pathId(ctx, "id");
    visible(ctx, id)
        .compose(scope -> conversations.cases(id))
        .onSuccess(list -> {
          JsonArray out = new JsonArray();
          list.forEach(c -> out.add(c.toJson()));
          Requests.json(ctx, 200, new JsonObject().put("cases", out));
        })
        .onFailure(ctx::fail);
  }

  void messages(RoutingContext ctx) {
    long id = Requests.pathId(ctx, "id");
    long after = Math.max(0, Requests.queryLong(ctx, "after_seq", 0));
    int limit = (int) Math.max(1, Math.min(500, Requests.queryLong(ctx, "limit", 200)));
    Agent me = Requests.agent(ctx);
    conversations.get(id)
        .compose(c -> {
          if (c == null || !(Requests.bot(ctx) != null || visibility.sees(me, c.scope()))) {
            throw HubError.notFound("conversation " + id);
          }
          return conversations.messages(id, after, limit, false).map(list -> {
            JsonArray out = new JsonArray();
            list.forEach(m -> out.add(m.toAgentJson()));
            return new JsonObject().put("messages", out).put("last_seq", c.lastSeq());
          });
        })
        .onSuccess(reply -> Requests.json(ctx, 200, reply))
        .onFailure(ctx::fail);
  }

  void reply(RoutingContext ctx) {
    long id = Requests.pathId(ctx, "id");
    JsonObject body = Requests.body(ctx);
    Template template = template(body.getValue("template"));
    List<Long> files = attachmentIds(body);
    if (template != null && !files.isEmpty()) {
      throw HubError.invalid("a template reply cannot carry files");
    }
    String text = Requests.string(body, "body", MAX_BODY_CHARS, template == null && files.isEmpty());
    if (template != null && (text == null || text.isBlank())) {
      text = template.describe(); // what the timeline shows of a template reply
    }
    if (text == null) {
      text = ""; // files alone
    }
    String channel = Requests.string(body, "channel", 20, false);
    if (channel != null && !channels.serves(channel)) {
      throw HubError.invalid("unknown channel " + channel);
    }
    Boolean note = Requests.bool(body, "private");
    if (template != null && Boolean.TRUE.equals(note)) {
      throw HubError.invalid("a private note cannot be a template");
    }
    Long expectedLastSeq = expectedLastSeq(body);
    Long replyTo = replyTo(body);
    Bot bot = Requests.bot(ctx);
    Agent me = Requests.agent(ctx);
    // a bot's reply is the bot's (author type bot); the BotGate let it through with the reply scope
    ConversationService.Author author = bot != null ? new ConversationService.Author("bot", bot.id(), bot.name())
        : new ConversationService.Author("agent", me.id(), me.name());
    String reply = text;
    visible(ctx, id)
        .compose(scope -> conversations.reply(id, author, reply,
            channel, Boolean.TRUE.equals(note), expectedLastSeq, template, files, replyTo))
        .onSuccess(m -> {
          if (!"note".equals(m.direction())) {
            metrics.messageSent(m.channel());
          }
          Requests.json(ctx, 201, m.toAgentJson());
        })
        .onFailure(e -> failed(ctx, e));
  }

  /** A reply's failure: a collision answers 409 with the newer replies, anything else as usual. */
  static void failed(RoutingContext ctx, Throwable e) {
    if (e instanceof ConversationService.ReplyConflict c) {
      JsonArray newer = new JsonArray();
      c.newer().forEach(m -> newer.add(m.toAgentJson()));
      Requests.json(ctx, 409, new JsonObject().put("error", "conflict").put("message", c.getMessage())
          .put("messages", newer));
    } else {
      ctx.fail(e);
    }
  }

  /**
   * The seq a reply's collision check starts after ({@code expected_last_seq}), or null for no check:
   * none given, or {@code force} (the agent saw the colleague's reply and sends anyway).
   */
  static Long expectedLastSeq(JsonObject body) {
    Object expected = body.getValue("expected_last_seq");
    if (expected != null && !(expected instanceof Number n && n.longValue() >= 0 && n.doubleValue() == n.longValue())) {
      throw HubError.invalid("expected_last_seq must be a seq (a whole number, 0 or more)");
    }
    boolean force = Boolean.TRUE.equals(Requests.bool(body, "force"));
    return expected == null || force ? null : ((Number) expected).longValue();
  }

  /**
   * A reply's {@code attachment_ids}: at most {@link Attachments#MAX_PER_REPLY} distinct ids of the
   * caller's uploads ({@code POST /api/v1/attachments}); empty when absent.
   */
  static List<Long> attachmentIds(JsonObject body) {
    Object raw = body.getValue("attachment_ids");
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof JsonArray a) || a.size() > Attachments.MAX_PER_REPLY) {
      throw HubError.invalid("attachment_ids must be a list of at most " + Attachments.MAX_PER_REPLY
          + " upload ids");
    }
    Set<Long> ids = new LinkedHashSet<>();
    for (Object o : a) {
      if (!(o instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1) {
        throw HubError.invalid("attachment_ids must hold upload ids (positive numbers)");
      }
      ids.add(n.longValue());
    }
    return List.copyOf(ids);
  }

  /** A reply's {@code reply_to}: the id of the customer's message it answers, or {@code null}. */
  private static Long replyTo(JsonObject body) {
    Object raw = body.getValue("reply_to");
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() <= 0) {
      throw HubError.invalid("reply_to must be the id of a message the customer wrote (a positive number)");
    }
    return n.longValue();
  }

  /** A reply's {@code template: {name, language, parameters}}, or {@code null} when there is none. */
  private static Template template(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject t)) {
      throw HubError.invalid("template must be an object {name, language, parameters}");
    }
    String name = Requests.string(t, "name", 512, true);
    String language = Requests.string(t, "language", 15, true);
    if (!name.matches("[a-z0-9_]+")) {
      throw HubError.invalid("template.name must be a template's name (lower-case letters, digits, _)");
    }
    if (!language.matches("[A-Za-z]{2,3}(_[A-Za-z0-9]{2,8})?")) {
      throw HubError.invalid("template.language must be a language code such as en or en_US");
    }
    Object raw = t.getValue("parameters");
    List<String> parameters = new java.util.ArrayList<>();
    if (raw != null) {
      if (!(raw instanceof JsonArray a) || a.size() > 20) {
        throw HubError.invalid("template.parameters must be a list of at most 20 strings");
      }
      for (Object p : a) {
        if (!(p instanceof String s) || s.isBlank() || s.length() > 1024 || s.indexOf('\u0000') >= 0) {
          throw HubError.invalid("template.parameters must hold non-empty strings of at most 1024 characters");
        }
        parameters.add(s);
      }
    }
    return new Template(name, language, parameters);
  }

  /** The conversation's scope when the caller may see it; a 404 otherwise. */
  Future<ConversationScope> visible(RoutingContext ctx, long id) {
    if (Requests.bot(ctx) != null) {
      return Future.succeededFuture(ctx.get(Requests.SCOPE)); // checked against its inboxes by the BotGate
    }
    Agent me = Requests.agent(ctx);
    return conversations.scope(id).map(scope -> {
      if (scope == null || !visibility.sees(me, scope)) {
        throw HubError.notFound("conversation " + id);
      }
      return scope;
    });
  }

  /** Whose conversations: {@code view=mine|unassigned|bot|all}, or the older {@code assignee=me|none|ID}; {@code 0}: unassigned. */
  private static Long assignee(RoutingContext ctx) {
    String view = param(ctx, "view");
    String a = param(ctx, "assignee");
    if (view != null && a != null) {
      throw HubError.invalid("give view or assignee, not both");
    }
    if (view != null) {
      return switch (view) {
        case "mine" -> Requests.agent(ctx).id();
        case "unassigned" -> 0L;
        case "all" -> null;
        case "bot" -> ConversationFilter.WITH_BOT;
        default -> throw HubError.invalid("view must be mine, unassigned, bot or all");
      };
    }
    if (a == null) {
      return null;
    }
    if ("me".equals(a)) {
      return Requests.agent(ctx).id();
    }
    if ("none".equals(a)) {
      return 0L;
    }
    try {
      long id = Long.parseLong(a);
      if (id < 0) {
        throw new NumberFormatException(a);
      }
      return id;
    } catch (NumberFormatException e) {
      throw HubError.invalid("assignee must be me, none or an agent id");
    }
  }

  private Future<JsonArray> withPresence(List<Conversation> list) {
    return presence.onlineCustomers(list.stream().map(Conversation::customerId).toList())
        .otherwise(Set.of())
        .map(online -> {
          JsonArray out = new JsonArray();
          list.forEach(c -> out.add(c.toJson(online.contains(c.customerId()))));
          return out;
        });
  }
}
