package dev.switchboard.hub.conversation;

/**
 * All SQL of conversations, messages and attachments, in one place (customers: {@link CustomerSql}).
 * The heavy lifting lives in the functions of db/migration/R__functions.sql.
 */
final class ConversationSql {

  private ConversationSql() {}

  static final String APPEND_INBOUND = """
      select a.*, t.conversation_id
        from (select sb_conversation_for($1, $2, $3) as conversation_id) t,
             lateral sb_append(t.conversation_id, 'in', $4, $5, 'customer', null, $3, $6, $7, $8, $9, $10, null) a""";

  static final String APPEND = """
      select * from sb_append($1, $2, $3, $4, $5, $6, $7, $8, null, '[]', null, null, $9)""";

  /** The conversation a reply goes to: its customer and the channel they last wrote on. */
  static final String REPLY_TARGET = "select customer_id, last_inbound_channel from conversation where id = $1";

  /**
   * When the customer last wrote on a channel in this conversation, and how many seconds ago by the
   * database's clock (one clock for every node): a reply window is measured from it.
   */
  static final String LAST_INBOUND = """
      select max(created_at) as last_in, extract(epoch from now() - max(created_at))::bigint as seconds_since
        from message where conversation_id = $1 and channel = $2 and direction = 'in'""";

  /** A template reply's template, next to its (descriptive) body. */
  static final String SET_TEMPLATE = "update message set template = $2 where id = $1";

  /** A reply sent through the outbox: the delivery worker picks it up, after a crash too. */
  static final String QUEUE_FOR_DELIVERY = "insert into outbox (message_id) values ($1)";

  /** Where a reply on a channel goes: the inbox the customer last wrote to on it (else the first), and their address. */
  static final String REPLY_ROUTE = """
      select coalesce(
               (select inbox_id from message where conversation_id = $1 and channel = $2 and direction = 'in'
                  and inbox_id is not null order by seq desc limit 1),
               (select id from inbox where channel = $2 and enabled order by id limit 1)) as inbox_id,
             (select address from identity where customer_id = $3 and kind = $4 order by id desc limit 1) as address""";

  /** Lists carry a preview of the last message, never the whole of it (a 2 MB email times 200 rows). */
  static final String CONVERSATION_COLUMNS = """
      select c.id, c.customer_id, cu.name as customer_name, cu.email, cu.phone, c.status, c.assignee_id,
             c.priority, c.tags, c.last_seq, c.last_inbound_channel,
             lm.preview as last_body, lm.direction as last_direction, lm.channel as last_channel,
             c.last_message_at, c.created_at, c.updated_at, c.last_inbound_inbox as inbox_id,
             c.team_id, case when c.status = 'snoozed' then c.snoozed_until end as snoozed_until
        from conversation c
        join customer cu on cu.id = c.customer_id
        left join lateral (
          select left(m.body, 280) as preview, m.direction, m.channel from message m
           where m.conversation_id = c.id and m.direction in ('in', 'out')
           order by m.seq desc limit 1) lm on true
      """;

  static final String BY_ID = CONVERSATION_COLUMNS + " where c.id = $1";

  /** Filters are optional: a null parameter matches everything. */
  static final String LIST = CONVERSATION_COLUMNS + """
       where c.last_message_at is not null
         and ($1::text is null or c.status = $1)
         and ($2::bigint is null or ($2 = 0 and c.assignee_id is null) or c.assignee_id = $2)
         and ($3::text is null or c.last_inbound_channel = $3)
         and ($4::text is null
              or cu.name ilike $4 or cu.email ilike $4 or cu.phone ilike $4
              or exists (select 1 from message s where s.conversation_id = c.id and s.body ilike $4))
         -- the rule of access.Visibility: an open inbox, a member of it, or the assignee
         and ($6::bigint is null or c.assignee_id = $6 or c.last_inbound_inbox is null
              or not exists (select 1 from inbox_member im where im.inbox_id = c.last_inbound_inbox)
              or exists (select 1 from inbox_member im where im.inbox_id = c.last_inbound_inbox and im.agent_id = $6))
       order by c.last_message_at desc, c.id desc
       limit $5""";

  /** A search that takes longer is cancelled (SQLSTATE 57014) rather than left holding a connection. */
  static final String SEARCH_TIMEOUT = "set local statement_timeout = 5000";

