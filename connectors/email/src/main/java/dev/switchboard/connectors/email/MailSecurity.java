package dev.switchboard.connectors.email;

import java.util.Locale;
import java.util.Properties;

/**
 * How a mail connection is protected, per the inbox's {@code imap_security} / {@code smtp_security}:
 * {@code ssl} (TLS from the first byte, ports 993/465), {@code starttls} (plain, then upgraded, and
 * refused if the server cannot upgrade; ports 143/587) or {@code none} (test servers only).
 */
enum MailSecurity {
  SSL,
  STARTTLS,
  NONE;

  /** Connect, read and write timeouts: a dead server must never hang a mailbox thread for good. */
  static final int TIMEOUT_MILLIS = 30_000;

  static MailSecurity parse(String value, MailSecurity fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "ssl", "tls" -> SSL;
      case "starttls" -> STARTTLS;
      case "none", "plain" -> NONE;
      default -> throw new IllegalArgumentException("unknown security '" + value + "' (ssl, starttls or none)");
    };
  }

  /** The Jakarta Mail store or transport protocol name for {@code base} ({@code imap} / {@code smtp}). */
  String protocol(String base) {
    return this == SSL ? base + "s" : base;
  }

  /**
   * Session properties for {@code base} ({@code imap} or {@code smtp}) on this security. The read
   * timeout must outlast an IMAP IDLE (the server is silent while nothing arrives).
   */
  Properties properties(String base, String host, int port, int readTimeoutMillis) {
    String protocol = protocol(base);
    String p = "mail." + protocol + ".";
    Properties props = new Properties();
    props.setProperty("mail.store.protocol", protocol(base));
    props.setProperty("mail.transport.protocol", protocol(base));
    props.setProperty(p + "host", host);
    props.setProperty(p + "port", Integer.toString(port));
    props.setProperty(p + "connectiontimeout", Integer.toString(TIMEOUT_MILLIS));
    props.setProperty(p + "timeout", Integer.toString(readTimeoutMillis));
    props.setProperty(p + "writetimeout", Integer.toString(TIMEOUT_MILLIS));
    switch (this) {
      case SSL -> {
        props.setProperty(p + "ssl.enable", "true");
        props.setProperty(p + "ssl.checkserveridentity", "true");
      }
      case STARTTLS -> {
        props.setProperty(p + "starttls.enable", "true");
        props.setProperty(p + "starttls.required", "true");
        props.setProperty(p + "ssl.checkserveridentity", "true");
      }
      case NONE -> { }
    }
    // Lenient decoding: a sender's sloppy base64 or header encoding must not cost the whole mail.
    props.setProperty("mail.mime.base64.ignoreerrors", "true");
    props.setProperty("mail.mime.decodetext.strict", "false");
    props.setProperty("mail.mime.address.strict", "false");
    props.setProperty("mail.mime.parameters.strict", "false");
    if (base.equals("imap")) {
      // raw UTF-8 in received headers (RFC 6532) reads as UTF-8; sending stays 7-bit-safe
      props.setProperty("mail.mime.allowutf8", "true");
    }
    return props;
  }
}
