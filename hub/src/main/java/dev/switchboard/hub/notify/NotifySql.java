package dev.switchboard.hub.notify;

/** Every statement on {@code notification}, in one place. */
final class NotifySql {

  private NotifySql() {}

  static final String COLUMNS = """
      id, agent_id, kind, conversation_id, message_id, actor_id, actor_name, preview, created_at, read_at""";

  /**
   * One mention per agent in {@code $1}; a second try for the same note and agent stores nothing
   * (the unique index), so only the rows returned are new.
   */
  static final String INSERT_MENTIONS = """
      insert into notification (agent_id, kind, conversation_id, message_id, actor_id, actor_name, preview)
      select a, 'mention', $2, $3, $4, $5, $6 from unnest($1::bigint[]) a
      on conflict do nothing
      returning\s""" + COLUMNS;

  static final String INSERT_ASSIGNED = """
      insert into notification (agent_id, kind, conversation_id, actor_id, actor_name)
      values ($1, 'assigned', $2, $3, $4)
      returning\s""" + COLUMNS;

  static final String INSERT_SNOOZE_ENDED = """
      insert into notification (agent_id, kind, conversation_id)
      values ($1, 'snooze_ended', $2)
      returning\s""" + COLUMNS;

  /** {@code $2}: unread ones only; {@code $3}: at most this many. Newest first. */
  static final String LIST = "select " + COLUMNS + """
       from notification
      where agent_id = $1 and (not $2 or read_at is null)
      order by id desc limit $3""";

  static final String UNREAD = "select count(*) as unread from notification where agent_id = $1 and read_at is null";

  /** Only the caller's: someone else's ids are left alone. */
  static final String MARK_READ = """
      update notification set read_at = now()
       where agent_id = $1 and id = any($2::bigint[]) and read_at is null""";
}
