package dev.switchboard.hub.notify;

import dev.switchboard.hub.agent.Agent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a note mentions: {@code @} followed by an agent's email local part ({@code @bea.kim}) or
 * their name without its spaces ({@code @beakim}), case-insensitive. An {@code @} inside a word
 * (an email address in the text) mentions nobody.
 */
final class Mentions {

  private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}._+@-])@([\\p{L}\\p{N}._+-]{1,64})");

  private Mentions() {}

  /** The agents of {@code agents} mentioned in {@code text}, each once, in the order first mentioned. */
  static List<Agent> in(String text, List<Agent> agents) {
    if (text == null || text.indexOf('@') < 0) {
      return List.of();
    }
    Set<Agent> found = new LinkedHashSet<>();
    Matcher m = MENTION.matcher(text);
    while (m.find()) {
      // a sentence may end right after a mention: "ask @bea."
      String handle = m.group(1).replaceAll("[._+-]+$", "").toLowerCase(Locale.ROOT);
      if (handle.isEmpty()) {
        continue;
      }
      for (Agent a : agents) {
        if (handle.equals(localPart(a)) || handle.equals(a.name().replaceAll("\\s+", "").toLowerCase(Locale.ROOT))) {
          found.add(a);
        }
      }
    }
    return List.copyOf(found);
  }

  static boolean mayMention(String text) {
    return text != null && text.indexOf('@') >= 0;
  }

  private static String localPart(Agent a) {
    int at = a.email().indexOf('@');
    return (at < 0 ? a.email() : a.email().substring(0, at)).toLowerCase(Locale.ROOT);
  }
}
