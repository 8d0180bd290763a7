package dev.switchboard.hub;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import dev.switchboard.hub.limits.ConnectionGuard;
import io.vertx.ext.web.Router;

/**
 * One HTTP server per event loop, all on the same port and router (Vert.x balances connections).
 * Every connection passes the {@link ConnectionGuard} first: header deadline, per-address cap.
 */
final class HttpVerticle extends VerticleBase {

  /** Larger than our 64 KB frame limit, so an oversize frame gets an error frame instead of a dropped socket. */
  private static final int MAX_WEBSOCKET_FRAME = 256 * 1024;

  /** A connection with no byte in either direction this long is closed (sockets ping far more often). */
  static final int IDLE_TIMEOUT_SECONDS = 60;

  private final Router router;
  private final int port;
  private final ConnectionGuard guard;

  HttpVerticle(Router router, int port, ConnectionGuard guard) {
    this.router = router;
    this.port = port;
    this.guard = guard;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setPort(port)
        // compression costs ~600 ms p50 at 3,000 frames/s on two cores, and memory per socket: off
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setMaxWebSocketFrameSize(MAX_WEBSOCKET_FRAME)
        .setMaxWebSocketMessageSize(MAX_WEBSOCKET_FRAME)
        .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
        // without h2c a connection is HTTP/1 from its first moment, so the guard sees it at once
        // (h2c sniffing waits for the first bytes, and a silent socket never sends any)
        .setHttp2ClearTextEnabled(false);
    return vertx.createHttpServer(options)
        .connectionHandler(guard::connected)
        .requestHandler(request -> {
          guard.requestArrived(request);
          router.handle(request);
        })
        .listen();
  }
}
