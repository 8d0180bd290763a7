-- Retention of the bot outbox and audit log (bots.BotRetentionSweeper): old rows are found by age
-- through these indexes and deleted in small batches. The delivery indexes are partial: inserting
-- a pending event costs no entry in them (a row enters one when it is delivered or dead, an update
-- that is not HOT anyway, status being in the predicate of bot_delivery_due), and the dead one
-- stays tiny, so a sweep finding nothing reads a page, not the table.
create index bot_delivery_finished_age on bot_delivery (created_at) where status in ('delivered', 'stored');
create index bot_delivery_dead_age on bot_delivery (created_at) where status = 'dead';
create index bot_audit_age on bot_audit (at);
