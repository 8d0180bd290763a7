-- The hub's PL/pgSQL and SQL functions, in their current form: THE place to edit them from now on.
-- Flyway re-applies this file whenever its text changes (after every versioned migration), so a
-- change here is a change of the function everywhere. The versioned migrations (V1, V2, V5) keep the
-- history they were applied with and must not be edited (their checksums are recorded). Every
-- definition is `create or replace`: a change of a function's arguments or return type needs a
-- `drop function` of the old signature here first. sb_append is the message path: measure a change.
-- Tests of their own: store/SqlFunctionsTest.

-- Delivery statuses only move forward; providers' callbacks arrive in any order.
create or replace function sb_status_rank(p_status text) returns int
language sql immutable as $$
  select case p_status when 'queued' then 0 when 'sent' then 1 when 'delivered' then 2 when 'read' then 3
                       when 'failed' then 4 else -1 end
$$;

-- The customer behind an identity, and that customer's one conversation; created on first contact.
-- Concurrent first contacts from one identity (two nodes, a retry) end up with one customer.
-- The common case (a known identity) is two index reads and no writes.
create or replace function sb_conversation_for(p_kind text, p_address text, p_name text) returns bigint
language plpgsql as $$
declare
  v_customer bigint;
  v_merged bigint;
  v_conversation bigint;
begin
  select i.customer_id, c.id into v_customer, v_conversation
    from identity i left join conversation c on c.customer_id = i.customer_id
   where i.kind = p_kind and i.address = p_address;
  if v_conversation is null then
    if v_customer is null then
      insert into customer (name, email, phone)
        values (p_name, case when p_kind = 'email' then p_address end, case when p_kind = 'phone' then p_address end)
        returning id into v_customer;
      insert into identity (customer_id, kind, address) values (v_customer, p_kind, p_address)
        on conflict (kind, address) do nothing;
      if not found then
        delete from customer where id = v_customer;
        select customer_id into v_customer from identity where kind = p_kind and address = p_address;
      end if;
    end if;
    -- a merge in flight holds the customer's row: wait for it, then follow where it went
    loop
      select merged_into into v_merged from customer where id = v_customer for share;
      exit when v_merged is null;
      v_customer := v_merged;
    end loop;
    insert into conversation (customer_id) values (v_customer) on conflict (customer_id) do nothing;
    select id into v_conversation from conversation where customer_id = v_customer;
  end if;
  if p_name is not null then
    update customer set name = p_name where id = v_customer and name is null;
  end if;
  return v_conversation;
end $$;

-- Appends one message to a conversation: the next seq, the case bookkeeping, the conversation's
-- activity. The conversation row's update serialises appends from every node, so seq has no gaps
-- and no twins. A provider id seen before returns the first message (duplicate = true); two
-- attempts racing with the same id make one fail on the unique index, and its retry finds the
-- first. A conversation merged away meanwhile raises P0002: the caller resolves it again.
-- An inbound message without an inbox keeps the inbox the conversation had
-- (conversation.last_inbound_inbox); the append returns the conversation's inbox and assignee, so the
-- event announcing the message says who may see it without another round trip, and its case (the
-- inbox draws case boundaries from live messages too). It keeps
-- conversation.waiting_since (V9) in the same update.
-- (the case joined the returned columns: the old signature is dropped first)
drop function if exists sb_append(bigint, text, text, bigint, text, bigint, text, text, text, jsonb, text, text, text);
create or replace function sb_append(
  p_conversation bigint, p_direction text, p_channel text, p_inbox bigint,
  p_author_type text, p_author_id bigint, p_author_name text,
  p_body text, p_body_html text, p_attachments jsonb, p_provider_id text, p_thread_key text, p_status text)
returns table (message_id bigint, seq bigint, created_at timestamptz, duplicate boolean, status_changed boolean,
               conversation_inbox bigint, conversation_assignee bigint, case_id bigint)
language plpgsql as $$
declare
  v_now timestamptz := clock_timestamp();
  v_seq bigint;
  v_status_before text;
  v_status text;
  v_inbox bigint;
  v_assignee bigint;
  v_case bigint;
  v_id bigint;
  v_at timestamptz;
  v_bot bigint;
