package dev.switchboard.hub.routing;

/** Every statement on {@code team}, {@code team_member} and {@code agent.capacity}, in one place. */
final class TeamsSql {

  private TeamsSql() {}

  private static final String MEMBERS =
      "coalesce((select array_agg(m.agent_id order by m.agent_id) from team_member m where m.team_id = t.id), '{}')";

  static final String LIST = "select t.id, t.name, t.auto_assign, " + MEMBERS + " as member_ids"
      + " from team t order by t.name, t.id limit $1";

  static final String ONE = "select t.id, t.name, t.auto_assign, " + MEMBERS + " as member_ids"
      + " from team t where t.id = $1";

  static final String INSERT = "insert into team (name, auto_assign) values ($1, $2) returning id";

  /** {@code $2}, {@code $3}: a null keeps the current value. */
  static final String UPDATE = """
      update team set name = coalesce($2, name), auto_assign = coalesce($3, auto_assign), updated_at = now()
       where id = $1 returning id""";

  static final String DELETE = "delete from team where id = $1";

  static final String CLEAR_MEMBERS = "delete from team_member where team_id = $1";

  /** {@code $2}: agent ids; unknown ids fail on the foreign key. */
  static final String ADD_MEMBERS = """
      insert into team_member (team_id, agent_id) select $1, unnest($2::bigint[]) on conflict do nothing""";

  static final String CLEAR_AGENT_TEAMS = "delete from team_member where agent_id = $1";

  /** {@code $2}: team ids; unknown ids fail on the foreign key. */
  static final String ADD_AGENT_TEAMS = """
      insert into team_member (team_id, agent_id) select unnest($2::bigint[]), $1 on conflict do nothing""";

  static final String SET_CAPACITY = "update agent set capacity = $2 where id = $1";

  /** An agent's capacity and teams; no row for an unknown agent. */
  static final String AGENT_ROUTING = """
      select a.capacity,
             coalesce((select array_agg(m.team_id order by m.team_id) from team_member m where m.agent_id = a.id), '{}')
               as team_ids
        from agent a where a.id = $1""";

  /** Capacity and teams of each agent in {@code $1}. */
  static final String AGENTS_ROUTING = """
      select a.id, a.capacity,
             coalesce((select array_agg(m.team_id order by m.team_id) from team_member m where m.agent_id = a.id), '{}')
               as team_ids
        from agent a where a.id = any($1)""";

  /** Open conversations per assignee: what Redis's open counts are rebuilt from. */
  static final String OPEN_PER_AGENT = """
      select id, assignee_id from conversation where status <> 'resolved' and assignee_id is not null""";

  /**
   * Open conversations nobody holds (and no bot answers) in inboxes that assign automatically to a team that does, with
   * that team and since when they wait (ms): what the team queues are rebuilt from.
   */
  static final String WAITING = """
      select c.id, t.id as team_id,
             (extract(epoch from coalesce(c.waiting_since, c.last_message_at, c.updated_at)) * 1000)::bigint as since
        from conversation c
        join inbox i on i.id = c.last_inbound_inbox
        join team t on t.auto_assign
                   and t.id = case when i.config->>'team_id' ~ '^[0-9]{1,18}$' then (i.config->>'team_id')::bigint end
       where c.status = 'open' and c.assignee_id is null and c.bot_id is null and i.enabled
         and i.config->'auto_assign' = 'true'::jsonb
       order by since
       limit $1""";

  /** The conversations an agent holds (open, pending or snoozed). */
  static final String HELD_BY = "select id from conversation where assignee_id = $1 and status <> 'resolved' order by id";

  static final String FOREIGN_KEY_VIOLATION = "23503";
  static final String UNIQUE_NAME = "team_name_key";
}
