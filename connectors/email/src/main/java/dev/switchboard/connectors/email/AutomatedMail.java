package dev.switchboard.connectors.email;

import jakarta.mail.internet.ContentType;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Tells mail a machine sent (out-of-office replies, auto-responders, bounces) from mail a person
 * wrote. Storing it as a customer message would reopen a resolved conversation, page an agent, and
 * with another auto-responder on the other side answer it and be answered forever. What counts:
 *
 * <ul>
 *   <li>{@code bounce}: a delivery status report ({@code multipart/report; report-type=delivery-status}),
 *       a sender {@code MAILER-DAEMON@…} or {@code postmaster@…}, or an empty {@code Return-Path: <>}
 *       (RFC 5321's null sender, used for notifications) without the auto-reply marks below;</li>
 *   <li>{@code auto-reply}: {@code Auto-Submitted} other than {@code no} (RFC 3834),
 *       {@code X-Autoreply} / {@code X-Autorespond}, {@code X-Auto-Response-Suppress} with
 *       {@code All}, {@code OOF} or {@code AutoReply} (Exchange puts it on its own auto-replies),
 *       {@code Precedence: bulk | junk | auto_reply}, and read receipts
 *       ({@code report-type=disposition-notification}).</li>
 * </ul>
 *
 * {@code Precedence: list} is <em>not</em> automated: a customer writing through a mailing list or
 * a group address is a person, and list software adds that header to every member's mail.
 */
final class AutomatedMail {

  static final String AUTO_REPLY = "auto-reply";
  static final String BOUNCE = "bounce";

  private static final Set<String> DAEMONS = Set.of("mailer-daemon", "postmaster");
  private static final Set<String> AUTOMATED_PRECEDENCE = Set.of("bulk", "junk", "auto_reply", "auto-reply");
  private static final Set<String> SUPPRESSING = Set.of("all", "oof", "autoreply");

  private AutomatedMail() {}

  /**
   * {@link #BOUNCE}, {@link #AUTO_REPLY} or {@code null} for mail a person wrote.
   *
   * @param header a header's value by name ({@code null} when absent)
   * @param from   the sender's address
   */
  static String kind(Function<String, String> header, String from) {
    String reportType = reportType(header.apply("Content-Type"));
    if ("delivery-status".equals(reportType) || isDaemon(from)) {
      return BOUNCE;
    }
    if ("disposition-notification".equals(reportType) || hasAutoReplyMark(header)) {
      return AUTO_REPLY;
    }
    String returnPath = header.apply("Return-Path");
    if (returnPath != null && returnPath.replaceAll("\\s", "").equals("<>")) {
      return BOUNCE;
    }
    return null;
  }

  private static boolean hasAutoReplyMark(Function<String, String> header) {
    String submitted = token(header.apply("Auto-Submitted"));
    if (submitted != null && !submitted.equals("no")) {
      return true;
    }
    for (String name : new String[] {"X-Autoreply", "X-Autorespond"}) {
      String value = token(header.apply(name));
      if (value != null && !value.equals("no") && !value.equals("false")) {
        return true;
      }
    }
    String suppress = header.apply("X-Auto-Response-Suppress");
    if (suppress != null) {
      for (String value : suppress.toLowerCase(Locale.ROOT).split("[,\\s]+")) {
        if (SUPPRESSING.contains(value)) {
          return true;
        }
      }
    }
    String precedence = token(header.apply("Precedence"));
    return precedence != null && AUTOMATED_PRECEDENCE.contains(precedence);
  }

  private static boolean isDaemon(String from) {
    int at = from == null ? -1 : from.indexOf('@');
    return at > 0 && DAEMONS.contains(from.substring(0, at).toLowerCase(Locale.ROOT));
  }

  /** The {@code report-type} of a {@code multipart/report}, lower-cased, or {@code null}. */
  private static String reportType(String contentType) {
    if (contentType == null) {
      return null;
    }
    try {
      ContentType type = new ContentType(contentType);
      String report = type.match("multipart/report") ? type.getParameter("report-type") : null;
      return report == null ? null : report.toLowerCase(Locale.ROOT).strip();
    } catch (Exception e) {
      String lower = contentType.toLowerCase(Locale.ROOT);
      if (!lower.contains("multipart/report")) {
        return null;
      }
      return lower.contains("delivery-status") ? "delivery-status"
          : lower.contains("disposition-notification") ? "disposition-notification" : null;
    }
  }

  /** A header's first word, lower-cased ({@code "auto-replied; owner-email=…"} → {@code auto-replied}). */
  private static String token(String value) {
    if (value == null) {
      return null;
    }
    String first = value.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return first.isEmpty() ? null : first;
  }
}
