package dev.switchboard.hub.kb;

import dev.switchboard.hub.limits.Bulkhead;
import dev.switchboard.hub.store.PgFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Search of the published articles: PostgreSQL full text and, when the assistant's embedder answers
 * within {@link #EMBED_MILLIS}, similarity of meaning; otherwise full text alone, never an error.
 *
 * <p>The two rankings are joined by reciprocal rank fusion (each list gives an article
 * {@code 1 / (K + rank)}, summed): the scores behind them are on unrelated scales (ts_rank_cd
 * grows with matches and weights, cosine similarity sits in [-1, 1]), so only the ranks are
 * comparable, fusion needs no tuning of weights, and an article both find rises above one only
 * one of them finds.
 */
public final class KbSearch {

  private static final Logger log = LoggerFactory.getLogger(KbSearch.class);

  public static final int MAX_QUERY = 200;
  public static final int MAX_RESULTS = 10;
  /** The query's vector must come this fast, or the search goes on with full text only. */
  public static final long EMBED_MILLIS = 300;
  /** The usual constant of reciprocal rank fusion: a little damping of the top ranks. */
  static final int K = 60;
  /**
   * Below this cosine similarity an article is not taken as related: all-MiniLM-L6-v2 puts
   * unrelated English sentences around 0 to 0.2 and paraphrases well above 0.4.
   */
  static final double MIN_SIMILARITY = 0.3;

  private final Pool pool;
  private final EmbeddingsClient embeddings;
  private final Bulkhead searches = new Bulkhead("knowledge-base searches", 2, 8);

  public KbSearch(Pool pool, EmbeddingsClient embeddings) {
    this.pool = pool;
    this.embeddings = embeddings;
  }

  /** The best published matches for {@code query}, best first. */
  public Future<List<SearchHit>> search(String query) {
    String q = query.strip();
    if (q.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Future<List<SearchHit>> byMeaning = semantic(q);
    Future<List<SearchHit>> byWords = searches.run(() -> pool.preparedQuery(KbSql.FULL_TEXT)
        .execute(Tuple.of(q, MAX_RESULTS)).map(KbSearch::hits)).recover(PgFailures::recover);
    return Future.all(byWords, byMeaning).map(both -> fuse(byWords.result(), byMeaning.result()));
  }

  /** Empty (never failed) when there is no embedder or it is slow or down. */
  private Future<List<SearchHit>> semantic(String q) {
    if (!embeddings.configured()) {
      return Future.succeededFuture(List.of());
    }
    return embeddings.embed(List.of(q), EMBED_MILLIS)
        .recover(e -> {
          // expected while the assistant is down or busy: not worth a line per search
          log.debug("knowledge-base search goes on with full text only: {}", e.toString());
          return Future.succeededFuture(null);
        })
        .compose(vectors -> vectors == null ? Future.succeededFuture(List.<SearchHit>of())
            : searches.run(() -> pool.preparedQuery(KbSql.SEMANTIC)
                .execute(Tuple.of(vectors.get(0), MIN_SIMILARITY, MAX_RESULTS)).map(KbSearch::hits))
                .recover(e -> {
                  log.warn("knowledge-base search by meaning failed, full text only: {}", e.toString());
                  return Future.succeededFuture(List.of());
                }));
  }

  /** Reciprocal rank fusion of the two lists (see the class comment). */
  static List<SearchHit> fuse(List<SearchHit> words, List<SearchHit> meaning) {
    Map<Long, SearchHit> hits = new LinkedHashMap<>();
    Map<Long, Double> scores = new LinkedHashMap<>();
    for (List<SearchHit> list : List.of(words, meaning)) {
      for (int rank = 0; rank < list.size(); rank++) {
        SearchHit h = list.get(rank);
        hits.putIfAbsent(h.id(), h);
        scores.merge(h.id(), 1.0 / (K + rank + 1), Double::sum);
      }
    }
    return scores.entrySet().stream()
        .sorted(Map.Entry.<Long, Double>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(MAX_RESULTS).map(e -> hits.get(e.getKey())).toList();
  }

  private static List<SearchHit> hits(RowSet<Row> rows) {
    List<SearchHit> out = new ArrayList<>();
    rows.forEach(r -> out.add(new SearchHit(r.getLong("id"), r.getString("title"), r.getString("summary"))));
    return out;
  }
}
