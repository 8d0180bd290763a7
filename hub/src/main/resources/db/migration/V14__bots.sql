-- Bots: integrations that read conversations, reply or draft through the REST API with their own
-- token, and receive the conversation events of their inboxes as signed webhooks (bot_delivery,
-- a persistent outbox). Every call a bot makes is kept in bot_audit.
create table bot (
  id                     bigserial primary key,
  name                   text not null,
  -- null: the bot takes its events from /ws/bot (or not at all); the outbox still keeps them
  webhook_url            text,
  scopes                 text[] not null default '{}',
  -- no foreign key on an array: checked when saved, and a deleted inbox simply serves no events
  inbox_ids              bigint[] not null default '{}',
  token_hash             bytea not null unique,
  -- AES-GCM (nonce || ciphertext) of the "whsec_..." string: the hub must sign with it, so not a hash
  webhook_secret         bytea not null,
  allow_private_network  boolean not null default false,
  active                 boolean not null default true,
  disabled_reason        text,
  -- the last seq handed to one of its events: gap-free, in commit order (the row is locked per insert)
  event_seq              bigint not null default 0,
  created_at             timestamptz not null default now(),
  updated_at             timestamptz not null default now()
);
create index bot_inboxes on bot using gin (inbox_ids) where active;

create table bot_delivery (
  id                bigserial primary key,
  bot_id            bigint not null references bot on delete cascade,
  seq               bigint not null,
  type              text not null,
  -- the exact JSON text that is signed and POSTed ({type, timestamp, data}); never re-encoded
  body              text not null,
  -- pending → delivered | dead; stored: no webhook URL (kept for the socket's catch-up)
  status            text not null default 'pending' check (status in ('pending', 'delivered', 'dead', 'stored')),
  attempts          int not null default 0,
  max_attempts      int not null default 8,
  next_attempt_at   timestamptz,
  last_status_code  int,
  last_duration_ms  int,
  last_error        text,
  created_at        timestamptz not null default now(),
  delivered_at      timestamptz,
  unique (bot_id, seq)
);
create index bot_delivery_due on bot_delivery (next_attempt_at) where status = 'pending';
create index bot_delivery_list on bot_delivery (bot_id, id desc);

-- The status each conversation had when bots last heard of it: a ConversationChanged snapshot tells
-- the state after a change, not what changed, so opened / resolved are found by comparing with this.
create table bot_conversation_status (
  conversation_id  bigint primary key,
  status           text not null,
  updated_at       timestamptz not null
);

create table bot_audit (
  id           bigserial primary key,
  bot_id       bigint not null references bot on delete cascade,
  method       text not null,
  path         text not null,
  status       int not null,
  duration_ms  int,
  at           timestamptz not null
);
create index bot_audit_list on bot_audit (bot_id, id desc);
