-- Teams and capacity-aware assignment. An agent's capacity is how many open conversations
-- auto-assignment gives them (manual assignment may go beyond it). Who is online and how many
-- conversations each holds live in Redis (routing.Assigner); these tables are the truth it is
-- rebuilt from.
alter table agent add column capacity integer not null default 10 check (capacity between 0 and 1000);

create table team (
  id           bigserial primary key,
  name         text not null unique check (length(name) between 1 and 200),
  auto_assign  boolean not null default true,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);

create table team_member (
  team_id   bigint not null references team on delete cascade,
  agent_id  bigint not null references agent on delete cascade,
  primary key (team_id, agent_id)
);
create index team_member_agent on team_member (agent_id);
