package dev.switchboard.connectors.spi.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;

/**
 * Reads a provider's answer into memory with a ceiling: a media host or an API that sends more
 * than expected (by mistake or on purpose) costs at most {@code limit} bytes, never the node's heap.
 */
public final class BoundedBody {

  /** A body that grew past its limit; the connection was dropped. */
  public static final class TooLarge extends RuntimeException {
    public TooLarge(long limit) {
      super("larger than " + limit + " bytes", null, false, false);
    }
  }

  private BoundedBody() {}

  /** The body, or {@link TooLarge} as soon as it is declared or grows past {@code limit}. */
  public static Future<Buffer> read(HttpClientResponse response, long limit) {
    String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > limit) {
      response.request().reset();
      return Future.failedFuture(new TooLarge(limit));
    }
    Promise<Buffer> body = Promise.promise();
    response.exceptionHandler(body::tryFail);
    Buffer received = Buffer.buffer();
    response.handler(chunk -> {
      if (received.length() + chunk.length() > limit) {
        body.tryFail(new TooLarge(limit));
        response.request().reset();
      } else {
        received.appendBuffer(chunk);
      }
    });
    response.endHandler(v -> body.tryComplete(received));
    return body.future();
  }
}
