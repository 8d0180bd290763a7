package dev.switchboard.hub.bots;

/** Every statement of the bots package. */
final class BotSql {

  private BotSql() {}

  static final String COLUMNS = """
      id, name, webhook_url, scopes, inbox_ids, allow_private_network, active, disabled_reason, created_at,
      updated_at, failures, failing_since, paused_until""";

  static final String LIST = "select " + COLUMNS + " from bot order by id";

  static final String BY_ID = "select " + COLUMNS + " from bot where id = $1";

  /** The active bot holding a token. */
  static final String BY_TOKEN = "select " + COLUMNS + " from bot where token_hash = $1 and active";

  /** How many of the given inboxes exist (all must). */
  static final String INBOXES_EXISTING = "select count(*) as n from inbox where id = any($1)";

  static final String INSERT = """
      insert into bot (name, webhook_url, scopes, inbox_ids, allow_private_network, token_hash, webhook_secret)
      values ($1, $2, $3, $4, $5, $6, $7)
      returning """ + " " + COLUMNS;

  /** Each field given replaces the stored one ({@code $n} null: kept); {@code $2} webhook_url set when $8. */
  static final String UPDATE = """
      update bot set name = coalesce($2, name),
                     webhook_url = case when $8 then $3 else webhook_url end,
                     -- a new endpoint starts with a clean record
                     failures = case when $8 and $3 is distinct from webhook_url then 0 else failures end,
                     failing_since = case when $8 and $3 is distinct from webhook_url then null else failing_since end,
                     paused_until = case when $8 and $3 is distinct from webhook_url then null else paused_until end,
                     scopes = coalesce($4, scopes),
                     inbox_ids = coalesce($5, inbox_ids),
                     allow_private_network = coalesce($6, allow_private_network),
                     active = coalesce($7, active),
                     disabled_reason = case when $7 then null else disabled_reason end,
                     updated_at = now()
       where id = $1
      returning """ + " " + COLUMNS;

  static final String DELETE = "delete from bot where id = $1";

  static final String ROTATE = """
      update bot set token_hash = $2, webhook_secret = $3, updated_at = now() where id = $1 returning """ + " " + COLUMNS;

  /** A bot endpoint answered 410 Gone: it wants no more events. */
  static final String DISABLE = """
      update bot set active = false, disabled_reason = $2, updated_at = now() where id = $1 and active""";

  // ---- audit

  static final String AUDIT_INSERT = """
      insert into bot_audit (bot_id, method, path, status, duration_ms, at)
      select t.bot_id, t.method, t.path, t.status, t.duration_ms, t.at
        from unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::int[], $6::timestamptz[])
             as t(bot_id, method, path, status, duration_ms, at)
       where exists (select 1 from bot where bot.id = t.bot_id)""";

  static final String AUDIT_PAGE = """
      select id, method, path, status, duration_ms, at from bot_audit
       where bot_id = $1 and id < $2 order by id desc limit $3""";

  // ---- events into the outbox

  /**
   * The opened / resolved transitions among a batch of conversation snapshots (arrays: conversation,
   * status, updated_at, inbox), for conversations a bot serves: each snapshot newer than the one
   * last seen moves the stored status; the rows returned are those whose status changed, with the
   * status before (null: never seen).
   */
  static final String STATUS_TRANSITIONS = """
      with given as (
        select distinct on (t.conversation_id) t.conversation_id, t.status, t.updated_at
          from unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::bigint[]) as t(conversation_id, status, updated_at, inbox)
         where exists (select 1 from bot b where b.active and t.inbox = any(b.inbox_ids))
         order by t.conversation_id, t.updated_at desc),
      before as (
        select s.conversation_id, s.status from bot_conversation_status s join given g using (conversation_id)),
      moved as (
        insert into bot_conversation_status (conversation_id, status, updated_at)
        select conversation_id, status, updated_at from given
        on conflict (conversation_id) do update set status = excluded.status, updated_at = excluded.updated_at
         where bot_conversation_status.updated_at < excluded.updated_at
           and bot_conversation_status.status <> excluded.status
        returning conversation_id, status)
      select m.conversation_id, m.status, b.status as before from moved m left join before b using (conversation_id)""";

  /**
   * One batch of events (arrays: inbox, type, data JSON, timestamp, bot) fanned out to every active bot
   * serving the inbox (when the event names a bot, to that bot alone, and only while it serves the
   * inbox: a decision on its draft carries the agent's reply), each bot's rows numbered on from its {@code event_seq} (its row is locked, so
   * seqs follow commit order). Rows of a bot without a webhook URL are only stored.
   */
  static final String ENQUEUE = """
      with ev as (
        select * from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[]) with ordinality
                 as t(inbox, type, data, at, bot, ord)),
      fan as (
        select b.id as bot_id, b.webhook_url, ev.type, ev.data, ev.at, ev.ord
          from ev join bot b on b.active
                            and ev.inbox = any(b.inbox_ids) and (ev.bot is null or b.id = ev.bot)),
      counted as (
        update bot b set event_seq = b.event_seq + c.n
          from (select bot_id, count(*) as n from fan group by bot_id) c
         where b.id = c.bot_id
        returning b.id, b.event_seq - c.n as base)
      insert into bot_delivery (bot_id, seq, type, body, status, next_attempt_at)
      select f.bot_id, c.base + row_number() over (partition by f.bot_id order by f.ord), f.type,
             json_build_object('type', f.type, 'timestamp', f.at, 'data', f.data::json)::text,
             case when f.webhook_url is null then 'stored' else 'pending' end,
             case when f.webhook_url is null then null else now() end
        from fan f join counted c on c.id = f.bot_id
      returning bot_id, status""";

