-- Channels beyond web chat: connector state (IMAP UIDs, …) and stored attachments.

create table connector_state (
  key         text primary key,
  value       jsonb not null,
  updated_at  timestamptz not null default now()
);

-- Files that came with messages; served to signed-in agents only.
create table attachment (
  id            bigserial primary key,
  message_id    bigint not null references message on delete cascade,
  filename      text not null,
  content_type  text not null,
  size          bigint not null,
  content       bytea not null,
  created_at    timestamptz not null default now()
);
create index attachment_message on attachment (message_id);

-- Delivery statuses only move forward; providers' callbacks arrive in any order.
create function sb_status_rank(p_status text) returns int
language sql immutable as $$
  select case p_status when 'queued' then 0 when 'sent' then 1 when 'delivered' then 2 when 'read' then 3
                       when 'failed' then 4 else -1 end
$$;

-- Status callbacks find outbound messages by the provider's id alone.
create index message_out_provider_id on message (provider_id) where direction = 'out' and provider_id is not null;
