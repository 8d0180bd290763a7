-- Canned responses: text an agent inserts in the composer by typing "/" and a shortcut. One list
-- for the whole hub; admins keep it, every agent reads it. The check mirrors the API's rule, so a
-- row written any other way cannot break the picker.
create table canned_response (
  id          bigserial primary key,
  shortcut    text not null unique check (shortcut ~ '^[a-z0-9_-]{1,40}$'),
  body        text not null check (length(body) between 1 and 10000),
  created_by  bigint references agent on delete set null,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);
