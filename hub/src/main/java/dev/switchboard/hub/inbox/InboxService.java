package dev.switchboard.hub.inbox;

import dev.switchboard.connectors.spi.ChannelDescriptor;
import dev.switchboard.connectors.spi.ConnectorContext.NoSuchInboxException;
import dev.switchboard.connectors.spi.InboxConfig;
import dev.switchboard.hub.channel.Channels;
import dev.switchboard.hub.store.PgFailures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Channel inboxes, stored in PostgreSQL. Secrets are kept apart from the rest of the config and
 * never leave this class: an {@link Inbox} carries only their names. Connectors read inboxes through a two-second cache, so
 * a new or changed inbox works on every node within two seconds, without a restart.
 */
public final class InboxService {

  /** Local event-bus address: an inbox was created or changed, set it up now. */
  public static final String SETUP_KICK = "switchboard.inbox.setup.kick";

  private static final long CACHE_MILLIS = 2_000;
  /** Far more inboxes than a deployment has; the cache holds only inboxes that exist. */
  private static final int CACHE_MAX = 1_000;

  private record Cached(InboxConfig inbox, long until) {}

  private final Pool pool;
  private final Channels channels;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /** Which config keys are secrets comes from each channel's descriptor. */
  public InboxService(Pool pool, Channels channels) {
    this.pool = pool;
    this.channels = channels;
  }

  /**
   * The enabled inbox, secrets merged into its config, for connectors only. Anyone can name an
   * inbox (the widget socket is public), so only ids written the one canonical way are looked up,
   * and only inboxes that exist are cached: made-up ids cost one index read and no memory.
   */
  public Future<InboxConfig> enabled(String id) {
    String key = canonicalId(id);
    if (key == null) {
      return Future.failedFuture(new NoSuchInboxException("?"));
    }
    Cached c = cache.get(key);
    if (c != null && c.until() > System.currentTimeMillis()) {
      return Future.succeededFuture(c.inbox());
    }
    return load(key);
  }

  /** The enabled inbox as stored now, past the cache (setting it up must see the change just made). */
  public Future<InboxConfig> enabledNow(long id) {
    return load(String.valueOf(id));
  }

  private Future<InboxConfig> load(String key) {
    return pool.preparedQuery(InboxSql.ENABLED_BY_ID)
        .execute(Tuple.of(Long.parseLong(key)))
        .compose(rows -> {
          if (rows.size() == 0) {
            cache.remove(key);
            return Future.failedFuture(new NoSuchInboxException(key));
          }
          Row r = rows.iterator().next();
          JsonObject config = ((JsonObject) r.getValue("config")).copy().mergeIn((JsonObject) r.getValue("secrets"));
          InboxConfig inbox = new InboxConfig(key, r.getString("name"), r.getString("channel"), config);
          remember(key, inbox);
          return Future.succeededFuture(inbox);
        });
  }

  /** How many inboxes this node holds in its cache. */
  int cached() {
    return cache.size();
  }

  private void remember(String key, InboxConfig inbox) {
    long now = System.currentTimeMillis();
    if (cache.size() >= CACHE_MAX) {
      cache.values().removeIf(c -> c.until() <= now);
      if (cache.size() >= CACHE_MAX) {
        cache.clear();
      }
    }
    cache.put(key, new Cached(inbox, now + CACHE_MILLIS));
  }

  /** {@code "42"} for "42"; {@code null} for "042", "-1", "4e2", 4,000 digits or no id at all. */
  static String canonicalId(String id) {
    return id != null && id.length() <= 18 && id.matches("[1-9][0-9]*") ? id : null;
  }

  /** Every enabled inbox of a channel (pollers, webhooks that find their inbox by address). */
  public Future<List<InboxConfig>> enabledOfChannel(String channel) {
    return pool.preparedQuery(InboxSql.ENABLED_OF_CHANNEL)
        .execute(Tuple.of(channel))
        .map(rows -> {
          List<InboxConfig> out = new ArrayList<>();
          rows.forEach(r -> out.add(new InboxConfig(String.valueOf(r.getLong("id")), r.getString("name"),
              r.getString("channel"),
              ((JsonObject) r.getValue("config")).copy().mergeIn((JsonObject) r.getValue("secrets")))));
          return out;
        });
  }

  public Future<List<Inbox>> list() {
    return pool.query(InboxSql.LIST).execute().map(rows -> {
      List<Inbox> out = new ArrayList<>();
      rows.forEach(r -> out.add(inbox(r)));
      return out;
    })
        .recover(PgFailures::recover);
  }

