package dev.switchboard.hub.inbox;

/** All SQL of inboxes and their members, in one place. Secrets sit in their own column. */
final class InboxSql {

  private InboxSql() {}

  /** For connectors: config and secrets, enabled inboxes only. */
  static final String ENABLED_BY_ID = "select id, name, channel, config, secrets from inbox where id = $1 and enabled";

  static final String ENABLED_OF_CHANNEL =
      "select id, name, channel, config, secrets from inbox where channel = $1 and enabled";

  /** An inbox with its set-up's outcome ({@code setup_*}, null when there is none). */
  private static final String WITH_SETUP = """
      select i.*, s.state as setup_state, s.message as setup_message, s.updated_at as setup_updated_at
        from inbox i left join inbox_setup s on s.inbox_id = i.id""";

  static final String LIST = WITH_SETUP + " order by i.id";

  static final String BY_ID = WITH_SETUP + " where i.id = $1";

  /** The inbox and the request to set it up on the provider's side, in one statement. */
  static final String INSERT = """
      with i as (insert into inbox (name, channel, config, secrets) values ($1, $2, $3, $4) returning *),
           s as (insert into inbox_setup (inbox_id) select id from i returning *)
      select i.*, s.state as setup_state, s.message as setup_message, s.updated_at as setup_updated_at
        from i, s""";

  static final String LOCK_BY_ID = "select * from inbox where id = $1 for update";

  static final String UPDATE = """
      update inbox set name = coalesce($2, name), enabled = coalesce($3, enabled), config = $4,
             secrets = $5, updated_at = now() where id = $1""";

  /** Asks for the inbox to be set up (again): a new generation, due now, its attempts counted afresh. */
  static final String REQUEST_SETUP = """
      insert into inbox_setup (inbox_id) values ($1)
      on conflict (inbox_id) do update set state = 'pending', generation = inbox_setup.generation + 1,
        attempts = 0, due_at = now(), message = null, updated_at = now()""";

  /**
   * Due set-ups, each taken by one node only, until its lease runs out; one still running for an
   * older generation keeps its lease, so two attempts for one inbox never overlap.
   */
  static final String LEASE_SETUPS = """
      update inbox_setup s set attempts = s.attempts + 1, leased_until = now() + make_interval(secs => $1)
       where s.inbox_id in (select inbox_id from inbox_setup
                             where state = 'pending' and due_at <= now()
                               and (leased_until is null or leased_until <= now())
                             order by due_at limit $2 for update skip locked)
      returning s.inbox_id, s.generation, s.attempts""";

  /** Records an attempt's outcome ($3: done, pending again after $5 seconds, failed) if no newer request came. */
  static final String SETUP_ATTEMPTED = """
      update inbox_setup set leased_until = null,
        state = case when generation = $2 then $3 else state end,
        message = case when generation = $2 then $4 else message end,
        due_at = case when generation = $2 then now() + make_interval(secs => $5) else due_at end,
        updated_at = case when generation = $2 then now() else updated_at end
       where inbox_id = $1""";

  /** A channel with nothing to set up: the request is forgotten (unless a newer one came). */
  static final String SETUP_NOT_NEEDED = """
      with forgotten as (delete from inbox_setup where inbox_id = $1 and generation = $2)
      update inbox_setup set leased_until = null where inbox_id = $1 and generation <> $2""";

  /** Its conversations and messages stay. */
  static final String DELETE = "delete from inbox where id = $1";

  static final String UNKNOWN_AGENTS = "select x.id from unnest($1::bigint[]) x(id) where not exists "
      + "(select 1 from agent a where a.id = x.id) order by x.id";

  static final String DELETE_MEMBERS = "delete from inbox_member where inbox_id = $1";

  static final String INSERT_MEMBERS = "insert into inbox_member (inbox_id, agent_id) "
      + "select $1, unnest($2::bigint[]) on conflict do nothing";

  static final String MEMBERS_OF = "select inbox_id, agent_id from inbox_member where inbox_id = any($1) "
      + "order by inbox_id, agent_id";

  static final String ALL_MEMBERS = "select inbox_id, agent_id from inbox_member";
}
