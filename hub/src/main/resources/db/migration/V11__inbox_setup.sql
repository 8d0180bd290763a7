-- What the hub did on the provider's side for each inbox (Telegram: registering its webhook), asked
-- for by every create or change of the inbox and retried with backoff until it is done or given up.
-- generation counts the requests: an attempt started for an older one never overwrites the newer.
create table inbox_setup (
  inbox_id      bigint primary key references inbox on delete cascade,
  state         text not null default 'pending' check (state in ('pending', 'done', 'failed')),
  generation    int not null default 1,
  attempts      int not null default 0,
  due_at        timestamptz not null default now(),
  leased_until  timestamptz,
  message       text,
  updated_at    timestamptz not null default now()
);
create index inbox_setup_due on inbox_setup (due_at) where state = 'pending';
