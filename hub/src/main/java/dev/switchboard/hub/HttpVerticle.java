package dev.switchboard.hub;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/** One HTTP server per event loop, all on the same port and router (Vert.x balances connections). */
final class HttpVerticle extends VerticleBase {

  /** Larger than our 64 KB frame limit, so an oversize frame gets an error frame instead of a dropped socket. */
  private static final int MAX_WEBSOCKET_FRAME = 256 * 1024;

  private final Router router;
  private final int port;

  HttpVerticle(Router router, int port) {
    this.router = router;
    this.port = port;
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
        .setIdleTimeout(0);
    return vertx.createHttpServer(options).requestHandler(router).listen();
  }
}
