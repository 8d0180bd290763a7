-- Replies in context: the customer message an agent's reply answers (quoted on WhatsApp and Telegram).
-- "on delete set null": a quoted message that goes (retention, erasure) leaves the reply standing.
alter table message add column reply_to_id bigint references message on delete set null;
