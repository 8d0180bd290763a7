package dev.switchboard.hub.kb;

/** Every statement on {@code kb_article}, in one place. */
final class KbSql {

  private KbSql() {}

  static final String COLUMNS = "id, title, body, tags, published, author_id, created_at, updated_at, embedding_stale";

  /** The weighted document of a row whose title, tags and body are {@code t}, {@code g}, {@code b}. */
  private static String document(String t, String g, String b) {
    return "setweight(to_tsvector('english', " + t + "), 'A') || setweight(to_tsvector('english', array_to_string("
        + g + ", ' ')), 'B') || setweight(to_tsvector('english', " + b + "), 'C')";
  }

  /** {@code $1}: published only; {@code $2}: at most this many. Newest change first. */
  static final String LIST = "select " + COLUMNS + """
       from kb_article
      where published or not $1
      order by updated_at desc, id desc limit $2""";

  static final String GET = "select " + COLUMNS + " from kb_article where id = $1";

  /** The page: published ones only. */
  static final String PUBLISHED = "select " + COLUMNS + " from kb_article where id = $1 and published";

  /** Published ones among the ids {@code $1} (in any order). */
  static final String PUBLISHED_AMONG = "select " + COLUMNS + " from kb_article where id = any($1) and published";

  /** {@code $1..$6}: title, body, tags, published, author, summary. */
  static final String INSERT = "insert into kb_article (title, body, tags, published, author_id, summary, search) "
      + "values ($1, $2, $3, $4, $5, $6, " + document("$1", "$3::text[]", "$2") + ") returning " + COLUMNS;

  /**
   * {@code $2..$6}: title, body, tags, published, summary; a null keeps the value. A change of title,
   * body or tags makes the embedding stale and due at once.
   */
  static final String UPDATE = """
      with n as (
        select id, coalesce($2, title) as title, coalesce($3, body) as body, coalesce($4::text[], tags) as tags,
               coalesce($5, published) as published, coalesce($6, summary) as summary
          from kb_article where id = $1 for update)
      update kb_article a
         set title = n.title, body = n.body, tags = n.tags, published = n.published, summary = n.summary,
             search = """ + document("n.title", "n.tags", "n.body") + """
      ,
             embedding_stale = a.embedding_stale or (a.title, a.body, a.tags) is distinct from (n.title, n.body, n.tags),
             embed_attempts = case when (a.title, a.body, a.tags) is distinct from (n.title, n.body, n.tags)
                                   then 0 else a.embed_attempts end,
             embed_after = case when (a.title, a.body, a.tags) is distinct from (n.title, n.body, n.tags)
                                then now() else a.embed_after end,
             updated_at = now()
        from n
       where a.id = n.id
      returning a.id, a.title, a.body, a.tags, a.published, a.author_id, a.created_at, a.updated_at,
                a.embedding_stale""";

  static final String DELETE = "delete from kb_article where id = $1";

  /**
   * Full text, published only: any of the query's words (so a question's extra words do not hide an
   * article), ranked by cover density over the weights. {@code $1}: the query; {@code $2}: limit.
   */
  static final String FULL_TEXT = """
      with q as (select nullif(replace(plainto_tsquery('english', $1)::text, ' & ', ' | '), '')::tsquery as query)
      select a.id, a.title, a.summary
        from kb_article a, q
       where a.published and q.query is not null and a.search @@ q.query
       order by ts_rank_cd(a.search, q.query, 1) desc, a.id
       limit $2""";

  /**
   * By meaning, published only: cosine similarity (a dot product: the vectors are unit length) of
   * each article's embedding with {@code $1} (in float8: products of
   * small float4s underflow, which PostgreSQL refuses), at least {@code $2}; {@code $3}: limit. A scan:
   * fine for the thousands of articles a helpdesk keeps.
   */
  static final String SEMANTIC = """
      select id, title, summary, score from (
        select a.id, a.title, a.summary,
               (select sum(x::float8 * y::float8) from unnest(a.embedding, $1::real[]) as v(x, y)) as score
          from kb_article a
         where a.published and a.embedding is not null) s
       where score >= $2
       order by score desc, id
       limit $3""";

  /** The next stale articles due, leased for {@code $2} seconds; {@code $1}: at most this many. */
  static final String LEASE_STALE = """
      update kb_article a set embed_after = now() + make_interval(secs => $2), embed_attempts = embed_attempts + 1
        from (select id from kb_article where embedding_stale and embed_after <= now()
               order by embed_after limit $1 for update skip locked) due
       where a.id = due.id
      returning a.id, a.title, a.body, a.tags, a.embed_attempts""";

  /**
   * Stores the vector unless the text changed since it was read ({@code $3..$5}: the title, body
   * and tags embedded): a change meanwhile keeps it stale for the next round.
   */
  static final String STORE_EMBEDDING = """
      update kb_article set embedding = $2, embedding_stale = false, embed_attempts = 0
       where id = $1 and title = $3 and body = $4 and tags = $5::text[]""";

  /** After a failure: try again in {@code $2} seconds. */
  static final String RETRY_LATER = """
      update kb_article set embed_after = now() + make_interval(secs => $2) where id = $1 and embedding_stale""";
}
