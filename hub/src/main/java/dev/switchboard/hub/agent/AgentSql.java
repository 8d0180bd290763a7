package dev.switchboard.hub.agent;

/** All SQL of agents and their tokens, in one place. Tokens are stored as SHA-256 hashes only. */
final class AgentSql {

  private AgentSql() {}

  static final String COLUMNS = "id, email, name, role, active";

  static final String COUNT = "select count(*) as n from agent";

  /** No row back: an agent with this email exists already. */
  static final String INSERT = "insert into agent (email, name, role, password_hash)"
      + " values ($1, $2, $3, $4) on conflict (email) do nothing returning " + COLUMNS;

  static final String LOGIN = "select id, password_hash from agent where email = $1 and active";

  static final String INSERT_TOKEN = """
      insert into agent_token (token_hash, agent_id, expires_at) values ($1, $2, now() + interval '30 days')""";

  static final String BY_TOKEN = """
      select a.id, a.email, a.name, a.role, a.active from agent_token t join agent a on a.id = t.agent_id
       where t.token_hash = $1 and t.expires_at > now() and a.active""";

  static final String DELETE_TOKEN = "delete from agent_token where token_hash = $1 returning agent_id";

  static final String DELETE_TOKENS_OF = "delete from agent_token where agent_id = $1";

  /** Every active admin is locked (and the target): two admins demoting each other cannot both succeed. */
  static final String LOCK_ADMINS_AND =
      "select " + COLUMNS + " from agent where (role = 'admin' and active) or id = $1 order by id for update";

  static final String UPDATE = "update agent set name = coalesce($2, name), role = coalesce($3, role),"
      + " active = coalesce($4, active) where id = $1 returning " + COLUMNS;

  static final String BY_ID = "select " + COLUMNS + " from agent where id = $1";

  static final String PASSWORD_OF = "select password_hash from agent where id = $1 and active";

  static final String SET_PASSWORD = "update agent set password_hash = $2 where id = $1";

  /** Every token of the agent but the one ({@code $2}, a hash) the change was made with. */
  static final String DELETE_OTHER_TOKENS =
      "delete from agent_token where agent_id = $1 and token_hash <> $2 returning agent_id";

  static final String LIST = "select " + COLUMNS + " from agent where active or $1 order by name, id";
}
