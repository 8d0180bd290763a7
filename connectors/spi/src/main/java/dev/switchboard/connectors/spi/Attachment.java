package dev.switchboard.connectors.spi;

import io.vertx.core.buffer.Buffer;

/** A file that came with a message (or goes out with one). */
public record Attachment(String filename, String contentType, Buffer content) {

  public long size() {
    return content == null ? 0 : content.length();
  }
}
