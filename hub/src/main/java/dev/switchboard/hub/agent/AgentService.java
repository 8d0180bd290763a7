package dev.switchboard.hub.agent;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.limits.Bulkhead;
import dev.switchboard.hub.store.PgFailures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Agents, their passwords and their bearer tokens. Hashing runs on workers through one
 * bound per node ({@link #HASHING_PERMITS}), never on an event loop.
 *
 * <p>Tokens are checked against PostgreSQL on every call, with no cache: a revoked token (logout,
 * deactivation) must be refused at once on every node, and a cache would keep it alive until
 * expiry on any node that missed the revocation broadcast. The lookup is one primary-key read
 * joined to one more (measured: 0.14 ms mean, ~14,800/s on two shared cores with pgbench against
 * 100,000 tokens), about what each request's Redis rate-limit counter costs already.
 */
public final class AgentService {

  /** An agent before and after a change. */
  private record Change(Agent before, Agent after) {
    /** Open sockets hold the agent as it was: they must re-check (and close, or reconnect). */
    boolean endsSessions() {
      return before.active() != after.active() || !before.role().equals(after.role());
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  /** Compared against when the email is unknown, so a wrong email costs as long as a wrong password. */
  private static final class Dummy {
    static final String HASH = PasswordHasher.hash("not a password");
  }

  /**
   * Password hashes at once on this node: half the cores (at least one), and a line of four per
   * permit (about a second of waiting at most). PBKDF2 is slow on purpose; whoever reaches the
   * login route could otherwise queue enough of it onto the worker pool to take every core from
   * the message path, so beyond the line a login fails at once (503 busy) instead of queueing.
   */
  static final int HASHING_PERMITS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

  private final Vertx vertx;
  private final Pool pool;
  private final SessionsEnded sessionsEnded;
  private final Bulkhead hashing = new Bulkhead("password checks", HASHING_PERMITS, 4 * HASHING_PERMITS);

  public AgentService(Vertx vertx, Pool pool, SessionsEnded sessionsEnded) {
    this.vertx = vertx;
    this.pool = pool;
    this.sessionsEnded = sessionsEnded;
  }

  /**
   * Creates the first admin when there is no agent at all (SWITCHBOARD_ADMIN_EMAIL/PASSWORD);
   * {@code true} when this call created it.
   */
  public Future<Boolean> ensureFirstAdmin(String email, String password) {
    if (email == null || password == null || email.isBlank() || password.isEmpty()) {
      return Future.succeededFuture(false);
    }
    return pool.query(AgentSql.COUNT).execute().compose(rows -> {
      if (rows.iterator().next().getLong("n") > 0) {
        return Future.succeededFuture(false);
      }
      return create(email, "Admin", password, "admin").map(true)
          .recover(e -> e instanceof HubError h && h.status() == 409
              ? Future.succeededFuture(false) : Future.failedFuture(e));
    });
  }

  /** A new agent; fails with {@link HubError} busy when this node is hashing all it may. */
  public Future<Agent> create(String email, String name, String password, String role) {
    String normalized = email.trim().toLowerCase(Locale.ROOT);
    return hashed(() -> PasswordHasher.hash(password))
        .compose(hash -> pool.preparedQuery(AgentSql.INSERT)
            .execute(Tuple.of(normalized, name, role, hash)))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(HubError.conflict("an agent with this email exists"))
            : Future.succeededFuture(agent(rows.iterator().next())))
        .recover(PgFailures::recover);
  }

  /**
   * A strong password for an invited agent, shown once to the admin who invites them (the hub
   * keeps only its hash): 18 random bytes, 24 URL-safe characters, easy to copy.
   */
  public static String generatedPassword() {
    byte[] raw = new byte[18];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /**
   * Changes the agent's own password after checking their current one. Every other token of theirs
   * is revoked (their other sessions and sockets end); the one the change was made with stays.
   * {@code false} when {@code current} is wrong (nothing changed). Fails with {@link HubError} busy
   * when this node is hashing all it may.
   */
  public Future<Boolean> changePassword(long agentId, String token, String current, String password) {
    return pool.preparedQuery(AgentSql.PASSWORD_OF).execute(Tuple.of(agentId))
        .compose(rows -> {
          String stored = rows.size() == 0 ? null : rows.iterator().next().getString("password_hash");
          return hashed(() -> PasswordHasher.matches(current, stored == null ? Dummy.HASH : stored)
              && stored != null);
        })
        .compose(ok -> !ok ? Future.succeededFuture(false)
            : hashed(() -> PasswordHasher.hash(password))
                .compose(hash -> pool.withTransaction(tx -> tx.preparedQuery(AgentSql.SET_PASSWORD)
                    .execute(Tuple.of(agentId, hash))
                    .compose(v -> tx.preparedQuery(AgentSql.DELETE_OTHER_TOKENS)
                        .execute(Tuple.of(agentId, tokenHash(token))))))
                .map(deleted -> {
                  if (deleted.size() > 0) {
                    sessionsEnded.sessionsEnded(agentId);
                  }
                  return true;
                }))
        .recover(PgFailures::recover);
  }

  /**
   * A new bearer token for a correct email and password of an active agent; {@code null}
   * otherwise. Fails with {@link HubError} busy when this node is hashing all it may.
   */
  public Future<String> login(String email, String password) {
    String normalized = email.trim().toLowerCase(Locale.ROOT);
    return pool.preparedQuery(AgentSql.LOGIN)
        .execute(Tuple.of(normalized))
        .compose(rows -> {
          Row r = rows.size() == 0 ? null : rows.iterator().next();
          String stored = r == null ? null : r.getString("password_hash");
          return hashed(() -> PasswordHasher.matches(password, stored == null ? Dummy.HASH : stored))
              .compose(ok -> ok && r != null ? issueToken(r.getLong("id")) : Future.succeededFuture(null));
        })
        .recover(PgFailures::recover);
  }

  /** The active agent a token belongs to, or {@code null} for an unknown, expired or revoked token. */
  public Future<Agent> authenticate(String token) {
    if (token == null || token.isEmpty() || token.length() > 200) {
      return Future.succeededFuture(null);
    }
    return pool.preparedQuery(AgentSql.BY_TOKEN)
        .execute(Tuple.of(tokenHash(token)))
        .map(rows -> rows.size() == 0 ? null : agent(rows.iterator().next()))
        .recover(PgFailures::recover);
  }

  /** Revokes one token (logout); the sockets opened with it close on every node. */
  public Future<Void> logout(String token) {
    return pool.preparedQuery(AgentSql.DELETE_TOKEN)
        .execute(Tuple.of(tokenHash(token)))
        .<Void>map(rows -> {
          rows.forEach(r -> sessionsEnded.sessionsEnded(r.getLong("agent_id")));
          return null;
        })
        .recover(PgFailures::recover);
  }

  /**
   * Changes an agent; {@code null} when there is no such agent. Deactivating (and reactivating)
   * deletes all their tokens in the same transaction, so they are refused everywhere as soon as this completes; their
   * sockets are then closed on every node. Fails with a {@link HubError} conflict when an admin deactivates
   * themselves, or when the change would leave no active admin.
   */
  public Future<Agent> update(long callerId, long id, AgentChanges changes) {
    if (callerId == id && changes.deactivates()) {
      return Future.failedFuture(HubError.conflict("you cannot deactivate yourself"));
    }
    return pool.withTransaction(conn -> conn.preparedQuery(AgentSql.LOCK_ADMINS_AND)
            .execute(Tuple.of(id))
            .compose(rows -> {
              Agent before = find(rows, id);
              if (before == null) {
                return Future.<Change>succeededFuture(null);
              }
              boolean staysAdmin = "admin".equals(changes.role() == null ? before.role() : changes.role())
                  && (changes.active() == null ? before.active() : changes.active());
              // the rows are the active admins (and the target): the target being one, are there others?
              if (before.isAdmin() && before.active() && !staysAdmin && rows.size() <= 1) {
                return Future.<Change>failedFuture(HubError.conflict("this is the last active admin"));
              }
              return conn.preparedQuery(AgentSql.UPDATE)
                  .execute(Tuple.of(id, changes.name(), changes.role(), changes.active()))
                  .map(updated -> new Change(before, agent(updated.iterator().next())))
                  // on reactivation too: a login racing the deactivation may have slipped a token in
                  .compose(change -> change.before().active() != change.after().active()
                      ? conn.preparedQuery(AgentSql.DELETE_TOKENS_OF).execute(Tuple.of(id))
                          .map(change)
                      : Future.succeededFuture(change));
            }))
        .map(change -> {
          if (change == null) {
            return null;
          }
          if (change.endsSessions()) {
            // after the commit: a node that re-checks must find the tokens gone
            sessionsEnded.sessionsEnded(id);
          }
          return change.after();
        })
        .recover(PgFailures::recover);
  }

  public Future<Agent> byId(long id) {
    return pool.preparedQuery(AgentSql.BY_ID).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : agent(rows.iterator().next()))
        .recover(PgFailures::recover);
  }

  /** Active agents, and with {@code withInactive} the deactivated ones too (for admins). */
  public Future<List<Agent>> list(boolean withInactive) {
    return pool.preparedQuery(AgentSql.LIST)
        .execute(Tuple.of(withInactive))
        .map(rows -> {
          List<Agent> out = new ArrayList<>();
          rows.forEach(r -> out.add(agent(r)));
          return out;
        })
        .recover(PgFailures::recover);
  }

  /** Active agents. */
  public Future<List<Agent>> list() {
    return list(false);
  }

  /** The most password hashes that ran at once on this node, and how many may. */
  int hashingPeak() {
    return hashing.peak();
  }

  int hashingPermits() {
    return HASHING_PERMITS;
  }

  /** On a worker, within the bound; unordered: one event loop's hashes need not wait for each other. */
  private <T> Future<T> hashed(java.util.concurrent.Callable<T> work) {
    return hashing.run(() -> vertx.executeBlocking(work, false));
  }

  private Future<String> issueToken(long agentId) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    return pool.preparedQuery(AgentSql.INSERT_TOKEN)
        .execute(Tuple.of(tokenHash(token), agentId))
        .map(token);
  }

  private static Buffer tokenHash(String token) {
    try {
      return Buffer.buffer(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Agent find(RowSet<Row> rows, long id) {
    for (Row r : rows) {
      if (r.getLong("id") == id) {
        return agent(r);
      }
    }
    return null;
  }

  private static Agent agent(Row r) {
    return new Agent(r.getLong("id"), r.getString("email"), r.getString("name"), r.getString("role"),
        r.getBoolean("active"));
  }
}
