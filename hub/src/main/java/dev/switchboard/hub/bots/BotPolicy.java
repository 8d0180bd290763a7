package dev.switchboard.hub.bots;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one table of what a bot may call: each REST route a bot may use, with the scope it needs and
 * whether it names a conversation (whose inbox the bot must serve). Anything not listed is for agents
 * only. The API's bot gate asks {@link #rule} once per request, before any route runs, so a new route
 * is closed to bots until a line here opens it.
 */
public final class BotPolicy {

  /** What a request needs: {@code scope}, and the conversation in group 1 of the path when {@code conversation}. */
  public record Rule(String method, Pattern path, BotScope scope, boolean conversation) {}

  private static final String C = "/api/v1/conversations/(\\d+)";

  private static final List<Rule> RULES = List.of(
      new Rule("GET", Pattern.compile(C), BotScope.READ, true),
      new Rule("GET", Pattern.compile(C + "/messages"), BotScope.READ, true),
      new Rule("GET", Pattern.compile(C + "/cases"), BotScope.READ, true),
      new Rule("POST", Pattern.compile(C + "/messages"), BotScope.REPLY, true),
      // the routes drafts and hand-off will add: open to bots with these scopes, nothing else to do
      new Rule("GET", Pattern.compile(C + "/drafts"), BotScope.READ, true),
      new Rule("POST", Pattern.compile(C + "/drafts"), BotScope.DRAFT, true),
      new Rule("POST", Pattern.compile(C + "/handoff"), BotScope.HANDOFF, true),
      // the knowledge base names no conversation: published articles, what customers may read anyway
      new Rule("GET", Pattern.compile("/api/v1/kb/search"), BotScope.READ, false));

  private BotPolicy() {}

  /** The rule for a request, or {@code null} when bots may not call it at all. */
  public static Rule rule(String method, String path) {
    for (Rule r : RULES) {
      if (r.method().equals(method) && r.path().matcher(path).matches()) {
        return r;
      }
    }
    return null;
  }

  /** The conversation id a rule's path names. */
  public static long conversationId(Rule rule, String path) {
    Matcher m = rule.path().matcher(path);
    if (!m.matches()) {
      throw new IllegalArgumentException(path);
    }
    return Long.parseLong(m.group(1));
  }
}
