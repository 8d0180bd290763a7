package dev.switchboard.hub.inbox;

/** All SQL of inboxes and their members, in one place. Secrets sit in their own column. */
final class InboxSql {

  private InboxSql() {}

  /** For connectors: config and secrets, enabled inboxes only. */
  static final String ENABLED_BY_ID = "select id, name, channel, config, secrets from inbox where id = $1 and enabled";

  static final String ENABLED_OF_CHANNEL =
      "select id, name, channel, config, secrets from inbox where channel = $1 and enabled";

  static final String LIST = "select * from inbox order by id";

  static final String BY_ID = "select * from inbox where id = $1";

  static final String INSERT = """
      insert into inbox (name, channel, config, secrets) values ($1, $2, $3, $4) returning *""";

  static final String LOCK_BY_ID = "select * from inbox where id = $1 for update";

  static final String UPDATE = """
      update inbox set name = coalesce($2, name), enabled = coalesce($3, enabled), config = $4,
             secrets = $5, updated_at = now() where id = $1 returning *""";

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
