package dev.switchboard.hub.kb;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * (Re)computes the embeddings of articles marked {@code embedding_stale} by a create or an edit:
 * every {@link #TICK_MILLIS}, leases a few due ones ({@code for update skip locked}, so nodes share
 * the work), asks the assistant's embedder, stores the vectors. A failure retries the article later
 * with exponential backoff (5 s doubling to 10 min); nothing waits on this, search meanwhile uses
 * the old vector or full text.
 */
public final class EmbeddingWorker extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(EmbeddingWorker.class);

  public static final long TICK_MILLIS = 1000;
  static final int BATCH = 16;
  static final int LEASE_SECONDS = 60;
  /** Articles are long: the model reads the start of them anyway. */
  static final int MAX_TEXT = 4000;
  static final long EMBED_MILLIS = 30_000;

  private final Pool pool;
  private final EmbeddingsClient embeddings;
  private long timer = -1;
  private boolean running;

  public EmbeddingWorker(Pool pool, EmbeddingsClient embeddings) {
    this.pool = pool;
    this.embeddings = embeddings;
  }

  @Override
  public Future<?> start() {
    if (embeddings.configured()) {
      timer = vertx.setPeriodic(TICK_MILLIS, t -> tick());
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private record Stale(long id, String title, String body, String[] tags, int attempts) {

    String text() {
      String all = title + "\n" + String.join(", ", tags) + "\n" + body;
      return all.length() <= MAX_TEXT ? all : all.substring(0, MAX_TEXT);
    }
  }

  /** One round; a round still running skips the tick. */
  Future<Void> tick() {
    if (running) {
      return Future.succeededFuture();
    }
    running = true;
    return pool.preparedQuery(KbSql.LEASE_STALE).execute(Tuple.of(BATCH, LEASE_SECONDS))
        .compose(rows -> {
          List<Stale> due = new ArrayList<>();
          for (Row r : rows) {
            due.add(new Stale(r.getLong("id"), r.getString("title"), r.getString("body"),
                r.getArrayOfStrings("tags"), r.getInteger("embed_attempts")));
          }
          if (due.isEmpty()) {
            return Future.succeededFuture();
          }
          return embeddings.embed(due.stream().map(Stale::text).toList(), EMBED_MILLIS)
              .compose(vectors -> {
                List<Tuple> batch = new ArrayList<>();
                for (int i = 0; i < due.size(); i++) {
                  Stale s = due.get(i);
                  batch.add(Tuple.of(s.id(), vectors.get(i), s.title(), s.body(), s.tags()));
                }
                return pool.preparedQuery(KbSql.STORE_EMBEDDING).executeBatch(batch).<Void>mapEmpty();
              })
              .recover(e -> {
                log.warn("embedding {} article(s) failed, retrying later: {}", due.size(), e.toString());
                List<Tuple> later = due.stream().map(s -> Tuple.of(s.id(), backoffSeconds(s.attempts()))).toList();
                return pool.preparedQuery(KbSql.RETRY_LATER).executeBatch(later).mapEmpty();
              });
        })
        .<Void>mapEmpty()
        .onFailure(e -> log.warn("embedding round failed: {}", e.toString()))
        .eventually(() -> {
          running = false;
          return Future.succeededFuture();
        });
  }

  /** 5 s after the first failure, doubling, at most 10 minutes. */
  static long backoffSeconds(int attempts) {
    return Math.min(600, 5L << Math.min(7, Math.max(0, attempts - 1)));
  }
}
