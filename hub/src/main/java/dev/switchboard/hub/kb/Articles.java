package dev.switchboard.hub.kb;

import dev.switchboard.hub.store.PgFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The knowledge base's articles: kept by admins, read by agents (the caller checks who may write);
 * every write marks the article's embedding stale for {@link EmbeddingWorker}.
 */
public final class Articles {

  public static final int MAX_TITLE = 200;
  public static final int MAX_BODY = 100_000;
  public static final int MAX_TAGS = 20;
  public static final int MAX_TAG = 40;
  /** More than a helpdesk keeps; bounds one listing. */
  public static final int MAX_LISTED = 1000;

  private final Pool pool;

  public Articles(Pool pool) {
    this.pool = pool;
  }

  /** Newest change first; {@code publishedOnly} for what customers may see. */
  public Future<List<Article>> list(boolean publishedOnly) {
    return pool.preparedQuery(KbSql.LIST).execute(Tuple.of(publishedOnly, MAX_LISTED)).map(Articles::all)
        .recover(PgFailures::recover);
  }

  public Future<Optional<Article>> get(long id) {
    return pool.preparedQuery(KbSql.GET).execute(Tuple.of(id)).map(Articles::one).recover(PgFailures::recover);
  }

  /** Only a published article: what the public page shows. */
  public Future<Optional<Article>> published(long id) {
    return pool.preparedQuery(KbSql.PUBLISHED).execute(Tuple.of(id)).map(Articles::one)
        .recover(PgFailures::recover);
  }

  /** The published ones among {@code ids}, in the order of {@code ids}: a search's hits with their bodies. */
  public Future<List<Article>> published(List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(KbSql.PUBLISHED_AMONG).execute(Tuple.of(ids.toArray(Long[]::new)))
        .map(rows -> {
          List<Article> found = all(rows);
          return ids.stream().flatMap(id -> found.stream().filter(a -> a.id() == id)).toList();
        })
        .recover(PgFailures::recover);
  }

  public Future<Article> create(String title, String body, List<String> tags, boolean published, Long authorId) {
    return pool.preparedQuery(KbSql.INSERT)
        .execute(Tuple.of(title, body, tags.toArray(String[]::new), published, authorId,
            MarkdownRenderer.summary(body)))
        .map(rows -> one(rows).orElseThrow())
        .recover(PgFailures::recover);
  }

  /** A null field keeps its value; empty when there is no such id. */
  public Future<Optional<Article>> update(long id, String title, String body, List<String> tags, Boolean published) {
    return pool.preparedQuery(KbSql.UPDATE)
        .execute(Tuple.tuple(Arrays.asList(id, title, body, tags == null ? null : tags.toArray(String[]::new),
            published, body == null ? null : MarkdownRenderer.summary(body))))
        .map(Articles::one)
        .recover(PgFailures::recover);
  }

  /** True when it existed. */
  public Future<Boolean> delete(long id) {
    return pool.preparedQuery(KbSql.DELETE).execute(Tuple.of(id)).map(rows -> rows.rowCount() > 0)
        .recover(PgFailures::recover);
  }

  private static List<Article> all(RowSet<Row> rows) {
    List<Article> out = new ArrayList<>();
    rows.forEach(r -> out.add(of(r)));
    return out;
  }

  private static Optional<Article> one(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(of(it.next())) : Optional.empty();
  }

  private static Article of(Row r) {
    return new Article(r.getLong("id"), r.getString("title"), r.getString("body"),
        List.of(r.getArrayOfStrings("tags")), r.getBoolean("published"), r.getLong("author_id"),
        r.getOffsetDateTime("created_at").toInstant(), r.getOffsetDateTime("updated_at").toInstant(),
        r.getBoolean("embedding_stale"));
  }
}
