-- A reply sent as a provider-approved template (WhatsApp outside its 24-hour window):
-- {name, language, parameters}; the outbox hands it to the connector instead of the body.
alter table message add column template jsonb;
