-- Agents' uploads: a file is stored before the reply that carries it, so it belongs to no message
-- yet (message_id null) and to the agent who uploaded it; a reply claims it in its transaction.
-- Unclaimed uploads are deleted after a day (Uploads.sweep).
alter table attachment alter column message_id drop not null;
alter table attachment add column uploaded_by bigint references agent on delete cascade;
create index attachment_pending on attachment (created_at) where message_id is null;
