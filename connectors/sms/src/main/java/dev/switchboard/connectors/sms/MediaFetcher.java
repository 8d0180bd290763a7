package dev.switchboard.connectors.sms;

import dev.switchboard.connectors.spi.http.BoundedBody;
import dev.switchboard.connectors.spi.Attachment;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Downloads an MMS's media ({@code MediaUrl{n}}) into an {@link Attachment}, at most {@link #MAX_BYTES}.
 * Twilio's media URL redirects to a storage host: redirects are followed here, by hand, so the
 * account's credentials go only to Twilio's own API host and never to wherever a redirect points.
 */
final class MediaFetcher {

  static final int MAX_BYTES = 5 * 1024 * 1024;
  private static final int MAX_REDIRECTS = 3;
  private static final Map<String, String> EXTENSIONS = Map.ofEntries(
      Map.entry("image/jpeg", "jpg"), Map.entry("image/png", "png"), Map.entry("image/gif", "gif"),
      Map.entry("image/webp", "webp"), Map.entry("image/heic", "heic"), Map.entry("video/mp4", "mp4"),
      Map.entry("video/3gpp", "3gp"), Map.entry("audio/mpeg", "mp3"), Map.entry("audio/amr", "amr"),
      Map.entry("audio/ogg", "ogg"), Map.entry("text/vcard", "vcf"), Map.entry("text/x-vcard", "vcf"),
      Map.entry("text/plain", "txt"), Map.entry("application/pdf", "pdf"));

  private final HttpClient http;

  MediaFetcher(Vertx vertx) {
    this.http = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout(5_000)
        .setIdleTimeout(10)
        .setMaxRedirects(0));
  }

  Future<Attachment> fetch(SmsInbox inbox, String url, String declaredType) {
    URI first;
    try {
      first = URI.create(url);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture("not a URL");
    }
    return get(inbox, first, 0).map(media -> {
      String type = declaredType != null && !declaredType.isBlank() ? declaredType.trim() : media.type;
      return new Attachment(filename(first, type), type, media.body);
    });
  }

  Future<Void> close() {
    return http.close();
  }

  private record Media(String type, Buffer body) {}

  private Future<Media> get(SmsInbox inbox, URI uri, int hops) {
    if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
      return Future.failedFuture("unsupported URL scheme");
    }
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setAbsoluteURI(uri.toString())
        .setFollowRedirects(false)
        .setIdleTimeout(10_000);
    if (trustedWithCredentials(inbox, uri)) {
      String basic = inbox.accountSid() + ":" + inbox.authToken();
      options.putHeader(HttpHeaders.AUTHORIZATION,
          "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    return http.request(options)
        .compose(request -> request.send())
        .compose(response -> {
          int status = response.statusCode();
          String location = response.getHeader(HttpHeaders.LOCATION);
          if (status >= 300 && status < 400 && location != null) {
            if (hops >= MAX_REDIRECTS) {
              return discard(response).compose(v -> Future.failedFuture("too many redirects"));
            }
            return discard(response).compose(v -> get(inbox, uri.resolve(location), hops + 1));
          }
          if (status != 200) {
            return discard(response).compose(v -> Future.failedFuture("media host answered " + status));
          }
          String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
          return BoundedBody.read(response, MAX_BYTES).map(body -> new Media(type == null ? "application/octet-stream" : type, body));
        });
  }

  /** Reads and drops a redirect's or an error's body, so the connection can be reused. */
  private static Future<Void> discard(HttpClientResponse response) {
    return BoundedBody.read(response, MAX_BYTES).<Void>mapEmpty().otherwiseEmpty();
  }


  /** Twilio's API host (or the inbox's configured API host) gets the account's basic auth; no one else. */
  private static boolean trustedWithCredentials(SmsInbox inbox, URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if ("https".equalsIgnoreCase(uri.getScheme()) && (host.equals("api.twilio.com") || host.endsWith(".twilio.com"))) {
      return true;
    }
    URI api = URI.create(inbox.apiBaseUrl());
    return api.getScheme().equalsIgnoreCase(uri.getScheme())
        && host.equalsIgnoreCase(api.getHost())
        && port(api) == port(uri);
  }

  private static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static String filename(URI uri, String type) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    String name = path.substring(path.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "");
    if (name.isEmpty()) {
      name = "media";
    }
    String base = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
    String ext = EXTENSIONS.get(base);
    return ext == null || name.contains(".") ? name : name + "." + ext;
  }
}
