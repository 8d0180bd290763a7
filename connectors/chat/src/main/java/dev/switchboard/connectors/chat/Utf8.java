package dev.switchboard.connectors.chat;

/** UTF-8 sizes without encoding: frame limits are in bytes on the wire, not in Java chars. */
final class Utf8 {

  private Utf8() {}

  /** The UTF-8 length of {@code s}, counting stops once it passes {@code limit}. */
  static int length(CharSequence s, int limit) {
    int bytes = 0;
    for (int i = 0; i < s.length() && bytes <= limit; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
