package dev.switchboard.connectors.email;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Folds the quoted history out of a plain-text reply, so the conversation shows what the customer
 * wrote this time and not the whole thread again. It cuts at the first reply header ("On … wrote:",
 * "Am … schrieb …:", "Le … a écrit :", "-----Original Message-----", Outlook's "From:/Sent:" block)
 * and drops the remaining lines quoted with {@code >}. The caller keeps the full original (see
 * {@link MimeParser}); this only decides what is shown by default.
 */
final class QuoteFolder {

  private static final Pattern ATTRIBUTION = Pattern.compile(
      "^\\s*(On\\s.+\\swrote:"
          + "|Am\\s.+\\sschrieb\\s.*:"
          + "|Le\\s.+\\sa\\s+écrit\\s*:"
          + "|El\\s.+\\sescribió\\s*:"
          + "|Op\\s.+\\sschreef\\s.*:"
          + "|Il\\s.+\\sha\\s+scritto\\s*:)\\s*$",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private static final Pattern ORIGINAL_MESSAGE = Pattern.compile(
      "^\\s*-{2,}\\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Forwarded message)\\s*-{2,}\\s*$",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private static final Pattern OUTLOOK_FROM = Pattern.compile("^\\s*\\*?(From|Von|De)\\s*:\\*?\\s.+", Pattern.CASE_INSENSITIVE);
  private static final Pattern OUTLOOK_NEXT = Pattern.compile(
      "^\\s*\\*?(Sent|Date|Gesendet|Datum|Envoyé|To|An|À|Subject|Betreff|Objet)\\s*:\\*?.*", Pattern.CASE_INSENSITIVE);
  private static final Pattern UNDERSCORES = Pattern.compile("^\\s*_{10,}\\s*$");

  private QuoteFolder() {}

  /** The new text of {@code text}; the whole text when folding would leave nothing. */
  static String fold(String text) {
    if (text == null || text.isBlank()) {
      return text == null ? "" : text.strip();
    }
    String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    int cut = lines.length;
    for (int i = 0; i < lines.length; i++) {
      if (startsHistory(lines, i)) {
        cut = i;
        break;
      }
    }
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < cut; i++) {
      if (!lines[i].startsWith(">")) {
        kept.add(lines[i]);
      }
    }
    String folded = String.join("\n", kept).strip();
    return folded.isEmpty() ? text.strip() : folded;
  }

  private static boolean startsHistory(String[] lines, int i) {
    String line = lines[i];
    if (ATTRIBUTION.matcher(line).matches() || ORIGINAL_MESSAGE.matcher(line).matches()) {
      return true;
    }
    // Clients wrap long attributions: "On Mon, 3 Jun 2024 at 10:02, Ann Lee <" / "ann@example.com> wrote:"
    if (i + 1 < lines.length && line.trim().matches("(?i)^(On|Am|Le|El|Op|Il)\\s.+")
        && ATTRIBUTION.matcher(line + " " + lines[i + 1].trim()).matches()) {
      return true;
    }
    if (UNDERSCORES.matcher(line).matches() && i + 1 < lines.length && OUTLOOK_FROM.matcher(lines[i + 1]).matches()) {
      return true;
    }
    return OUTLOOK_FROM.matcher(line).matches()
        && i + 1 < lines.length && OUTLOOK_NEXT.matcher(lines[i + 1]).matches()
        && (i == 0 || lines[i - 1].isBlank());
  }
}
