-- Who works which inbox. An inbox without members is open to every agent (as before this table);
-- one with members shows its conversations to those members, the assignee and admins only.
create table inbox_member (
  inbox_id  bigint not null references inbox on delete cascade,
  agent_id  bigint not null references agent on delete cascade,
  primary key (inbox_id, agent_id)
);
create index inbox_member_agent on inbox_member (agent_id);

-- A conversation's inbox is the one its customer last wrote to: conversation.last_inbound_inbox,
-- which sb_append already keeps on the row it updates for every message (no second column to keep
-- in step). Two changes to sb_append: an inbound message without an inbox (none of today's
-- connectors sends one) keeps the inbox the conversation had, and the append returns the
-- conversation's inbox and assignee, so the event announcing the message says who may see it
-- without another round trip. Its return type changes, hence drop and create.
drop function sb_append(bigint, text, text, bigint, text, bigint, text, text, text, jsonb, text, text, text);

create function sb_append(
  p_conversation bigint, p_direction text, p_channel text, p_inbox bigint,
  p_author_type text, p_author_id bigint, p_author_name text,
  p_body text, p_body_html text, p_attachments jsonb, p_provider_id text, p_thread_key text, p_status text)
returns table (message_id bigint, seq bigint, created_at timestamptz, duplicate boolean, status_changed boolean,
               conversation_inbox bigint, conversation_assignee bigint)
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
begin
  if p_provider_id is not null then
    select m.id, m.seq, m.created_at into v_id, v_seq, v_at
      from message m where m.channel = p_channel and m.provider_id = p_provider_id;
    if found then
      return query select v_id, v_seq, v_at, true, false, null::bigint, null::bigint;
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
    updated_at = v_now
  where c.id = p_conversation
  returning c.last_seq, c.status, c.last_inbound_inbox, c.assignee_id into v_seq, v_status, v_inbox, v_assignee;
  if not found then
    raise exception 'conversation % does not exist', p_conversation using errcode = 'P0002';
  end if;

  select sc.id into v_case from support_case sc where sc.conversation_id = p_conversation and sc.resolved_at is null;
  if p_direction = 'in' and v_case is null then
    insert into support_case (conversation_id) values (p_conversation) returning id into v_case;
  elsif p_direction = 'out' and p_author_type = 'agent' and v_case is not null then
    update support_case set first_response_at = v_now where id = v_case and first_response_at is null;
  end if;

  insert into message (conversation_id, seq, direction, channel, inbox_id, author_type, author_id, author_name,
                       body, body_html, attachments, provider_id, thread_key, status, case_id, created_at)
  values (p_conversation, v_seq, p_direction, p_channel, p_inbox, p_author_type, p_author_id, p_author_name,
          p_body, p_body_html, coalesce(p_attachments, '[]'), p_provider_id, p_thread_key, p_status, v_case, v_now)
  returning id into v_id;

  return query select v_id, v_seq, v_now, false, v_status is distinct from v_status_before, v_inbox, v_assignee;
end $$;
