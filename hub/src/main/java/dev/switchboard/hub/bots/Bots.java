package dev.switchboard.hub.bots;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.store.PgFailures;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Bot accounts: made, changed and removed by admins; found by their token on every bot call. A token
 * is kept only as its SHA-256 (like agents' tokens); the webhook secret sealed ({@link SecretBox}),
 * since the hub signs with it. Both are answered once, by {@link #create} and {@link #rotate}.
 */
public final class Bots {

  /** Every bot token starts so: the API tells a bot from an agent before looking it up. */
  public static final String TOKEN_PREFIX = "sbbot_";

  /** A change to a bot: null fields are kept; {@code webhookUrlGiven} with a null URL removes it. */
  public record Changes(String name, boolean webhookUrlGiven, String webhookUrl, Set<BotScope> scopes,
      List<Long> inboxIds, Boolean allowPrivateNetwork, Boolean active) {}

  private static final SecureRandom random = new SecureRandom();

  private final Pool pool;
  private final SecretBox box;
  private final WebhookTarget targets;

  public Bots(Pool pool, byte[] hubSecret, WebhookTarget targets) {
    this.pool = pool;
    this.box = new SecretBox(hubSecret);
    this.targets = targets;
  }

  public Future<List<Bot>> list() {
    return pool.query(BotSql.LIST).execute().recover(PgFailures::recover).map(rows -> {
      List<Bot> out = new ArrayList<>();
      rows.forEach(r -> out.add(bot(r)));
      return out;
    });
  }

  /** The bot, or a 404. */
  public Future<Bot> get(long id) {
    return pool.preparedQuery(BotSql.BY_ID).execute(Tuple.of(id)).recover(PgFailures::recover).map(rows -> {
      if (rows.size() == 0) {
        throw HubError.notFound("bot " + id);
      }
      return bot(rows.iterator().next());
    });
  }

  /** The active bot a token belongs to, or {@code null}. */
  public Future<Bot> authenticate(String token) {
    if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > 200) {
      return Future.succeededFuture(null);
    }
    return pool.preparedQuery(BotSql.BY_TOKEN).execute(Tuple.of(hash(token))).recover(PgFailures::recover)
        .map(rows -> rows.size() == 0 ? null : bot(rows.iterator().next()));
  }

  /** A new bot with a new token and webhook secret; its URL and inboxes are checked first (400). */
  public Future<BotCredentials> create(String name, String webhookUrl, Set<BotScope> scopes, List<Long> inboxIds,
      boolean allowPrivateNetwork) {
    String token = newToken();
    String secret = WebhookSignature.newSecret();
    return checkUrl(webhookUrl, allowPrivateNetwork)
        .compose(v -> checkInboxes(inboxIds))
        .compose(v -> pool.preparedQuery(BotSql.INSERT).execute(Tuple.tuple()
            .addString(name).addString(webhookUrl).addArrayOfString(wire(scopes))
            .addArrayOfLong(inboxIds.toArray(Long[]::new)).addBoolean(allowPrivateNetwork)
            .addBuffer(hash(token)).addBuffer(Buffer.buffer(box.seal(secret)))))
        .recover(PgFailures::recover)
        .map(rows -> new BotCredentials(bot(rows.iterator().next()), token, secret));
  }

  /** Changes a bot; a new or newly-allowed URL is checked again against the bot as it will be. */
  public Future<Bot> update(long id, Changes c) {
    return get(id).compose(before -> {
      String url = c.webhookUrlGiven() ? c.webhookUrl() : before.webhookUrl();
      boolean allow = c.allowPrivateNetwork() != null ? c.allowPrivateNetwork() : before.allowPrivateNetwork();
      Future<Void> urlChecked = c.webhookUrlGiven() || c.allowPrivateNetwork() != null
          ? checkUrl(url, allow) : Future.succeededFuture();
      return urlChecked
          .compose(v -> c.inboxIds() == null ? Future.<Void>succeededFuture() : checkInboxes(c.inboxIds()))
          .compose(v -> pool.preparedQuery(BotSql.UPDATE).execute(Tuple.tuple()
              .addLong(id).addString(c.name()).addString(c.webhookUrl())
              .addArrayOfString(c.scopes() == null ? null : wire(c.scopes()))
              .addArrayOfLong(c.inboxIds() == null ? null : c.inboxIds().toArray(Long[]::new))
              .addBoolean(c.allowPrivateNetwork()).addBoolean(c.active()).addBoolean(c.webhookUrlGiven())))
          .recover(PgFailures::recover)
          .map(rows -> {
            if (rows.size() == 0) {
              throw HubError.notFound("bot " + id);
            }
            return bot(rows.iterator().next());
          });
    });
  }

  /** Removes a bot with its deliveries and audit log; a 404 when there is none. */
  public Future<Void> delete(long id) {
    return pool.preparedQuery(BotSql.DELETE).execute(Tuple.of(id)).recover(PgFailures::recover).map(rows -> {
      if (rows.rowCount() == 0) {
        throw HubError.notFound("bot " + id);
      }
      return null;
    });
  }

  /** A new token and webhook secret for a bot; the old ones stop working at once. */
  public Future<BotCredentials> rotate(long id) {
    String token = newToken();
    String secret = WebhookSignature.newSecret();
    return pool.preparedQuery(BotSql.ROTATE)
        .execute(Tuple.of(id, hash(token), Buffer.buffer(box.seal(secret))))
        .recover(PgFailures::recover)
        .map(rows -> {
          if (rows.size() == 0) {
            throw HubError.notFound("bot " + id);
          }
          return new BotCredentials(bot(rows.iterator().next()), token, secret);
        });
  }

  /** A page of a bot's audit log, newest first: {@code {entries, next_before}}. */
  public Future<JsonObject> audit(long botId, long before, int limit) {
    return get(botId).compose(b -> pool.preparedQuery(BotSql.AUDIT_PAGE).execute(Tuple.of(botId, before, limit)))
        .recover(PgFailures::recover)
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("id", r.getLong("id")).put("bot_id", botId)
              .put("method", r.getString("method")).put("path", r.getString("path"))
              .put("status", r.getInteger("status")).put("duration_ms", r.getInteger("duration_ms"))
              .put("at", r.getOffsetDateTime("at").toInstant().toString())));
          return page(out, limit);
        });
  }

  /** A page of a bot's deliveries, newest first: {@code {deliveries, next_before}}. */
  public Future<JsonObject> deliveries(long botId, long before, int limit) {
    return get(botId).compose(b -> pool.preparedQuery(BotSql.DELIVERY_PAGE).execute(Tuple.of(botId, before, limit)))
        .recover(PgFailures::recover)
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(delivery(r)));
          JsonObject page = page(out, limit);
          page.put("deliveries", page.remove("entries"));
          return page;
        });
  }

  /** Tries a delivery once more, now; a 404 when the bot has no such delivery (or it is only stored). */
  public Future<JsonObject> retry(long botId, long deliveryId) {
    return pool.preparedQuery(BotSql.RETRY).execute(Tuple.of(botId, deliveryId)).recover(PgFailures::recover)
        .map(rows -> {
          if (rows.size() == 0) {
            throw HubError.notFound("delivery " + deliveryId);
          }
          return delivery(rows.iterator().next());
        });
  }

  /** The webhook secret a delivery is signed with. */
  String secret(Buffer sealed) {
    return box.open(sealed.getBytes());
  }

  private static JsonObject page(JsonArray entries, int limit) {
    Long next = entries.size() < limit ? null : entries.getJsonObject(entries.size() - 1).getLong("id");
    return new JsonObject().put("entries", entries).put("next_before", next);
  }

  private static JsonObject delivery(Row r) {
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("seq", r.getLong("seq"))
        .put("type", r.getString("type"))
        .put("status", r.getString("status"))
        .put("attempts", r.getInteger("attempts"))
        .put("max_attempts", r.getInteger("max_attempts"))
        .put("last_status_code", r.getInteger("last_status_code"))
        .put("last_duration_ms", r.getInteger("last_duration_ms"))
        .put("last_error", r.getString("last_error"))
        .put("next_attempt_at", time(r.getOffsetDateTime("next_attempt_at")))
        .put("created_at", time(r.getOffsetDateTime("created_at")))
        .put("delivered_at", time(r.getOffsetDateTime("delivered_at")));
  }

  private Future<Void> checkUrl(String url, boolean allowPrivate) {
    return url == null ? Future.succeededFuture() : targets.check(url, allowPrivate).mapEmpty();
  }

  private Future<Void> checkInboxes(List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(BotSql.INBOXES_EXISTING).execute(Tuple.of(ids.toArray(Long[]::new)))
        .map(rows -> {
          if (rows.iterator().next().getLong("n") != ids.stream().distinct().count()) {
            throw HubError.invalid("inbox_ids names an inbox that does not exist");
          }
          return null;
        });
  }

  static Bot bot(Row r) {
    Set<BotScope> scopes = EnumSet.noneOf(BotScope.class);
    for (String s : r.getArrayOfStrings("scopes")) {
      BotScope scope = BotScope.parse(s);
      if (scope != null) {
        scopes.add(scope);
      }
    }
    return new Bot(r.getLong("id"), r.getString("name"), r.getString("webhook_url"), scopes,
        List.of(r.getArrayOfLongs("inbox_ids")), r.getBoolean("allow_private_network"), r.getBoolean("active"),
        r.getString("disabled_reason"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"),
        new Bot.Endpoint(r.getInteger("failures"), r.getOffsetDateTime("failing_since"), r.getOffsetDateTime("paused_until")));
  }

  private static String[] wire(Set<BotScope> scopes) {
    return scopes.stream().map(BotScope::wire).sorted().toArray(String[]::new);
  }

  private static String newToken() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static Buffer hash(String token) {
    try {
      return Buffer.buffer(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String time(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }

}
