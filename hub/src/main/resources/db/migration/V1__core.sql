-- Switchboard core data model (DESIGN.md "The data model").

create table hub_secret (
  id      int primary key default 1 check (id = 1),
  secret  bytea not null
);

create table agent (
  id             bigserial primary key,
  email          text not null unique,
  name           text not null,
  role           text not null check (role in ('admin', 'agent')),
  password_hash  text not null,
  active         boolean not null default true,
  created_at     timestamptz not null default now()
);

-- Bearer tokens are stored hashed: a leaked table does not log anyone in.
create table agent_token (
  token_hash  bytea primary key,
  agent_id    bigint not null references agent on delete cascade,
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null
);
create index agent_token_agent on agent_token (agent_id);

create table inbox (
  id          bigserial primary key,
  name        text not null,
  channel     text not null check (channel in ('web', 'sms', 'email', 'whatsapp', 'messenger', 'instagram', 'telegram')),
  config      jsonb not null default '{}',
  secrets     jsonb not null default '{}',
  enabled     boolean not null default true,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);

create table customer (
  id           bigserial primary key,
  name         text,
  email        text,
  phone        text,
  merged_into  bigint references customer,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);

-- (kind, address): web visitor id, verified user id, E.164 phone, lower-cased email, WhatsApp id, …
create table identity (
  id           bigserial primary key,
  customer_id  bigint not null references customer,
  kind         text not null,
  address      text not null,
  created_at   timestamptz not null default now(),
  unique (kind, address)
);
create index identity_customer on identity (customer_id);

create table conversation (
  id                    bigserial primary key,
  customer_id           bigint not null unique references customer,
  status                text not null default 'open' check (status in ('open', 'pending', 'snoozed', 'resolved')),
  assignee_id           bigint references agent,
  team_id               bigint,
  priority              text not null default 'none' check (priority in ('none', 'low', 'medium', 'high', 'urgent')),
  tags                  text[] not null default '{}',
  last_seq              bigint not null default 0,
  last_inbound_channel  text,
  last_inbound_inbox    bigint,
  last_message_at       timestamptz,
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now()
) with (fillfactor = 70);
-- Every message updates its conversation row. No index covers the columns it changes (last_seq,
-- status, last_message_at), and pages keep room, so that update is HOT: no index writes at all.
create index conversation_assignee on conversation (assignee_id);

create sequence ticket_number;

-- One open→resolved cycle of a conversation.
create table support_case (
  id                 bigserial primary key,
  conversation_id    bigint not null references conversation on delete cascade,
  number             bigint not null unique default nextval('ticket_number'),
  opened_at          timestamptz not null default now(),
  first_response_at  timestamptz,
  resolved_at        timestamptz
);
create unique index support_case_one_open on support_case (conversation_id) where resolved_at is null;
create index support_case_conversation on support_case (conversation_id);

create table message (
  id               bigserial primary key,
  conversation_id  bigint not null references conversation,
  seq              bigint not null,
  direction        text not null check (direction in ('in', 'out', 'note', 'draft', 'event')),
  channel          text not null,
  inbox_id         bigint,
  author_type      text not null check (author_type in ('customer', 'agent', 'bot', 'system')),
  author_id        bigint,
  author_name      text,
  body             text not null,
  body_html        text,
  attachments      jsonb not null default '[]',
  provider_id      text,
  thread_key       text,
  status           text,
  error            text,
  case_id          bigint references support_case,
  created_at       timestamptz not null default clock_timestamp(),
  unique (conversation_id, seq)
);
-- The idempotency key: a retried provider delivery or widget resend never makes a second message.
create unique index message_provider_id on message (channel, provider_id) where provider_id is not null;

-- At-least-once delivery of outbound messages to their connectors.
create table outbox (
  id               bigserial primary key,
  message_id       bigint not null unique references message,
  attempts         int not null default 0,
  next_attempt_at  timestamptz not null default now(),
  last_error       text,
  done_at          timestamptz,
  created_at       timestamptz not null default now()
);
create index outbox_due on outbox (next_attempt_at) where done_at is null;

-- The customer behind an identity, and that customer's one conversation; created on first contact.
-- Concurrent first contacts from one identity (two nodes, a retry) end up with one customer.
-- The common case (a known identity) is two index reads and no writes.
create function sb_conversation_for(p_kind text, p_address text, p_name text) returns bigint
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
create function sb_append(
  p_conversation bigint, p_direction text, p_channel text, p_inbox bigint,
  p_author_type text, p_author_id bigint, p_author_name text,
  p_body text, p_body_html text, p_attachments jsonb, p_provider_id text, p_thread_key text, p_status text)
returns table (message_id bigint, seq bigint, created_at timestamptz, duplicate boolean, status_changed boolean)
language plpgsql as $$
declare
  v_now timestamptz := clock_timestamp();
  v_seq bigint;
  v_status_before text;
  v_status text;
  v_case bigint;
  v_id bigint;
  v_at timestamptz;
begin
  if p_provider_id is not null then
    select m.id, m.seq, m.created_at into v_id, v_seq, v_at
      from message m where m.channel = p_channel and m.provider_id = p_provider_id;
    if found then
      return query select v_id, v_seq, v_at, true, false;
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
    last_inbound_inbox = case when p_direction = 'in' then p_inbox else c.last_inbound_inbox end,
    updated_at = v_now
  where c.id = p_conversation
  returning c.last_seq, c.status into v_seq, v_status;
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

  return query select v_id, v_seq, v_now, false, v_status is distinct from v_status_before;
end $$;

-- Merges customer p_other into p_target: identities move, and the two timelines become one,
-- renumbered by time (seq stays gap-free). Returns the surviving conversation id.
create function sb_merge_customers(p_target bigint, p_other bigint) returns bigint
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
    delete from conversation where id = v_other_conv;
  end if;
  return v_target_conv;
end $$;
