package dev.switchboard.connectors.telegram;

import dev.switchboard.connectors.spi.http.BoundedBody;
import dev.switchboard.connectors.spi.Attachment;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a message's file: {@code getFile} names its path, then
 * {@code {api_base_url}/file/bot{token}/{file_path}} serves it. Bots may download at most 20 MB and
 * the hub stores at most 10 MB per file, so anything bigger is not fetched: the message is stored
 * with a placeholder saying what could not be kept, and so is one whose file could not be fetched.
 */
final class FileFetcher {

  /** Telegram lets bots download files up to 20 MB ({@code getFile}). */
  static final long TELEGRAM_LIMIT = 20L * 1024 * 1024;
  /** The hub stores files up to 10 MB; a larger one would be dropped after downloading it. */
  static final long MAX_BYTES = Math.min(TELEGRAM_LIMIT, 10L * 1024 * 1024);

  private static final Logger log = LoggerFactory.getLogger(FileFetcher.class);

  /** The file as an attachment, or the words to store in its place. */
  record Fetched(Attachment attachment, String placeholder) {}

  private final TelegramApi api;

  FileFetcher(TelegramApi api) {
    this.api = api;
  }

  /** Never fails: a file that cannot be had becomes a placeholder, so the message itself is never lost. */
  Future<Fetched> fetch(TelegramInbox inbox, String providerId, TelegramFile file) {
    if (file.size() != null && file.size() > MAX_BYTES) {
      return Future.succeededFuture(tooLarge(file, file.size()));
    }
    return api.call(inbox, "getFile", new JsonObject().put("file_id", file.fileId()))
        .compose(result -> {
          JsonObject described = result instanceof JsonObject j ? j : new JsonObject();
          Long size = described.getValue("file_size") instanceof Number n ? n.longValue() : file.size();
          if (size != null && size > MAX_BYTES) {
            return Future.succeededFuture(tooLarge(file, size));
          }
          if (!(described.getValue("file_path") instanceof String path) || path.isBlank()) {
            return Future.succeededFuture(missing(file, "Telegram gave no download path"));
          }
          return api.download(inbox, path, MAX_BYTES)
              .map(bytes -> new Fetched(new Attachment(file.filename(), file.contentType(), bytes), null));
        })
        .recover(e -> {
          if (e instanceof BoundedBody.TooLarge) {
            return Future.succeededFuture(tooLarge(file, null));
          }
          String why = e instanceof TelegramApiException t && t.errorCode() == 400
              && t.description().toLowerCase(Locale.ROOT).contains("file is too big")
              ? null : TelegramApi.scrub(e, inbox);
          if (why == null) {
            return Future.succeededFuture(tooLarge(file, null));
          }
          log.warn("telegram inbound {}: {} not downloaded, storing the message without it: {}", providerId, file.kind(), why);
          return Future.succeededFuture(missing(file, why));
        });
  }

  private static Fetched tooLarge(TelegramFile file, Long size) {
    String mb = size == null ? "more than " + MAX_BYTES / (1024 * 1024) + " MB"
        : String.format(Locale.ROOT, "%.1f MB", size / (1024.0 * 1024.0));
    return new Fetched(null, "[" + capitalized(file.kind()) + " " + file.filename() + " not kept: it is " + mb
        + ", and files over " + MAX_BYTES / (1024 * 1024) + " MB are not downloaded. Ask the customer to send it another way.]");
  }

  private static Fetched missing(TelegramFile file, String why) {
    return new Fetched(null, "[" + capitalized(file.kind()) + " " + file.filename() + " could not be downloaded from Telegram.]");
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
