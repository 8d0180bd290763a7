-- Drafts: replies a bot suggests and an agent sends (as is or edited) or dismisses. A draft never
-- reaches a customer by itself: accepting one appends an agent's reply, in the same transaction that
-- moves the draft out of 'pending' (once: "where status = 'pending'").
create table draft (
  id               bigserial primary key,
  -- moved with the timeline when customers merge (sb_merge_customers)
  conversation_id  bigint not null references conversation,
  -- a deleted bot's drafts go with it (its suggestions and counts mean nothing any more)
  bot_id           bigint not null references bot on delete cascade,
  -- the bot's name when it drafted: what the suggestion says even after a rename
  bot_name         text not null,
  body             text not null,
  -- the bot's word to the agent (sources, confidence); never sent to the customer
  note             text,
  status           text not null default 'pending'
                     check (status in ('pending', 'accepted', 'edited', 'dismissed')),
  decided_by       bigint references agent on delete set null,
  decided_at       timestamptz,
  -- the reply it became (accepted or edited)
  message_id       bigint references message on delete set null,
  created_at       timestamptz not null default now(),
  check ((status = 'pending') = (decided_at is null))
);
-- the suggestions shown above a conversation's composer
create index draft_pending on draft (conversation_id, id) where status = 'pending';
create index draft_conversation on draft (conversation_id, id desc);
-- each bot's counts (created, accepted, edited, dismissed)
create index draft_bot on draft (bot_id, status);
