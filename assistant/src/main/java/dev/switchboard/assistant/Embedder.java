package dev.switchboard.assistant;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The quantized all-MiniLM-L6-v2 model (inside its jar, 384 dimensions), run only on a small pool
 * of worker threads: inference never touches an event loop, and at most {@code threads} run at once
 * with a bounded number waiting; past that a call fails at once ({@link Busy}).
 */
public final class Embedder implements AutoCloseable {

  public static final int DIMENSIONS = 384;

  /** Thrown (as a failed future) when the pool and its queue are full. */
  public static final class Busy extends RuntimeException {
    Busy() {
      super("the embedder is busy", null, false, false);
    }
  }

  private final EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
  private final WorkerExecutor pool;
  private final int maxQueued;
  private final AtomicInteger inFlight = new AtomicInteger();

  public Embedder(Vertx vertx, int threads, int maxQueued) {
    this.pool = vertx.createSharedWorkerExecutor("switchboard-embedder", threads);
    this.maxQueued = threads + maxQueued;
  }

  /** One unit-length vector per text, in order. */
  public Future<List<float[]>> embed(List<String> texts) {
    if (inFlight.incrementAndGet() > maxQueued) {
      inFlight.decrementAndGet();
      return Future.failedFuture(new Busy());
    }
    return pool.executeBlocking(() -> embedNow(texts), false)
        .onComplete(done -> inFlight.decrementAndGet());
  }

  /** On the calling thread: for tests and workers only. */
  public List<float[]> embedNow(List<String> texts) {
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    return model.embedAll(segments).content().stream().map(e -> unit(e.vector())).toList();
  }

  private static float[] unit(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    double norm = Math.sqrt(sum);
    if (norm == 0) {
      return v;
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / norm);
    }
    return out;
  }

  @Override
  public void close() {
    pool.close();
  }
}