begin
  if p_provider_id is not null then
    select m.id, m.seq, m.created_at into v_id, v_seq, v_at
      from message m where m.channel = p_channel and m.provider_id = p_provider_id;
    if found then
      return query select v_id, v_seq, v_at, true, false, null::bigint, null::bigint, null::bigint;
      return;
    end if;
  end if;

  -- read before the update only to tell agents when the status moved; the update decides
  select c.status into v_status_before from conversation c where c.id = p_conversation;
  update conversation c set
    last_seq = c.last_seq + 1,
    status = case when p_direction = 'in' then 'open' else c.status end,
    last_message_at = case when p_direction in ('in', 'out') then v_now else c.last_message_at end,
    last_inbound_channel = case when p_direction = 'in' then p_channel else c.last_inbound_channel end,
    last_inbound_inbox = case when p_direction = 'in' then coalesce(p_inbox, c.last_inbound_inbox)
                              else c.last_inbound_inbox end,
    -- the customer waits from their first message after a reply; a reply (agent or bot) ends it.
    -- Changes once per turn, so only those two updates touch its index (V9): the rest stay HOT
    waiting_since = case when p_direction = 'in' then coalesce(c.waiting_since, v_now)
                         when p_direction = 'out' then null
                         else c.waiting_since end,
    updated_at = v_now
  where c.id = p_conversation
  returning c.last_seq, c.status, c.last_inbound_inbox, c.assignee_id into v_seq, v_status, v_inbox, v_assignee;
  if not found then
    raise exception 'conversation % does not exist', p_conversation using errcode = 'P0002';
  end if;

  select sc.id into v_case from support_case sc where sc.conversation_id = p_conversation and sc.resolved_at is null;
  if p_direction = 'in' and v_case is null then
    insert into support_case (conversation_id) values (p_conversation) returning id into v_case;
    -- bot first (V18): a new case in an inbox whose config names an active bot that serves it and may
    -- reply is that bot's, nobody's assignment; elsewhere it is the humans' from the start. Once per
    -- case: one index read, and a write only when the state changes
    select b.id into v_bot
      from inbox i join bot b on b.id = case when i.config->>'bot_id' ~ '^[0-9]{1,18}$'
                                             then (i.config->>'bot_id')::bigint end
     where i.id = v_inbox and i.enabled and b.active and v_inbox = any(b.inbox_ids) and 'reply' = any(b.scopes);
    update conversation c set bot_id = v_bot, handed_off_at = null, handoff_reason = null,
           assignee_id = case when v_bot is null then c.assignee_id end
     where c.id = p_conversation
       and (c.bot_id is distinct from v_bot or c.handed_off_at is not null
            or (v_bot is not null and c.assignee_id is not null));
    if v_bot is not null then
      v_assignee := null;
    end if;
  elsif p_direction = 'out' and p_author_type = 'agent' and v_case is not null then
    update support_case set first_response_at = v_now where id = v_case and first_response_at is null;
  end if;

  insert into message (conversation_id, seq, direction, channel, inbox_id, author_type, author_id, author_name,
                       body, body_html, attachments, provider_id, thread_key, status, case_id, created_at)
  values (p_conversation, v_seq, p_direction, p_channel, p_inbox, p_author_type, p_author_id, p_author_name,
          p_body, p_body_html, coalesce(p_attachments, '[]'), p_provider_id, p_thread_key, p_status, v_case, v_now)
  returning id into v_id;

  return query select v_id, v_seq, v_now, false, v_status is distinct from v_status_before, v_inbox, v_assignee,
    v_case;
end $$;

-- Merges customer p_other into p_target: identities move, and the two timelines become one,
-- renumbered by time (seq stays gap-free). Returns the surviving conversation id.
create or replace function sb_merge_customers(p_target bigint, p_other bigint) returns bigint
language plpgsql as $$
declare
  v_target_conv bigint;
  v_other_conv bigint;
  v_offset bigint;