  /** A bot's stored events after a seq, for its socket (catch-up and live). */
  static final String EVENTS_AFTER = """
      select seq, body from bot_delivery where bot_id = $1 and seq > $2 order by seq limit $3""";

  static final String LAST_SEQ = "select event_seq from bot where id = $1";

  // ---- delivery

  /** Due rows of active bots with a URL, each taken by one node; a lease that runs out makes it due again. */
  /**
   * Leases due events, oldest due first, $2 in all, and per bot what is left of its share $3 once the
   * sends it has under way on this node are counted (bots $4 with counts $5): bots whose endpoint is
   * paused after a failure ({@code paused_until}) are not even looked at, so a dead endpoint's backlog
   * is never scanned.
   */
  static final String LEASE = """
      update bot_delivery d set attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $1)
       where d.id = any(array(
               select x.id from bot b
                 cross join lateral (select x.id, x.next_attempt_at from bot_delivery x
                                      where x.bot_id = b.id and x.status = 'pending' and x.next_attempt_at <= now()
                                      order by x.next_attempt_at, x.id
                                      limit greatest(0, $3 - coalesce((select f.n from unnest($4::bigint[], $5::int[]) f(bot, n)
                                                                        where f.bot = b.id), 0))
                                      for update skip locked) x
                where b.active and b.webhook_url is not null and (b.paused_until is null or b.paused_until <= now())
                order by x.next_attempt_at, x.id limit $2))
      returning d.id, d.bot_id, d.attempts, d.max_attempts, d.body,
                (select b.webhook_url from bot b where b.id = d.bot_id) as webhook_url,
                (select b.webhook_secret from bot b where b.id = d.bot_id) as webhook_secret,
                (select b.allow_private_network from bot b where b.id = d.bot_id) as allow_private_network""";

  /**
   * A delivered event; the bot's endpoint is no longer failing (a write only when it was: bot $4),
   * in the same statement.
   */
  static final String DELIVERED = """
      with endpoint_ok as (
        update bot set failures = 0, failing_since = null, paused_until = null where id = $4 and failures > 0)
      update bot_delivery set status = 'delivered', delivered_at = now(), next_attempt_at = null,
                              last_status_code = $2, last_duration_ms = $3, last_error = null
       where id = $1""";

  /**
   * A failed try: again after $5 seconds, or dead when $6. In the same statement the endpoint of bot
   * $7 is paused for 5 s doubled per failure in a row (at most 10 min, ±20 %), and none of its events
   * is tried before then. The sends that were under way together and fail together count once: a
   * failure while already paused changes nothing.
   */
  static final String FAILED = """
      with endpoint_failed as (
        update bot set failures = failures + 1, failing_since = coalesce(failing_since, now()),
                       paused_until = now() + make_interval(secs => least(600, 5 * power(2, least(failures, 7)))
                                                                    * (0.8 + 0.4 * random()))
         where id = $7 and (paused_until is null or paused_until <= now()))
      update bot_delivery set status = case when $6 then 'dead' else 'pending' end,
                              next_attempt_at = case when $6 then null else now() + make_interval(secs => $5) end,
                              last_status_code = $2, last_duration_ms = $3, last_error = $4
       where id = $1""";

  static final String DELIVERY_PAGE = """
      select id, seq, type, status, attempts, max_attempts, last_status_code, last_duration_ms, last_error,
             next_attempt_at, created_at, delivered_at
        from bot_delivery where bot_id = $1 and id < $2 order by id desc limit $3""";

  /** A manual retry: one more try now (a dead or delivered row included). */
  static final String RETRY = """
      with unpaused as (update bot set failures = 0, failing_since = null, paused_until = null where id = $1)
      update bot_delivery set status = 'pending', next_attempt_at = now(), max_attempts = attempts + 1
       where id = $2 and bot_id = $1 and status <> 'stored'
      returning id, seq, type, status, attempts, max_attempts, last_status_code, last_duration_ms, last_error,
                next_attempt_at, created_at, delivered_at""";

  // ---- retention (BotRetentionSweeper): one batch each, $1 days, $2 rows, found through the partial
  // indexes of V19 and deleted by primary key (= any(array(...)): never a hash join over the table);
  // the outer condition is checked again on the row as it is now, so one a manual retry made
  // pending in between stays

  static final String SWEEP_DELIVERED = """
      delete from bot_delivery d
       where d.id = any(array(select x.id from bot_delivery x
                               where x.status in ('delivered', 'stored') and x.created_at < now() - make_interval(days => $1)
                               order by x.created_at limit $2 for update skip locked))
         and d.status in ('delivered', 'stored')""";

  static final String SWEEP_DEAD = """
      delete from bot_delivery d
       where d.id = any(array(select x.id from bot_delivery x
                               where x.status = 'dead' and x.created_at < now() - make_interval(days => $1)
                               order by x.created_at limit $2 for update skip locked))
         and d.status = 'dead'""";

  /**
   * Pending events due for more than $1 hours: their bot's endpoint kept failing (paused) that long.
   * They are dead, with the reason, and an admin can retry them from the delivery log.
   */
  static final String EXPIRE_PENDING = """
      update bot_delivery d set status = 'dead', next_attempt_at = null,
                                last_error = 'not delivered: the bot''s endpoint kept failing for ' || $1 || ' hours'
       where d.id = any(array(select x.id from bot_delivery x
                               where x.status = 'pending' and x.next_attempt_at < now() - make_interval(hours => $1)
                               limit $2 for update skip locked))
         and d.status = 'pending'""";

  static final String SWEEP_AUDIT = """
      delete from bot_audit a
       where a.id = any(array(select x.id from bot_audit x where x.at < now() - make_interval(days => $1)
                               order by x.at limit $2 for update skip locked))""";
}
