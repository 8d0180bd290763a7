package dev.switchboard.hub.inbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * An inbox's bot-first keys, which every channel has (like {@code team_id}): {@code bot_id} (the bot
 * that answers new cases first), {@code bot_timeout_seconds} (how long it may leave a customer's
 * message unanswered before the hub hands off) and {@code handoff_words} (a customer message holding
 * one of them, as a whole word in any letters and case, hands off at once).
 *
 * @param botId   the bot, or {@code null}: humans from the start
 * @param timeout seconds, {@link #MIN_TIMEOUT}..{@link #MAX_TIMEOUT}
 * @param words   the hand-off words (or phrases); empty: only the bot and the timeout hand off
 */
public record BotFirstConfig(Long botId, int timeout, List<String> words) {

  public static final int DEFAULT_TIMEOUT = 120;
  public static final int MIN_TIMEOUT = 1;
  public static final int MAX_TIMEOUT = 86_400;
  public static final List<String> DEFAULT_WORDS = List.of("agent", "human", "person");
  static final int MAX_WORDS = 50;
  static final int MAX_WORD_CHARS = 100;

  /** Compiled patterns by word list: inboxes share a handful of lists, and compiling per message would cost. */
  private static final Map<List<String>, Pattern> PATTERNS = new ConcurrentHashMap<>();

  /** The keys of a stored config, defaults filled in; a value that does not fit reads as its default. */
  public static BotFirstConfig of(JsonObject config) {
    Long bot = config.getValue("bot_id") instanceof Number n && n.longValue() > 0 ? n.longValue() : null;
    int timeout = config.getValue("bot_timeout_seconds") instanceof Number n && n.intValue() >= MIN_TIMEOUT
        && n.intValue() <= MAX_TIMEOUT ? n.intValue() : DEFAULT_TIMEOUT;
    List<String> words = config.getValue("handoff_words") instanceof JsonArray a && wordProblem(a) == null
        ? a.stream().map(String.class::cast).toList() : DEFAULT_WORDS;
    return new BotFirstConfig(bot, timeout, words);
  }

  /** What is wrong with the bot-first keys a config (new, or a change) gives, in words. */
  public static List<String> problems(JsonObject config) {
    List<String> out = new ArrayList<>();
    Object bot = config.getValue("bot_id");
    // a whole JSON number only: 5.0 would be stored as "5.0", which the database never takes for bot 5
    if (bot != null && !((bot instanceof Integer || bot instanceof Long) && ((Number) bot).longValue() > 0)) {
      out.add("bot_id must be a bot's id or null");
    }
    Object t = config.getValue("bot_timeout_seconds");
    if (t != null && !(t instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= MIN_TIMEOUT
        && n.longValue() <= MAX_TIMEOUT)) {
      out.add("bot_timeout_seconds must be a whole number of seconds from " + MIN_TIMEOUT + " to " + MAX_TIMEOUT);
    }
    Object w = config.getValue("handoff_words");
    if (w != null) {
      String problem = w instanceof JsonArray a ? wordProblem(a) : "must be a list of words";
      if (problem != null) {
        out.add("handoff_words " + problem);
      }
    }
    return out;
  }

  private static String wordProblem(JsonArray words) {
    if (words.size() > MAX_WORDS) {
      return "may hold at most " + MAX_WORDS + " words";
    }
    for (Object o : words) {
      if (!(o instanceof String s) || s.isBlank() || s.length() > MAX_WORD_CHARS
          || s.codePoints().noneMatch(Character::isLetterOrDigit)) {
        return "must be a list of words or short phrases (letters or digits, at most " + MAX_WORD_CHARS
            + " characters each)";
      }
    }
    return null;
  }

  /**
   * The first hand-off word {@code text} holds as a whole word (not inside another: "agency" holds no
   * "agent"), ignoring case in any script; {@code null} when none.
   */
  public String handoffWord(String text) {
    if (text == null || words.isEmpty()) {
      return null;
    }
    var m = PATTERNS.computeIfAbsent(words, BotFirstConfig::pattern).matcher(text);
    return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
  }

  private static Pattern pattern(List<String> words) {
    if (PATTERNS.size() > 1_000) {
      PATTERNS.clear();
    }
    List<String> alternatives = words.stream()
        .map(w -> String.join("\\s+", java.util.Arrays.stream(w.trim().split("\\s+")).map(Pattern::quote).toList()))
        .toList();
    // a word boundary of our own: \b is ASCII-minded, and "ñ" or "é" must count as letters
    return Pattern.compile("(?<![\\p{L}\\p{M}\\p{N}_])(" + String.join("|", alternatives) + ")(?![\\p{L}\\p{M}\\p{N}_])",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }
}
