package dev.switchboard.bench;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Phase c: what an open but quiet widget (a visitor reading a page) costs the hub. Full GC and
 * heap reading, then N sockets opened (each gets its hello), full GC and heap reading again:
 * the difference over N is the live heap per socket.
 */
final class IdleSocketsPhase {

  record Result(int opened, int failed, long heapBefore, long heapAfter, double seconds) {
    double kbPerSocket() {
      return opened == 0 ? 0 : (heapAfter - heapBefore) / 1024.0 / opened;
    }
  }

  private final Vertx vertx;
  private final BenchOptions options;
  private final WebSocketClient client;
  private final HubApi api;
  private final HubGc gc;
  private final long inboxId;

  IdleSocketsPhase(Vertx vertx, BenchOptions options, WebSocketClient client, HubApi api, HubGc gc, long inboxId) {
    this.vertx = vertx;
    this.options = options;
    this.client = client;
    this.api = api;
    this.gc = gc;
    this.inboxId = inboxId;
  }

  Future<Result> run() {
    int n = options.idleSockets();
    if (!gc.available()) {
      Report.line("idle: no --hub-pid, so no full GC before readings: the figure includes garbage");
    }
    Report.line("idle: opening %d widget sockets, %d handshakes at a time", n, options.connectConcurrency());
    long[] heap = new long[2];
    long[] nanos = new long[2];
    List<WidgetSocket> open = new ArrayList<>(n);
    return liveHeap()
        .compose(before -> {
          heap[0] = before;
          nanos[0] = System.nanoTime();
          return Concurrently.run(n, options.connectConcurrency(),
              i -> WidgetSocket.open(client, options.host(), options.port(), inboxId));
        })
        .compose(results -> {
          nanos[1] = System.nanoTime();
          String firstFailure = null;
          for (AsyncResult<WidgetSocket> r : results) {
            if (r.succeeded()) {
              open.add(r.result());
            } else if (firstFailure == null) {
              firstFailure = String.valueOf(r.cause());
            }
          }
          Report.line("idle: %d of %d sockets open with their hello in %.1f s%s", open.size(), n,
              (nanos[1] - nanos[0]) / 1e9, firstFailure == null ? "" : "; first failure: " + firstFailure);
          // the hub registers each visitor's presence asynchronously; let that settle before measuring
          return vertx.timer(2_000);
        })
        .compose(v -> liveHeap())
        .compose(after -> {
          heap[1] = after;
          long stillOpen = open.stream().filter(WidgetSocket::isOpen).count();
          Result r = new Result((int) stillOpen, n - (int) stillOpen, heap[0], heap[1], (nanos[1] - nanos[0]) / 1e9);
          Report.line("idle: hub heap after full GC %.1f MB -> %.1f MB with %d idle sockets = %.2f KB per socket",
              heap[0] / 1048576.0, heap[1] / 1048576.0, stillOpen, r.kbPerSocket());
          if (options.idleHoldSeconds() > 0) {
            Report.line("idle: holding the sockets open for %d s", options.idleHoldSeconds());
          }
          return vertx.timer(Math.max(1, options.idleHoldSeconds() * 1000L)).compose(v -> closeAll(open)).map(r);
        });
  }

  private Future<Long> liveHeap() {
    return gc.fullGc().compose(v -> api.heapUsedBytes());
  }

  private Future<Void> closeAll(List<WidgetSocket> sockets) {
    return Concurrently.run(sockets.size(), 1_000, i -> sockets.get(i).close()).mapEmpty();
  }
}
