package dev.switchboard.hub.delivery;

/** All SQL of the outbox and of delivery receipts, in one place. */
final class DeliverySql {

  private DeliverySql() {}

  /** Undone rows are few and the outbox_due index covers exactly them. */
  static final String DEPTH = """
      select count(*) as depth, coalesce(extract(epoch from now() - min(created_at)), 0)::bigint as oldest
        from outbox where done_at is null""";

  /** Due rows, each taken by one node only; a lease that runs out makes the row due again. */
  static final String LEASE = """
      update outbox o set attempts = o.attempts + 1, next_attempt_at = now() + make_interval(secs => $1)
       where o.id in (select id from outbox where done_at is null and next_attempt_at <= now()
                       order by id limit $2 for update skip locked)
      returning o.id, o.message_id, o.attempts, (select m.channel from message m where m.id = o.message_id) as channel""";

  /**
   * Everything a connector needs to send one message, read in one query. The quoted message's
   * provider id only when it came in on the reply's channel: a WhatsApp reply cannot quote a Telegram one.
   */
  static final String OUTBOUND = """
      select m.id, m.conversation_id, m.channel, m.inbox_id, m.body, m.author_name, m.author_type, m.template,
             m.attachments,
             (select max(i.created_at) from message i where i.conversation_id = m.conversation_id
               and i.channel = m.channel and i.direction = 'in') as last_inbound_at,
             (select i.address from identity i where i.customer_id = c.customer_id and i.kind = $2
               order by i.id desc limit 1) as address,
             (select p.provider_id from message p where p.conversation_id = m.conversation_id
               and p.channel = m.channel and p.provider_id is not null and p.seq < m.seq
               order by p.seq desc limit 1) as thread_key,
             (select q.provider_id from message q where q.id = m.reply_to_id
               and q.channel = m.channel) as reply_to_provider_id
        from message m join conversation c on c.id = m.conversation_id
       where m.id = $1""";

  /** The files a reply carries, in the order they were given. */
  static final String FILES = """
      select filename, content_type, content from attachment where message_id = $1 order by id""";

  static final String DONE = "update outbox set done_at = now(), last_error = $2 where id = $1";

  /** Exponential backoff: due again after {@code $2} seconds. */
  static final String RETRY_LATER = """
      update outbox set next_attempt_at = now() + make_interval(secs => $2), last_error = $3 where id = $1""";

  /** Records the provider id whatever the status; moves the status only forward. */
  static final String APPLY = """
      update message m set
        provider_id = coalesce(m.provider_id, $2),
        status = case when sb_status_rank($3) > sb_status_rank(m.status) then $3 else m.status end,
        error = case when sb_status_rank($3) > sb_status_rank(m.status) then $4 else m.error end
      from (select id, status as old_status from message
             where (($1 > 0 and id = $1) or ($1 = 0 and provider_id = $2)) and direction = 'out'
             for update) o
      where m.id = o.id
      returning m.id, m.conversation_id, m.status, o.old_status""";
}
