-- Inbox views (mine, unassigned, all, per team), filters, full-text search and counts
-- (GET /api/v1/conversations, GET /api/v1/conversations/counts).
--
-- The per-message `update conversation` in sb_append is HOT today (V1): no index covers a column it
-- changes every time (last_seq, last_message_at, updated_at, last_inbound_*), and fillfactor 70 keeps
-- room on the page. Every index below covers only columns that change at most once per reply turn
-- (waiting_since, status) or on an agent's action (assignee_id, team_id, tags): a customer writing
-- three messages in a row makes one non-HOT update (the first sets waiting_since), then HOT ones;
-- the reply that clears waiting_since is the other. Sorting by last_message_at (sort=recent, and the
-- conversations not waiting) is therefore a scan of the filtered rows with a top-N sort, never an
-- index on it: that is the price of keeping the message path's update free of index writes.

-- When the customer started waiting for an answer: set by their message when not already waiting,
-- cleared by an agent's or bot's reply (direction 'out'); notes, drafts and events leave it alone.
-- Kept by sb_append (R__functions.sql) in the update it makes anyway: no extra statement per message.
alter table conversation add column waiting_since timestamptz;

-- Existing conversations: waiting since their first customer message after the last reply, if any.
update conversation c set waiting_since = w.since
  from (select m.conversation_id, min(m.created_at) as since
          from (select conversation_id, seq, direction, created_at,
                       max(seq) filter (where direction = 'out') over (partition by conversation_id) as last_out
                  from message where direction in ('in', 'out')) m
         where m.direction = 'in' and m.seq > coalesce(m.last_out, 0)
         group by m.conversation_id) w
 where w.conversation_id = c.id;

-- The default sort (sort=waiting) starts with the open conversations whose customer waits, longest
-- first: read in order from this small partial index (only the open, waiting ones are in it), with
-- the other filters applied on the way, until a page is full.
create index conversation_waiting on conversation (waiting_since, id)
  where status = 'open' and waiting_since is not null;

-- Team views and their counts. (assignee_id, for "mine" and "unassigned", has its index since V1.)
create index conversation_team on conversation (team_id);

-- Status filters and the counts (status=open by default): the open ones are a fraction of 100,000.
create index conversation_status on conversation (status);

-- The tag filter (tags @> array[tag]).
create index conversation_tags on conversation using gin (tags);

-- Full-text search of messages: the one index this change adds on `message`, so every insert pays
-- for it: the tsvector of the body, appended to the GIN pending list (fastupdate batches the index
-- work). The insert that fills the list merges it into the index; a small list (256 kB, not the
-- default 4 MB) keeps that occasional merge to a few milliseconds instead of a spike in an inbound
-- message's latency. 'simple' (lower-cased words, no stemming, no stop words): customers write in
-- many languages, and order numbers, names and codes must match as typed; the last word of a search
-- matches as a prefix instead of stemming. Only the first 20,000 characters are indexed: a tsvector
-- is capped at 1 MB and a long email must never make its own insert fail (or cost much).
create index message_search on message using gin (to_tsvector('simple'::regconfig, left(body, 20000)))
  with (gin_pending_list_limit = 256);

-- Customers by a fragment of their name, email or phone (pg_trgm: `ilike '%fragment%'` from an index).
create extension if not exists pg_trgm;
create index customer_search on customer using gin (name gin_trgm_ops, email gin_trgm_ops, phone gin_trgm_ops);
