package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Full garbage collections in the hub process ({@code jcmd PID GC.run}), so heap readings before and
 * after a change hold live objects only. jcmd is a child process: it runs on a worker thread.
 */
final class HubGc {

  private final Vertx vertx;
  private final long pid;

  HubGc(Vertx vertx, long pid) {
    this.vertx = vertx;
    this.pid = pid;
  }

  boolean available() {
    return pid > 0;
  }

  Future<Void> fullGc() {
    if (!available()) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.run")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
        jcmd.destroyForcibly();
        throw new IOException("jcmd GC.run did not finish in 60 s");
      }
      if (jcmd.exitValue() != 0) {
        throw new IOException("jcmd " + pid + " GC.run exited with " + jcmd.exitValue());
      }
      return null;
    });
  }
}
