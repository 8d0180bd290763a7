-- A bot endpoint that fails is paused as a whole, not tried event by event: after each failed try
-- the bot waits (5 s, 10 s, 20 s ... at most 10 min) before the next one, so one dead endpoint costs
-- a try now and then instead of every event's, and never takes the send slots of the healthy bots.
-- A success clears it all.
alter table bot add column failures int not null default 0;
alter table bot add column failing_since timestamptz;
alter table bot add column paused_until timestamptz;

-- The lease takes a few due events per bot (fair between bots): each bot's own due order.
create index bot_delivery_due_per_bot on bot_delivery (bot_id, next_attempt_at, id) where status = 'pending';
-- ... which replaces the global due order: one index less to write for every event of every bot
-- (the hourly expiry of a paused endpoint's backlog reads this one too).
drop index bot_delivery_due;
