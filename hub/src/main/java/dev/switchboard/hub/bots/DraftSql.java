package dev.switchboard.hub.bots;

/** Every statement about drafts. */
final class DraftSql {

  private DraftSql() {}

  static final String COLUMNS = """
      d.id, d.conversation_id, d.bot_id, d.bot_name, d.body, d.note, d.status, d.decided_by,
      (select a.name from agent a where a.id = d.decided_by) as decided_by_name, d.decided_at, d.message_id,
      d.created_at""";

  /**
   * A new pending draft ($1 conversation, $2 bot, $3 bot name, $4 body, $5 note), unless the
   * conversation already holds $6 pending ones (then no row). The conversation row is locked so two
   * drafts at once count each other.
   */
  static final String INSERT = """
      with c as (select id from conversation where id = $1 for no key update)
      insert into draft as d (conversation_id, bot_id, bot_name, body, note)
      select c.id, $2, $3, $4, $5 from c
       where (select count(*) from draft x where x.conversation_id = c.id and x.status = 'pending') < $6
      returning """ + " " + COLUMNS;

  static final String BY_ID = "select " + COLUMNS + " from draft d where d.id = $1";

  /** A conversation's drafts, newest first; $2 a status, or null for all. */
  static final String OF_CONVERSATION = """
      select """ + " " + COLUMNS + " from draft d where d.conversation_id = $1 and ($2::text is null or d.status = $2)"
      + " order by d.id desc limit $3";

  /**
   * An agent's decision to send ($1 draft, $2 accepted|edited, $3 agent, $4 the reply, $5 its
   * conversation), in the reply's transaction: only a pending draft moves, so of two accepts (on any
   * nodes) the second waits for the first's row lock, then finds it decided and rolls its reply back.
   */
  static final String SENT = """
      update draft d set status = $2, decided_by = $3, decided_at = now(), message_id = $4
       where d.id = $1 and d.status = 'pending' and d.conversation_id = $5
      returning """ + " " + COLUMNS;

  /** Dismissed by agent $2, once. */
  static final String DISMISS = """
      update draft d set status = 'dismissed', decided_by = $2, decided_at = now()
       where d.id = $1 and d.status = 'pending'
      returning """ + " " + COLUMNS;

  /** Per bot: drafts created and what became of them ($1: bot ids, or null for every bot). */
  static final String COUNTS = """
      select bot_id, count(*) as created,
             count(*) filter (where status = 'accepted') as accepted,
             count(*) filter (where status = 'edited') as edited,
             count(*) filter (where status = 'dismissed') as dismissed
        from draft where $1::bigint[] is null or bot_id = any($1)
       group by bot_id""";
}
