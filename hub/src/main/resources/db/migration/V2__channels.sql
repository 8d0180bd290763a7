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
