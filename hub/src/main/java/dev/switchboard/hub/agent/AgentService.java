package dev.switchboard.hub.agent;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Agents, their passwords and their bearer tokens. Hashing runs on workers, never on an event loop. */
public final class AgentService {

  /** Who a token belongs to, cached briefly so a busy inbox does not ask PostgreSQL on every call. */
  private record Cached(Agent agent, long until) {}

  private static final long TOKEN_CACHE_MILLIS = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Compared against when the email is unknown, so a wrong email costs as long as a wrong password. */
  private static final class Dummy {
    static final String HASH = PasswordHasher.hash("not a password");
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Map<String, Cached> tokenCache = new ConcurrentHashMap<>();

  public AgentService(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /**
   * Creates the first admin when there is no agent at all (SWITCHBOARD_ADMIN_EMAIL/PASSWORD);
   * {@code true} when this call created it.
   */
  public Future<Boolean> ensureFirstAdmin(String email, String password) {
    if (email == null || password == null || email.isBlank() || password.isEmpty()) {
      return Future.succeededFuture(false);
    }
    return pool.query("select count(*) as n from agent").execute().compose(rows -> {
      if (rows.iterator().next().getLong("n") > 0) {
        return Future.succeededFuture(false);
      }
      return create(email, "Admin", password, "admin").map(true)
          .recover(e -> e instanceof Conflict ? Future.succeededFuture(false) : Future.failedFuture(e));
    });
  }

  public Future<Agent> create(String email, String name, String password, String role) {
    String normalized = email.trim().toLowerCase(Locale.ROOT);
    // unordered: one slow hash must not queue every other login of this event loop behind it
    return vertx.executeBlocking(() -> PasswordHasher.hash(password), false)
        .compose(hash -> pool.preparedQuery("""
                insert into agent (email, name, role, password_hash) values ($1, $2, $3, $4)
                on conflict (email) do nothing returning id, email, name, role""")
            .execute(Tuple.of(normalized, name, role, hash)))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new Conflict("an agent with this email exists"))
            : Future.succeededFuture(agent(rows.iterator().next())));
  }

  /** A new bearer token for a correct email and password; {@code null} otherwise. */
  public Future<String> login(String email, String password) {
    String normalized = email.trim().toLowerCase(Locale.ROOT);
    return pool.preparedQuery("select id, password_hash from agent where email = $1 and active")
        .execute(Tuple.of(normalized))
        .compose(rows -> {
          Row r = rows.size() == 0 ? null : rows.iterator().next();
          String stored = r == null ? null : r.getString("password_hash");
          return vertx.executeBlocking(() -> PasswordHasher.matches(password, stored == null ? Dummy.HASH : stored),
                  false)
              .compose(ok -> ok && r != null ? issueToken(r.getLong("id")) : Future.succeededFuture(null));
        });
  }

  /** The agent a token belongs to, or {@code null} for an unknown or expired token. */
  public Future<Agent> authenticate(String token) {
    if (token == null || token.isEmpty() || token.length() > 200) {
      return Future.succeededFuture(null);
    }
    String key = hashToken(token);
    Cached cached = tokenCache.get(key);
    if (cached != null && cached.until() > System.currentTimeMillis()) {
      return Future.succeededFuture(cached.agent());
    }
    return pool.preparedQuery("""
            select a.id, a.email, a.name, a.role from agent_token t join agent a on a.id = t.agent_id
             where t.token_hash = $1 and t.expires_at > now() and a.active""")
        .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(Base64.getUrlDecoder().decode(key))))
        .map(rows -> {
          if (rows.size() == 0) {
            tokenCache.remove(key);
            return null;
          }
          Agent a = agent(rows.iterator().next());
          tokenCache.put(key, new Cached(a, System.currentTimeMillis() + TOKEN_CACHE_MILLIS));
          return a;
        });
  }

  public Future<Agent> byId(long id) {
    return pool.preparedQuery("select id, email, name, role from agent where id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : agent(rows.iterator().next()));
  }

  public Future<List<Agent>> list() {
    return pool.query("select id, email, name, role from agent where active order by name, id").execute()
        .map(rows -> {
          List<Agent> out = new ArrayList<>();
          rows.forEach(r -> out.add(agent(r)));
          return out;
        });
  }

  private Future<String> issueToken(long agentId) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    byte[] hash = Base64.getUrlDecoder().decode(hashToken(token));
    return pool.preparedQuery("""
            insert into agent_token (token_hash, agent_id, expires_at) values ($1, $2, now() + interval '30 days')""")
        .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(hash), agentId))
        .map(token);
  }

  private static String hashToken(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Agent agent(Row r) {
    return new Agent(r.getLong("id"), r.getString("email"), r.getString("name"), r.getString("role"));
  }

  /** The thing to create exists already. */
  public static final class Conflict extends RuntimeException {
    public Conflict(String message) {
      super(message);
    }
  }
}
