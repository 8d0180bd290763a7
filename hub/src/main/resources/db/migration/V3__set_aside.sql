-- Inbound messages that are not in any conversation: refused by the database on every try, or
-- automated mail (auto-replies, bounces) that must not reopen conversations. Admins list them.
-- The payload is the message as JSON *text*: jsonb refuses \u0000, and a NUL may be the very reason
-- a message is here. Every other text column has its NULs replaced before it is written.
create table set_aside (
  id              bigserial primary key,
  inbox_id        bigint references inbox on delete set null,
  channel         text not null,
  provider_id     text,
  sender_kind     text not null,
  sender_address  text not null,
  reason          text not null,
  payload         text not null,
  created_at      timestamptz not null default now()
);
-- A retried set-aside is stored once. Hashed: a provider id too long for a btree index (one reason
-- to be here) must not fail this insert as well.
create unique index set_aside_provider_id on set_aside (channel, md5(provider_id)) where provider_id is not null;
