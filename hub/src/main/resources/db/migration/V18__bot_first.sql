-- Bot first, then a human (issue 10): in an inbox whose config names a `bot_id`, a new case is the
-- bot's until it hands off (its API call, a hand-off word from the customer, its silence past
-- `bot_timeout_seconds`, or an agent taking the conversation). sb_append claims the case for the bot
-- when it opens it, and sb_handoff ends the bot's turn exactly once (R__functions.sql).

-- The bot answering the conversation now; null: humans (or nobody yet). Changes once per case at
-- most (claimed when a case opens, cleared at hand-off), never on the per-message update.
alter table conversation add column bot_id bigint;
-- When and why the bot's turn in the current case ended; cleared when the next case opens.
alter table conversation add column handed_off_at timestamptz;
alter table conversation add column handoff_reason text;

-- First-response time counts from the hand-off in a case the bot answered first.
alter table support_case add column handed_off_at timestamptz;

-- The timeout worker's scan: only the bot's conversations whose customer waits for an answer.
create index conversation_bot_waiting on conversation (waiting_since)
  where bot_id is not null and waiting_since is not null;
-- The "bot" view and its count.
create index conversation_bot on conversation (bot_id) where bot_id is not null;
