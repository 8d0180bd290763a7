-- The status lifecycle: snoozing until a time, the conversation's team, the tags catalogue, macros,
-- and a notification for a snooze that ended.

-- Meaningful only while status = 'snoozed': an inbound message reopens the conversation (sb_append
-- sets status 'open') and leaves this column alone, so readers and the waker look at status first.
alter table conversation add column snoozed_until timestamptz;
-- The waker's tick reads only snoozed rows, oldest due first. The predicate names status, so a
-- status change is not a HOT update; a message that leaves status as it was still is.
create index conversation_snoozed on conversation (snoozed_until) where status = 'snoozed';

-- team_id existed without a reference; nothing wrote it until now. A deleted team leaves its
-- conversations without a team.
update conversation set team_id = null where team_id is not null and not exists (select 1 from team t where t.id = team_id);
alter table conversation add constraint conversation_team_fk foreign key (team_id) references team on delete set null;

-- The tags agents may pick, and macros may name. Deleting one does not strip conversations of it.
create table tag (
  name        text primary key check (length(name) between 1 and 64 and name = btrim(name) and name !~ '[[:cntrl:]]'),
  created_at  timestamptz not null default now()
);
insert into tag (name)
select distinct t from conversation c, unnest(c.tags) t
 where length(t) between 1 and 64 and t = btrim(t) and t !~ '[[:cntrl:]]'
on conflict do nothing;

-- A macro: several actions an agent runs in one step. The API checks the actions (their agents,
-- teams and tags must exist) when it saves and again when it runs one.
create table macro (
  id          bigserial primary key,
  name        text not null unique check (length(name) between 1 and 100),
  actions     jsonb not null check (jsonb_typeof(actions) = 'array'),
  created_by  bigint references agent on delete set null,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);

alter table notification drop constraint notification_kind_check;
alter table notification add constraint notification_kind_check
  check (kind in ('mention', 'assigned', 'snooze_ended'));
