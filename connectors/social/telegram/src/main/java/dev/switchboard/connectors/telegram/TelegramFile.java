package dev.switchboard.connectors.telegram;

/**
 * A file a message carries, as Telegram describes it before it is downloaded.
 *
 * @param fileId      what {@code getFile} takes
 * @param size        {@code file_size} when Telegram gave it, else {@code null}
 * @param filename    the name to store it under
 * @param contentType its MIME type (Telegram's {@code mime_type}, or what that kind of file always is)
 * @param kind        {@code photo}, {@code document}, {@code voice}, … for placeholders in words
 */
record TelegramFile(String fileId, Long size, String filename, String contentType, String kind) {}
