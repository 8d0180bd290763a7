-- The knowledge base: articles written in Markdown, searched by full text and by meaning.
-- search: the weighted tsvector (title A, tags B, body C) the statements in kb/KbSql write with
-- the row (a generated column cannot hold it: array_to_string is not immutable).
-- summary: the start of the body as plain text, written by the hub, the snippet search answers with.
-- embedding: the article's vector from the assistant's embedder (all-MiniLM-L6-v2, 384 floats,
-- unit length, so cosine similarity is a dot product); embedding_stale asks the hub's
-- kb.EmbeddingWorker to (re)compute it, retried after embed_after with backoff.
create table kb_article (
  id               bigserial primary key,
  title            text not null check (length(title) between 1 and 200),
  body             text not null check (length(body) <= 100000),
  tags             text[] not null default '{}' check (cardinality(tags) <= 20),
  published        boolean not null default false,
  author_id        bigint references agent on delete set null,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  summary          text not null default '',
  search           tsvector not null,
  embedding        real[],
  embedding_stale  boolean not null default true,
  embed_attempts   int not null default 0,
  embed_after      timestamptz not null default now()
);

create index kb_article_search on kb_article using gin (search);
create index kb_article_stale on kb_article (embed_after) where embedding_stale;
