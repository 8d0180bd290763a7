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

  /** What a reply's {@code reply_to} names: a message of this conversation, and which way it went. */
  static final String REPLY_TO_TARGET = "select direction from message where id = $1 and conversation_id = $2";

  static final String SET_REPLY_TO = "update message set reply_to_id = $2 where id = $1";

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
             c.team_id, case when c.status = 'snoozed' then c.snoozed_until end as snoozed_until,
             c.waiting_since, c.bot_id, c.handed_off_at, c.handoff_reason
        from conversation c
        join customer cu on cu.id = c.customer_id
        left join lateral (
          select left(m.body, 280) as preview, m.direction, m.channel from message m
           where m.conversation_id = c.id and m.direction in ('in', 'out')
           order by m.seq desc limit 1) lm on true
      """;

  static final String BY_ID = CONVERSATION_COLUMNS + " where c.id = $1";

  // --- lists (views, filters, search, paging): assembled by ConversationViews -------------------
  // Each condition is added only when its filter is given, so every combination is its own
  // prepared statement with a plan for it (no "$1 is null or ..." that a generic plan cannot use
  // an index for). ?1, ?2 are the condition's own values, numbered when the statement is put together.

  /** Conversations without any message yet (a first contact being created) are never listed. */
  static final String LISTED = "c.last_message_at is not null";
  static final String WITH_STATUS = "c.status = ?1";
  /** Waiting for a human: nobody holds it and no bot answers it first (the bot view has those). */
  static final String UNASSIGNED = "c.assignee_id is null and c.bot_id is null";
  static final String WITH_BOT = "c.bot_id is not null";
  static final String ASSIGNED_TO = "c.assignee_id = ?1";
  static final String ON_CHANNEL = "c.last_inbound_channel = ?1";
  static final String OF_TEAM = "c.team_id = ?1";
  static final String TAGGED = "c.tags @> array[?1::text]";
  static final String WITH_PRIORITY = "c.priority = ?1";

  /**
   * The rule of access.Visibility, for agent ?1: an open inbox (no members), a member of it, or the
   * assignee. The one copy of it in SQL (lists and counts).
   */
  static final String VISIBLE_TO = """
      (c.assignee_id = ?1 or c.last_inbound_inbox is null
       or not exists (select 1 from inbox_member im where im.inbox_id = c.last_inbound_inbox)
       or exists (select 1 from inbox_member im where im.inbox_id = c.last_inbound_inbox and im.agent_id = ?1))""";

  /**
   * Customers whose name, email or phone holds the fragment ?1 (an escaped ILIKE pattern), through
   * pg_trgm's index customer_search: one branch per column, because with the three ORed the planner
   * preferred reading every customer (measured: 155 ms against 8 ms for a name fragment).
   */
  static final String CUSTOMERS_LIKE = """
      select cu.id from customer cu where cu.name ilike ?1
      union all select cu.id from customer cu where cu.email ilike ?1
      union all select cu.id from customer cu where cu.phone ilike ?1""";

  /**
   * A search, for words found in few messages: the conversations of those messages (the index
   * message_search, whose expression this must repeat exactly; ?2 is a tsquery built by
   * {@link #SEARCH_WORDS}) and those of customers matching a fragment ({@link #CUSTOMERS_LIKE}), as
   * one set the page is chosen from.
   */
  static final String MATCHES = """
      c.id in (select m.conversation_id from message m
                where to_tsvector('simple'::regconfig, left(m.body, 20000)) @@ ?2::text::tsquery
               union all
               select c2.id from conversation c2 where c2.customer_id in (""" + CUSTOMERS_LIKE + "))";

  /**
   * A search for words found in many messages: collecting all of them would read most of the
   * message table, so the conversations are walked in the page's order instead and each one's
   * messages are checked until the page is full ({@link #probing}). A scalar subquery, not EXISTS:
   * PostgreSQL turns an EXISTS under OR into one hashed set of every match, the very thing avoided here.
   */
  static final String MATCHES_PROBED = "(c.customer_id in (" + CUSTOMERS_LIKE + """
      )
       or (select 1 from message m where m.conversation_id = c.id
            and to_tsvector('simple'::regconfig, left(m.body, 20000)) @@ ?2::text::tsquery limit 1) is not null)""";

  /**
   * How many messages hold the words, counted up to {@code $2}: below that the words are few
   * enough to collect ({@link #MATCHES}); at it, {@link #MATCHES_PROBED}.
   */
  static final String WORD_MESSAGES = """
      select count(*) as n from (select 1 from message m
        where to_tsvector('simple'::regconfig, left(m.body, 20000)) @@ $1::text::tsquery limit $2) x""";

  /** A search without a single word (only punctuation): the customer fields alone. */
  static final String MATCHES_CUSTOMER = "c.customer_id in (" + CUSTOMERS_LIKE + ")";

  /**
   * The words of a search as a tsquery (text), parsed by PostgreSQL's own parser with the config
   * the messages were indexed with, so a word matches as it was indexed (an email address, a
   * hyphenated word, a number). Every word is required; the last one (two characters or more)
   * matches as a prefix. Each lexeme is quoted (quotes doubled, backslashes escaped): nothing the
   * user types is ever read as tsquery syntax. {@code null} when the text holds no word.
   */
  static final String SEARCH_WORDS = """
      select string_agg('''' || replace(replace(w.lexeme, '\\', '\\\\'), '''', '''''') || ''''
                        || case when w.pos = w.last and length(w.lexeme) >= 2 then ':*' else '' end,
                        ' & ' order by w.pos) as words
        from (select lexeme, (select max(p) from unnest(positions) p) as pos,
                     max((select max(p) from unnest(positions) p)) over () as last
                from unnest(to_tsvector('simple'::regconfig, $1))) w""";

  /** The open conversations whose customer waits (index conversation_waiting), after ?1, ?2. */
  static final String WAITING = "c.status = 'open' and c.waiting_since is not null";
  static final String WAITING_AFTER = "(c.waiting_since, c.id) > (?1, ?2)";
  static final String NOT_WAITING = "(c.status <> 'open' or c.waiting_since is null)";
  static final String ACTIVE_BEFORE = "(c.last_message_at, c.id) < (?1, ?2)";
  static final String BY_WAITING = " order by c.waiting_since, c.id";
  static final String BY_ACTIVITY = " order by c.last_message_at desc, c.id desc";

  /**
   * One page: the ids are chosen first on the conversation table alone (conditions, order, limit),
   * then only those rows are joined with their customer and last-message preview.
   */
  static String page(String where, String order, String limitParam) {
    return CONVERSATION_COLUMNS + " where c.id in (select c.id from conversation c where " + where + order
        + " limit " + limitParam + ")" + order;
  }

  /**
   * One page of a search probing conversations in order ({@link #MATCHES_PROBED}, {@code search}):
   * the other conditions pick and order the candidates first ({@code offset 0} keeps the search
   * out of that subquery), then each is checked in that order and the walk stops when the page is full.
   */
  static String probing(String where, String search, String order, String limitParam) {
    return CONVERSATION_COLUMNS + " where c.id in (select c.id from (select c.id, c.customer_id from conversation c where "
        + where + order + " offset 0) c where " + search + " limit " + limitParam + ")" + order;
  }

  /**
   * The counts of the views over the conversations matching {@code where} (status, visibility), in
   * one pass: per team (null: none), those assigned to {@code me} (the caller's parameter), the
   * unassigned, those a bot answers and all; then every team with zeros ({@code counted} false), so that teams without
   * conversations are listed too.
   */
  static String counts(String where, String me) {
    return """
        select true as counted, c.team_id, count(*) filter (where c.assignee_id = %s) as mine,
               count(*) filter (where c.assignee_id is null and c.bot_id is null) as unassigned,
               count(*) filter (where c.bot_id is not null) as bot, count(*) as total
          from conversation c where %s group by c.team_id
        union all
        select false, t.id, 0, 0, 0, 0 from team t""".formatted(me, where);
  }

  /**
   * A search is cancelled after 5 s (SQLSTATE 57014) rather than left holding a connection, and is
   * planned for its own words (a cached generic plan cannot tell a rare word from a common one).
   */
  static final String SEARCH_SETTINGS =
      "set local statement_timeout = 5000; set local plan_cache_mode = force_custom_plan";

  static final String MESSAGE_COLUMNS = """
      select id, conversation_id, seq, direction, channel, inbox_id, author_type, author_id, author_name,
             body, body_html, attachments, status, error, created_at, case_id, reply_to_id
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
      select id, number, opened_at, first_response_at, resolved_at, handed_off_at from support_case
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

  /** A stored file; an agent's upload not yet in a reply has no message (and so no conversation). */
  static final String ATTACHMENT_BY_ID = """
      select a.id, m.conversation_id, a.filename, a.content_type, a.content, a.uploaded_by,
             a.message_id is null as pending
        from attachment a left join message m on m.id = a.message_id where a.id = $1""";

  /** An agent's upload, in no message yet. */
  static final String INSERT_UPLOAD = """
      insert into attachment (message_id, uploaded_by, filename, content_type, size, content)
      values (null, $1, $2, $3, $4, $5) returning id""";

  /**
   * A reply takes its files: only its author's uploads that no message holds yet. The rows are
   * locked by the update, so two replies naming one upload cannot both take it.
   */
  static final String CLAIM_UPLOADS = """
      update attachment set message_id = $1
       where id = any($3) and message_id is null and uploaded_by = $2
      returning id, filename, content_type, size""";

  /** Uploads no reply took within a day. */
  static final String SWEEP_UPLOADS = """
      delete from attachment where message_id is null and created_at < now() - interval '1 day'""";

  static final String THREAD_BY_CUSTOMER = "select id, customer_id, last_seq from conversation where customer_id = $1";

  /**
   * A reply's collision check, first: lock the conversation row (as the append will), so two
   * replies at once are decided one after the other. A statement of its own: in READ COMMITTED a
   * statement that waited for the lock still reads with the snapshot it started with, so the
   * check below must start after the lock is held to see the reply that held it.
   */
  static final String LOCK_CONVERSATION = "select id from conversation where id = $1 for update";

  /**
   * A bot's reply, first: whether the humans have the conversation (a bot-first inbox's hand-off).
   * Locked like the append will, so a hand-off committing meanwhile is seen, never talked over.
   */
  static final String BOT_TURN = "select bot_id, handed_off_at from conversation where id = $1 for update";

  /**
   * Then: other agents' and bots' replies after {@code $2}; notes and the author's own replies do
   * not conflict. {@code $3}, {@code $4}: the author's type and id.
   */
  static final String NEWER_REPLIES = MESSAGE_COLUMNS + """
       where conversation_id = $1 and seq > $2 and direction = 'out' and author_type in ('agent', 'bot')
         and not (author_type = $3 and author_id is not distinct from $4)
       order by seq limit 20""";
}
