-- Notifications: an agent was @mentioned in a note, or a conversation was assigned to them by
-- someone else. Written once, by the node that published the event; read and marked by their agent.
create table notification (
  id               bigserial primary key,
  agent_id         bigint not null references agent on delete cascade,
  kind             text not null check (kind in ('mention', 'assigned')),
  -- no foreign key: a merge deletes the merged-away conversation, and its notifications stay listed
  conversation_id  bigint not null,
  message_id       bigint references message on delete cascade,
  actor_id         bigint references agent on delete set null,
  actor_name       text,
  preview          text,
  created_at       timestamptz not null default now(),
  read_at          timestamptz
);
-- the list, newest first, and the unread count
create index notification_agent on notification (agent_id, id desc);
create index notification_unread on notification (agent_id) where read_at is null;
-- one mention per agent per note, even if a note's event were handled twice
create unique index notification_mention_once on notification (agent_id, message_id) where kind = 'mention';
