package dev.switchboard.connectors.email;

import dev.switchboard.connectors.spi.InboxConfig;
import io.vertx.core.json.JsonObject;

/**
 * One email inbox's configuration, read from its {@link InboxConfig}. The contract keys are in
 * DESIGN.md; the tuning keys ({@code poll_interval_seconds}, {@code idle}, {@code idle_seconds},
 * {@code max_attachment_bytes}, {@code max_message_attachment_bytes}, {@code initial_backfill_days},
 * {@code folder}) are optional and have defaults suited to a real mailbox.
 */
record MailboxSettings(
    String inboxId,
    String inboxName,
    String address,
    String imapHost,
    int imapPort,
    MailSecurity imapSecurity,
    String smtpHost,
    int smtpPort,
    MailSecurity smtpSecurity,
    String username,
    String password,
    String folder,
    boolean idle,
    int pollIntervalSeconds,
    int idleSeconds,
    long maxAttachmentBytes,
    long maxMessageAttachmentBytes,
    int initialBackfillDays) {

  static final long MB = 1024L * 1024L;

  /** Reads and checks an inbox; throws {@link IllegalArgumentException} naming the bad key. */
  static MailboxSettings of(InboxConfig inbox) {
    JsonObject c = inbox.config() == null ? new JsonObject() : inbox.config();
    String address = required(c, "address");
    MailSecurity imapSecurity = MailSecurity.parse(c.getString("imap_security"), MailSecurity.SSL);
    MailSecurity smtpSecurity = MailSecurity.parse(c.getString("smtp_security"), MailSecurity.STARTTLS);
    String username = c.getString("username");
    return new MailboxSettings(
        inbox.id(),
        inbox.name(),
        address.trim(),
        c.getString("imap_host"),
        integer(c, "imap_port", imapSecurity == MailSecurity.SSL ? 993 : 143),
        imapSecurity,
        c.getString("smtp_host"),
        integer(c, "smtp_port", switch (smtpSecurity) {
          case SSL -> 465;
          case STARTTLS -> 587;
          case NONE -> 25;
        }),
        smtpSecurity,
        username == null || username.isBlank() ? address.trim() : username,
        c.getString("password"),
        c.getString("folder", "INBOX"),
        c.getBoolean("idle", true),
        Math.max(1, integer(c, "poll_interval_seconds", 30)),
        Math.max(1, integer(c, "idle_seconds", 240)),
        longValue(c, "max_attachment_bytes", 10 * MB),
        longValue(c, "max_message_attachment_bytes", 25 * MB),
        Math.max(0, integer(c, "initial_backfill_days", 7)));
  }

  /** Whether this inbox can receive: an IMAP host is configured. */
  boolean receives() {
    return imapHost != null && !imapHost.isBlank();
  }

  /** The part after the {@code @} of the inbox address: the right-hand side of our Message-IDs. */
  String domain() {
    int at = address.lastIndexOf('@');
    return at < 0 || at == address.length() - 1 ? "switchboard.invalid" : address.substring(at + 1);
  }

  /** Where this mailbox's sync position is kept in the connector state. */
  String stateKey() {
    return "email:mailbox:" + inboxId;
  }

  @Override
  public String toString() {
    // never the password
    return "MailboxSettings[" + inboxId + " " + address + " imap=" + imapHost + ":" + imapPort + "/" + imapSecurity + "]";
  }

  private static String required(JsonObject c, String key) {
    String v = c.getString(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("email inbox config needs '" + key + "'");
    }
    return v;
  }

  private static int integer(JsonObject c, String key, int fallback) {
    return (int) longValue(c, key, fallback);
  }

  private static long longValue(JsonObject c, String key, long fallback) {
    Object v = c.getValue(key);
    if (v == null || (v instanceof String s && s.isBlank())) {
      return fallback;
    }
    try {
      return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("email inbox config '" + key + "' must be a number");
    }
  }
}
