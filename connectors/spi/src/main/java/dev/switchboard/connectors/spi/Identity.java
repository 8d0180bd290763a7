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
}
