package dev.switchboard.connectors.chat;

/** Phone numbers as E.164 ({@code +4915112345678}), so SMS and WhatsApp find the same customer. */
final class Phones {

  private Phones() {}

  /** The number in E.164, or {@code null} if it is not a plausible international number. */
  static String e164(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.trim();
    if (s.startsWith("00")) {
      s = "+" + s.substring(2);
    }
    String digits = s.replaceAll("[\\s().\\-/]", "");
    return digits.matches("\\+[1-9]\\d{6,14}") ? digits : null;
  }
}