  /** The inbox, or {@code null}. */
  public Future<Inbox> get(long id) {
    return pool.preparedQuery(InboxSql.BY_ID).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : inbox(rows.iterator().next()))
        .recover(PgFailures::recover);
  }

  /**
   * Creates an inbox; {@code config} may hold secrets, which are split off and stored apart. Its set-up
   * on the provider's side ({@link #leaseSetups}) is asked for in the same statement.
   */
  public Future<Inbox> create(String name, String channel, JsonObject config) {
    JsonObject[] split = split(channel, config);
    return pool.preparedQuery(InboxSql.INSERT)
        .execute(Tuple.of(name, channel, split[0], split[1]))
        .map(rows -> inbox(rows.iterator().next()))
        .recover(PgFailures::recover);
  }

  /**
   * Changes name, enabled, and config keys given (others kept; a secret set to null is removed);
   * {@code null} when there is no such inbox. A change of its config, or enabling it, asks for its
   * set-up on the provider's side again, in the same transaction.
   */
  public Future<Inbox> update(long id, String name, Boolean enabled, JsonObject config) {
    return pool.withTransaction(tx -> tx.preparedQuery(InboxSql.LOCK_BY_ID)
        .execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.<Inbox>succeededFuture(null);
          }
          Row r = rows.iterator().next();
          String channel = r.getString("channel");
          JsonObject plain = ((JsonObject) r.getValue("config")).copy();
          JsonObject secrets = ((JsonObject) r.getValue("secrets")).copy();
          if (config != null) {
            JsonObject[] split = split(channel, config);
            plain.mergeIn(split[0]);
            secrets.mergeIn(split[1]);
            secrets.fieldNames().removeIf(k -> secrets.getValue(k) == null);
          }
          boolean setUpAgain = config != null || (Boolean.TRUE.equals(enabled) && !r.getBoolean("enabled"));
          return tx.preparedQuery(InboxSql.UPDATE)
              .execute(Tuple.of(id, name, enabled, plain, secrets))
              .compose(v -> setUpAgain ? tx.preparedQuery(InboxSql.REQUEST_SETUP).execute(Tuple.of(id)).mapEmpty()
                  : Future.succeededFuture())
              .compose(v -> tx.preparedQuery(InboxSql.BY_ID).execute(Tuple.of(id)))
              .map(updated -> inbox(updated.iterator().next()));
        }))
        .onSuccess(v -> cache.remove(String.valueOf(id)))
        .recover(PgFailures::recover);
  }

  /** Deletes an inbox; its conversations and messages stay. */
  public Future<Boolean> delete(long id) {
    return pool.preparedQuery(InboxSql.DELETE).execute(Tuple.of(id))
        .map(rows -> rows.rowCount() > 0)
        .onSuccess(v -> cache.remove(String.valueOf(id)))
        .recover(PgFailures::recover);
  }

  /** A set-up to run now: attempt {@code attempt} for request {@code generation} of the inbox. */
  public record SetupLease(long inboxId, int generation, int attempt) {}

  /** Takes up to {@code max} due set-ups for {@code leaseSeconds}; no other node gets them meanwhile. */
  public Future<List<SetupLease>> leaseSetups(int leaseSeconds, int max) {
    return pool.preparedQuery(InboxSql.LEASE_SETUPS).execute(Tuple.of((double) leaseSeconds, max))
        .map(rows -> {
          List<SetupLease> out = new ArrayList<>();
          rows.forEach(r -> out.add(new SetupLease(r.getLong("inbox_id"), r.getInteger("generation"), r.getInteger("attempts"))));
          return out;
        });
  }

  /**
   * Records how a set-up went: {@code done}, {@code failed} for good, or {@code pending} again after
   * {@code retrySeconds}. Ignored when the inbox was changed meanwhile (a newer request is due).
   */
  public Future<Void> setupAttempted(SetupLease lease, String state, String message, long retrySeconds) {
    return pool.preparedQuery(InboxSql.SETUP_ATTEMPTED)
        .execute(Tuple.of(lease.inboxId(), lease.generation(), state, message, (double) retrySeconds))
        .mapEmpty();
  }

  /** The channel needed nothing set up: forgets the request, so the inbox shows no set-up. */
  public Future<Void> setupNotNeeded(SetupLease lease) {
    return pool.preparedQuery(InboxSql.SETUP_NOT_NEEDED).execute(Tuple.of(lease.inboxId(), lease.generation()))
        .mapEmpty();
  }

  /** Whether a key of this channel's config is a secret (its descriptor says so). */
  public boolean isSecret(String channel, String key) {
    ChannelDescriptor d = channels.descriptor(channel);
    return d != null && d.isSecret(key);
  }

  private JsonObject[] split(String channel, JsonObject config) {
    JsonObject plain = new JsonObject();
    JsonObject secrets = new JsonObject();
    config.forEach(e -> (isSecret(channel, e.getKey()) ? secrets : plain).put(e.getKey(), e.getValue()));
    return new JsonObject[] {plain, secrets};
  }

  /** Only the names of the secrets leave this class; their values stay in the row. */
  private static Inbox inbox(Row r) {
    JsonObject secrets = (JsonObject) r.getValue("secrets");
    String setupState = r.getString("setup_state");
    JsonObject setup = setupState == null ? null : new JsonObject().put("state", setupState)
        .put("message", r.getString("setup_message"))
        .put("updated_at", r.getOffsetDateTime("setup_updated_at").toInstant().toString());
    return new Inbox(r.getLong("id"), r.getString("name"), r.getString("channel"), (JsonObject) r.getValue("config"),
        Collections.unmodifiableSet(new LinkedHashSet<>(secrets.fieldNames())), r.getBoolean("enabled"),
        r.getOffsetDateTime("created_at").toInstant(), r.getOffsetDateTime("updated_at").toInstant(), setup);
  }
}
