package dev.switchboard.connectors.spi;

import java.util.Objects;

/**
 * How a channel names a customer: {@code (web, visitor id)}, {@code (phone, +E164)},
 * {@code (email, lower-cased address)}, {@code (whatsapp, wa id)}, … Phone numbers are one identity
 * shared by SMS and WhatsApp; email addresses one shared by email and the widget.
 */
public record Identity(String kind, String address) {

  public static final String WEB_VISITOR = "web";
  public static final String WEB_USER = "user";
  public static final String EMAIL = "email";
  public static final String PHONE = "phone";

  public Identity {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(address, "address");
  }

  public static Identity email(String address) {
    return new Identity(EMAIL, address.trim().toLowerCase(java.util.Locale.ROOT));
  }

  /** A phone identity in E.164, or {@code null} when {@code raw} is not a plausible international number. */
  public static Identity phone(String raw) {
    String e164 = e164(raw);
    return e164 == null ? null : new Identity(PHONE, e164);
  }

  /**
   * {@code +4915112345678} from {@code "+49 151 1234-5678"}, {@code "0049 (151) 12345678"}, …;
   * {@code null} for anything that is not an international number (no country code, letters).
   */
  public static String e164(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.trim();
    if (s.startsWith("00")) {
      s = "+" + s.substring(2);
    }
    String compact = s.replaceAll("[\\s().\\-/]", "");
    return compact.matches("\\+[1-9]\\d{6,14}") ? compact : null;
  }
}
