package dev.switchboard.connectors.meta;

import dev.switchboard.connectors.spi.http.BoundedBody;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;

/**
 * The Graph API over Vert.x's non-blocking HTTP client: JSON calls with a bearer token, and bounded
 * downloads. A token is only ever put on the request it was given for; redirects are followed by hand
 * and without it.
 */
final class GraphClient {

  /** A downloaded file. */
  record Download(String contentType, Buffer body) {}

  private static final int MAX_JSON_BYTES = 1024 * 1024;
  private static final int MAX_REDIRECTS = 3;

  private final HttpClient http;

  GraphClient(Vertx vertx) {
    this.http = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout(5_000)
        .setIdleTimeout(20)
        .setMaxRedirects(0));
  }

  Future<Void> close() {
    return http.close();
  }

  /** {@code GET url} with the bearer token: the answer's JSON, or a failed {@link GraphError}. */
  Future<JsonObject> get(String url, String token) {
    return call(HttpMethod.GET, url, token, null);
  }

  /** {@code POST url} with the bearer token and a JSON body: the answer's JSON, or a failed {@link GraphError}. */
  Future<JsonObject> post(String url, String token, JsonObject body) {
    return call(HttpMethod.POST, url, token, body);
  }

  /**
   * {@code POST url} with the bearer token and a {@code multipart/form-data} body: the {@code fields},
   * then the file under {@code fileField} (WhatsApp's {@code /media} upload). The answer's JSON, or a
   * failed {@link GraphError}.
   */
  Future<JsonObject> upload(String url, String token, java.util.Map<String, String> fields, String fileField,
      String filename, String contentType, Buffer content) {
    String boundary = "----switchboard" + java.util.UUID.randomUUID().toString().replace("-", "");
    Buffer body = Buffer.buffer();
    fields.forEach((name, value) -> body.appendString("--" + boundary + "\r\n")
        .appendString("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n")
        .appendString(value).appendString("\r\n"));
    String safeName = filename == null || filename.isBlank() ? "file" : filename.replaceAll("[\"\\\\\r\n]", "_");
    body.appendString("--" + boundary + "\r\n")
        .appendString("Content-Disposition: form-data; name=\"" + fileField + "\"; filename=\"" + safeName + "\"\r\n")
        .appendString("Content-Type: " + contentType + "\r\n\r\n")
        .appendBuffer(content)
        .appendString("\r\n--" + boundary + "--\r\n");
    return call(HttpMethod.POST, url, token, "multipart/form-data; boundary=" + boundary, body);
  }

  private Future<JsonObject> call(HttpMethod method, String url, String token, JsonObject body) {
    return call(method, url, token, body == null ? null : "application/json", body == null ? null : body.toBuffer());
  }

  private Future<JsonObject> call(HttpMethod method, String url, String token, String contentType, Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url)
        .setFollowRedirects(false).setIdleTimeout(20_000);
    if (token != null) {
      options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }
    if (body != null) {
      options.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
    }
    return http.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> BoundedBody.read(response, MAX_JSON_BYTES).compose(read -> {
          if (response.statusCode() / 100 != 2) {
            return Future.failedFuture(GraphError.of(response.statusCode(), read.toString()));
          }
          try {
            return Future.succeededFuture(new JsonObject(read));
          } catch (RuntimeException e) {
            return Future.failedFuture(new GraphError(response.statusCode(), null, null, "the answer was not JSON"));
          }
        }));
  }

  /**
   * {@code GET url}, at most {@code limit} bytes; with {@code token} as bearer on the first request only
   * when given. Fails with {@link BoundedBody.TooLarge} past the limit.
   */
  Future<Download> download(String url, String token, long limit) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture("not a URL");
    }
    return download(uri, token, limit, 0);
  }

  private Future<Download> download(URI uri, String token, long limit, int hops) {
    if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
      return Future.failedFuture("unsupported URL scheme");
    }
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri.toString())
        .setFollowRedirects(false).setIdleTimeout(20_000);
    if (token != null) {
      options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }
    return http.request(options).compose(request -> request.send()).compose(response -> {
      int status = response.statusCode();
      String location = response.getHeader(HttpHeaders.LOCATION);
      if (status >= 300 && status < 400 && location != null && hops < MAX_REDIRECTS) {
        return BoundedBody.read(response, MAX_JSON_BYTES).otherwiseEmpty()
            .compose(v -> download(uri.resolve(location), null, limit, hops + 1));
      }
      if (status != 200) {
        return BoundedBody.read(response, MAX_JSON_BYTES).otherwiseEmpty()
            .compose(v -> Future.failedFuture("the media host answered " + status));
      }
      String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
      return BoundedBody.read(response, limit).map(b -> new Download(type == null ? "application/octet-stream" : type, b));
    });
  }

}