begin
  if p_target = p_other then
    raise exception 'cannot merge a customer into itself' using errcode = '22023';
  end if;
  -- lock in id order so two merges of the same pair cannot deadlock
  perform 1 from customer where id in (p_target, p_other) order by id for update;
  if (select count(*) from customer where id in (p_target, p_other) and merged_into is null) <> 2 then
    raise exception 'both customers must exist and not be merged already' using errcode = 'P0002';
  end if;
  insert into conversation (customer_id) values (p_target) on conflict (customer_id) do nothing;
  select id into v_target_conv from conversation where customer_id = p_target for update;
  select id into v_other_conv from conversation where customer_id = p_other for update;

  update identity set customer_id = p_target where customer_id = p_other;
  update customer t set
    name = coalesce(t.name, o.name), email = coalesce(t.email, o.email), phone = coalesce(t.phone, o.phone),
    updated_at = now()
  from customer o where t.id = p_target and o.id = p_other;
  update customer set merged_into = p_target, updated_at = now() where id = p_other;

  if v_other_conv is not null then
    -- a merged conversation keeps at most one open case: the older one stays open
    update support_case set resolved_at = now()
     where conversation_id = v_other_conv and resolved_at is null
       and exists (select 1 from support_case where conversation_id = v_target_conv and resolved_at is null);
    update support_case set conversation_id = v_target_conv where conversation_id = v_other_conv;
    -- renumber through negative seqs: a unique (conversation, seq) is checked row by row
    select coalesce(max(seq), 0) into v_offset from message where conversation_id = v_target_conv;
    update message set seq = -seq where conversation_id = v_target_conv;
    update message set conversation_id = v_target_conv, seq = -(seq + v_offset) where conversation_id = v_other_conv;
    update message m set seq = r.n
      from (select id, row_number() over (order by created_at, id) as n from message where conversation_id = v_target_conv) r
     where m.id = r.id;
    update conversation t set
      last_seq = (select count(*) from message where conversation_id = v_target_conv),
      last_message_at = greatest(t.last_message_at, o.last_message_at),
      status = case when 'open' in (t.status, o.status) then 'open' else t.status end,
      assignee_id = coalesce(t.assignee_id, o.assignee_id),
      tags = array(select distinct unnest(t.tags || o.tags)),
      updated_at = now()
    from conversation o where t.id = v_target_conv and o.id = v_other_conv;
    -- bots' drafts follow the timeline (their counts stay whole; pending ones stay suggested)
    update draft set conversation_id = v_target_conv where conversation_id = v_other_conv;
    delete from conversation where id = v_other_conv;
  end if;
  return v_target_conv;
end $$;

-- Ends the bot's turn in a conversation (V18), exactly once whichever node or caller asks: the row is
-- locked, and only a conversation still with a bot (with bot p_bot, when given) is handed off. The
-- customer waits for a human from now when p_restart_wait (first-response time and the
-- longest-waiting order count from the hand-off; the case keeps the time too). With p_timeout, only
-- when the customer's unanswered message is that many seconds old by now (the timeout worker: a bot
-- reply meanwhile wins). p_assignee (an agent who took over by replying) holds it unless someone
-- does already. The visible line p_line joins the timeline as a system event. Returns the
-- line's message and the bot, or no row when there was nothing to hand off.
create or replace function sb_handoff(p_conversation bigint, p_bot bigint, p_reason text, p_line text,
  p_restart_wait boolean, p_timeout int, p_assignee bigint)
returns table (from_bot bigint, message_id bigint, seq bigint, created_at timestamptz, channel text,
               conversation_inbox bigint, conversation_assignee bigint, case_id bigint, handed_off_at timestamptz)
language plpgsql as $$
declare
  v_now timestamptz := clock_timestamp();
  v_bot bigint;
  v_waiting timestamptz;
  v_channel text;
  v_inbox bigint;
begin
  select c.bot_id, c.waiting_since, coalesce(c.last_inbound_channel, 'web'), c.last_inbound_inbox
    into v_bot, v_waiting, v_channel, v_inbox
    from conversation c where c.id = p_conversation for update;
  if v_bot is null or (p_bot is not null and v_bot <> p_bot) then
    return;
  end if;
  if p_timeout is not null and (v_waiting is null or v_waiting > v_now - make_interval(secs => p_timeout)) then
    return;
  end if;
  update conversation c set bot_id = null, handed_off_at = v_now, handoff_reason = p_reason,
         assignee_id = coalesce(c.assignee_id, p_assignee),
         waiting_since = case when p_restart_wait then v_now else c.waiting_since end
   where c.id = p_conversation;
  update support_case sc set handed_off_at = v_now where sc.conversation_id = p_conversation and sc.resolved_at is null;
  return query select v_bot, a.message_id, a.seq, a.created_at, v_channel, a.conversation_inbox,
                      a.conversation_assignee, a.case_id, v_now
    from sb_append(p_conversation, 'event', v_channel, v_inbox, 'system', null, null, p_line, null, '[]', null, null, null) a;
end $$;
