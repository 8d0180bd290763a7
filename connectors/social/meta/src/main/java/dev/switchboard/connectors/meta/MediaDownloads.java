package dev.switchboard.connectors.meta;

import dev.switchboard.connectors.spi.http.BoundedBody;
import dev.switchboard.connectors.spi.Attachment;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Media that came with a message, as attachments: WhatsApp's by media id (its URL is asked of the
 * Graph API, then downloaded with the inbox's token), Messenger's and Instagram's from the CDN URL in
 * the webhook (no token). Each is bounded by {@link #MAX_BYTES} (the hub's own per-file limit). A file
 * that is too large or cannot be fetched gives a {@link Fetched#placeholder} line for the message's
 * text instead: the message is never lost for its media.
 */
final class MediaDownloads {

  static final long MAX_BYTES = 10L * 1024 * 1024;
  private static final Logger log = LoggerFactory.getLogger(MediaDownloads.class);
  private static final Map<String, String> EXTENSIONS = Map.ofEntries(
      Map.entry("image/jpeg", "jpg"), Map.entry("image/png", "png"), Map.entry("image/gif", "gif"),
      Map.entry("image/webp", "webp"), Map.entry("video/mp4", "mp4"), Map.entry("video/3gpp", "3gp"),
      Map.entry("audio/mpeg", "mp3"), Map.entry("audio/ogg", "ogg"), Map.entry("audio/aac", "aac"),
      Map.entry("audio/amr", "amr"), Map.entry("audio/mp4", "m4a"), Map.entry("application/pdf", "pdf"),
      Map.entry("text/plain", "txt"));

  /** An attachment, or a line saying why there is none. */
  record Fetched(Attachment attachment, String placeholder) {}

  private final GraphClient graph;

  MediaDownloads(GraphClient graph) {
    this.graph = graph;
  }

  /** A WhatsApp media id: {@code GET {api}/{id}} (bearer) gives its URL; the URL is fetched with the bearer too. */
  Future<Fetched> whatsapp(MetaInbox inbox, String kind, String mediaId, String filename, String declaredType) {
    if (mediaId == null || !mediaId.matches("[A-Za-z0-9_.-]{1,100}")) {
      return Future.succeededFuture(new Fetched(null, "[" + kind + " without a media id]"));
    }
    return graph.get(inbox.apiBaseUrl() + "/" + mediaId, inbox.accessToken())
        .compose(info -> {
          String url = info.getString("url");
          if (url == null) {
            return Future.failedFuture("no url for the media");
          }
          Object size = info.getValue("file_size");
          if (size != null && String.valueOf(size).matches("\\d{1,18}") && Long.parseLong(String.valueOf(size)) > MAX_BYTES) {
            return Future.failedFuture(new BoundedBody.TooLarge(MAX_BYTES));
          }
          String type = declaredType != null ? declaredType : info.getString("mime_type");
          return graph.download(url, trusted(inbox, url) ? inbox.accessToken() : null, MAX_BYTES)
              .map(d -> attachment(kind, filename, type != null ? type : d.contentType(), d));
        })
        .recover(e -> placeholder(inbox, kind, e));
  }

  /** A Messenger or Instagram attachment's CDN URL, fetched without credentials. */
  Future<Fetched> url(MetaInbox inbox, String kind, String url) {
    return graph.download(url, null, MAX_BYTES)
        .map(d -> attachment(kind, filenameOf(url), d.contentType(), d))
        .recover(e -> placeholder(inbox, kind, e));
  }

  private static Fetched attachment(String kind, String filename, String type, GraphClient.Download d) {
    String base = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
    String name = filename == null || filename.isBlank() ? kind : filename.replaceAll("[\\r\\n\\\\/]", "_");
    String ext = EXTENSIONS.get(base);
    if (ext != null && !name.contains(".")) {
      name = name + "." + ext;
    }
    return new Fetched(new Attachment(name, type, d.body()), null);
  }

  private static Future<Fetched> placeholder(MetaInbox inbox, String kind, Throwable e) {
    if (e instanceof BoundedBody.TooLarge) {
      log.info("meta inbound (inbox {}): a {} over {} bytes was not downloaded", inbox.id(), kind, MAX_BYTES);
      return Future.succeededFuture(new Fetched(null,
          "[" + kind + " not stored: larger than " + MAX_BYTES / (1024 * 1024) + " MB]"));
    }
    log.warn("meta inbound (inbox {}): a {} could not be downloaded: {}", inbox.id(), kind, e.getMessage());
    return Future.succeededFuture(new Fetched(null, "[" + kind + " could not be downloaded]"));
  }

  /**
   * Whether a media URL may get the inbox's token: Meta's own hosts over https, or the inbox's API
   * host (a regional or test Graph server); never a host the payload names otherwise.
   */
  static boolean trusted(MetaInbox inbox, String url) {
    try {
      URI uri = URI.create(url);
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      if ("https".equalsIgnoreCase(uri.getScheme()) && (host.endsWith(".fbsbx.com") || host.endsWith(".facebook.com")
          || host.endsWith(".whatsapp.net"))) {
        return true;
      }
      URI api = URI.create(inbox.apiBaseUrl());
      return api.getScheme().equalsIgnoreCase(uri.getScheme()) && host.equalsIgnoreCase(api.getHost())
          && port(api) == port(uri);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static String filenameOf(String url) {
    try {
      String path = URI.create(url).getPath();
      String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
      return name.replaceAll("[^A-Za-z0-9._-]", "");
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** For callers that only need the JSON shape of a media object's fields. */
  static String string(JsonObject o, String key) {
    return o == null ? null : SignedByMeta.text(o.getValue(key));
  }
}