  static final String MESSAGE_COLUMNS = """
      select id, conversation_id, seq, direction, channel, inbox_id, author_type, author_id, author_name,
             body, body_html, attachments, status, error, created_at, case_id
        from message
      """;

  static final String MESSAGES_AFTER = MESSAGE_COLUMNS + """
       where conversation_id = $1 and seq > $2 order by seq limit $3""";

  static final String VISIBLE_MESSAGES_AFTER = MESSAGE_COLUMNS + """
       where conversation_id = $1 and seq > $2 and direction in ('in', 'out') order by seq limit $3""";

  static final String MESSAGE_BY_ID = MESSAGE_COLUMNS + " where id = $1";

  /**
   * A null or not-given field keeps its value. {@code snoozed_until} follows the status: set with
   * 'snoozed' ({@code $9}), cleared by any other status, kept when the status is not given.
   */
  static final String UPDATE = """
      update conversation set
        status = coalesce($2, status),
        assignee_id = case when $3 then $4 else assignee_id end,
        priority = coalesce($5, priority),
        tags = coalesce($6, tags),
        team_id = case when $7 then $8 else team_id end,
        snoozed_until = case when $2::text is null then snoozed_until when $2 = 'snoozed' then $9 end,
        updated_at = now()
      where id = $1
      returning id""";

  /**
   * Wakes snoozed conversations that are due, a batch at a time, in one statement: rows another node
   * is waking are skipped, and a row changed meanwhile (woken, or reopened by a message) is read again
   * and no longer matches, so each conversation wakes exactly once across nodes.
   */
  static final String WAKE_DUE = """
      update conversation c set status = 'open', snoozed_until = null, updated_at = now()
       where c.id in (select id from conversation
                       where status = 'snoozed' and snoozed_until <= now()
                       order by snoozed_until limit $1
                       for update skip locked)
         and c.status = 'snoozed'
      returning c.id""";

  /** A conversation's cases, oldest first. */
  static final String CASES = """
      select id, number, opened_at, first_response_at, resolved_at from support_case
       where conversation_id = $1 order by opened_at, id limit $2""";

  static final String RESOLVE_CASE = """
      update support_case set resolved_at = now() where conversation_id = $1 and resolved_at is null""";

  static final String SCOPE = "select id, last_inbound_inbox, assignee_id from conversation where id = $1";

  /** A merged-away conversation's scope, read before the merge deletes it. */
  static final String SCOPE_OF_CUSTOMER =
      "select id, last_inbound_inbox, assignee_id from conversation where customer_id = $1";

  static final String THREAD_BY_IDENTITY = """
      select c.id, c.customer_id, c.last_seq
        from identity i join conversation c on c.customer_id = i.customer_id
       where i.kind = $1 and i.address = $2""";

  static final String INSERT_ATTACHMENT = """
      insert into attachment (message_id, filename, content_type, size, content) values ($1, $2, $3, $4, $5)
      returning id""";

  /** The stored files' descriptions, kept on the message row for timelines. */
  static final String SET_ATTACHMENTS = "update message set attachments = $2 where id = $1";

  static final String ATTACHMENT_BY_ID = """
      select a.id, m.conversation_id, a.filename, a.content_type, a.content
        from attachment a join message m on m.id = a.message_id where a.id = $1""";

  static final String THREAD_BY_CUSTOMER = "select id, customer_id, last_seq from conversation where customer_id = $1";

  /**
   * A reply's collision check, first: lock the conversation row (as the append will), so two
   * replies at once are decided one after the other. A statement of its own: in READ COMMITTED a
   * statement that waited for the lock still reads with the snapshot it started with, so the
   * check below must start after the lock is held to see the reply that held it.
   */
  static final String LOCK_CONVERSATION = "select id from conversation where id = $1 for update";

  /**
   * Then: other agents' and bots' replies after {@code $2}; notes and the author's own replies do
   * not conflict. {@code $3}, {@code $4}: the author's type and id.
   */
  static final String NEWER_REPLIES = MESSAGE_COLUMNS + """
       where conversation_id = $1 and seq > $2 and direction = 'out' and author_type in ('agent', 'bot')
         and not (author_type = $3 and author_id is not distinct from $4)
       order by seq limit 20""";
}
