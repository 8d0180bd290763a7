package dev.switchboard.hub.conversation;

import dev.switchboard.hub.HubError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page of a conversation list ended: the sort key of its last row (keyset paging, never
 * OFFSET, so a page costs the same deep in the list and rows moving meanwhile are neither skipped
 * twice nor shown twice within one phase). Opaque to clients: base64url of
 * {@code v1:<sort>:<phase>:<epoch micros>:<id>}; the phase says whether the list was still among
 * the waiting conversations (sorted by {@code waiting_since}) or among the rest (by {@code last_message_at}).
 *
 * @param waitingPhase {@code true}: {@code at} is a {@code waiting_since}; {@code false}: a {@code last_message_at}
 */
public record PageCursor(ListSort sort, boolean waitingPhase, OffsetDateTime at, long id) {

  private static final Pattern FORM = Pattern.compile("v1:([wr]):([wr]):(-?\\d{1,19}):(\\d{1,19})");

  /** The cursor of a page whose last row is {@code last}. */
  static PageCursor after(ListSort sort, boolean waitingPhase, Conversation last) {
    return new PageCursor(sort, waitingPhase, waitingPhase ? last.waitingSince() : last.lastMessageAt(), last.id());
  }

  public String encode() {
    Instant i = at.toInstant();
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, i);
    String text = "v1:" + (sort == ListSort.WAITING ? "w" : "r") + ":" + (waitingPhase ? "w" : "r") + ":" + micros
        + ":" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** A cursor this list gave for {@code sort}; anything else is a 400. */
  public static PageCursor parse(String cursor, ListSort sort) {
    HubError bad = HubError.invalid("cursor is not one this list gave (use next_cursor of the previous page, "
        + "with the same sort)");
    if (cursor.length() > 100) {
      throw bad;
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      throw bad;
    }
    Matcher m = FORM.matcher(text);
    if (!m.matches() || !m.group(1).equals(sort == ListSort.WAITING ? "w" : "r")) {
      throw bad;
    }
    boolean waitingPhase = m.group(2).equals("w");
    if (waitingPhase && sort != ListSort.WAITING) {
      throw bad;
    }
    try {
      long micros = Long.parseLong(m.group(3));
      long id = Long.parseLong(m.group(4));
      Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
      return new PageCursor(sort, waitingPhase, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), id);
    } catch (ArithmeticException | NumberFormatException | java.time.DateTimeException e) {
      throw bad;
    }
  }
}
