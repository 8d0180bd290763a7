package dev.switchboard.hub.bots;

import dev.switchboard.hub.conversation.Conversation;
import dev.switchboard.hub.conversation.ConversationService;
import dev.switchboard.hub.conversation.Message;
import dev.switchboard.hub.events.ConversationScope;
import dev.switchboard.hub.events.HubEvent.ConversationChanged;
import dev.switchboard.hub.events.HubEvent.HandedOff;
import dev.switchboard.hub.events.HubEvent.MessageAppended;
import dev.switchboard.hub.events.Publisher;
import dev.switchboard.hub.store.PgFailures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a bot's turn in a conversation of a bot-first inbox: the humans have it from then on. Exactly
 * once whoever asks first (the bot's API call, a hand-off word, the timeout, an agent taking over, on
 * any node): {@code sb_handoff} locks the row and acts only while the conversation is still with a
 * bot. The one caller that handed off announces it: the system line in the timeline, the
 * conversation's new state (agents' lists, routing's counts) and {@link HandedOff} (routing assigns
 * it, bots hear {@code conversation.handoff}).
 */
public final class Handoffs {

  private static final Logger log = LoggerFactory.getLogger(Handoffs.class);

  /** Why the bot's turn ended, as bots read it ({@code cause}) with the line agents see. */
  public enum Cause {
    BOT("bot"), CUSTOMER_ASKED("customer_asked"), BOT_TIMEOUT("bot_timeout"), AGENT("agent"),
    /** The bot was switched off, or no longer serves where the customer wrote: nobody would answer. */
    BOT_UNAVAILABLE("bot_unavailable");

    private final String wire;

    Cause(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /** Who handed off: {@code bot} (with its id and name), {@code hub}, or {@code agent}. */
  public record By(String type, Long id, String name) {
    public static final By HUB = new By("hub", null, null);
  }

  /** At most this long a reason a bot gives. */
  public static final int MAX_REASON_CHARS = 500;

  private static final String HANDOFF = """
      select * from sb_handoff($1, $2, $3, $4, $5, $6, $7)""";

  /**
   * Bot conversations whose customer waits past their inbox's timeout, or at all when the bot can no
   * longer answer there ({@code able} false: disabled or deleted, the inbox no longer names it or is not
   * its any more, the customer wrote to another inbox); sb_handoff checks the wait again under the lock.
   */
  private static final String DUE = """
      select c.id, t.seconds, coalesce(a.able, false) as able
        from conversation c
        left join inbox i on i.id = c.last_inbound_inbox
        left join bot b on b.id = c.bot_id
        cross join lateral (select i.enabled and b.active and c.last_inbound_inbox = any(b.inbox_ids)
                                   and 'reply' = any(b.scopes) and i.config->>'bot_id' = c.bot_id::text as able) a
        cross join lateral (select case when not coalesce(a.able, false) then 0
                                        else coalesce(case when jsonb_typeof(i.config->'bot_timeout_seconds') = 'number'
                                                           then case when (i.config->>'bot_timeout_seconds')::numeric
                                                                          between 1 and 86400
                                                                     then (i.config->>'bot_timeout_seconds')::numeric::int
                                                                end end, $2) end as seconds) t
       where c.bot_id is not null and c.waiting_since is not null and c.status = 'open'
         and c.waiting_since <= now() - make_interval(secs => t.seconds)
       order by c.waiting_since limit $1""";

  private final Pool pool;
  private final ConversationService conversations;
  private final Publisher events;

  public Handoffs(Pool pool, ConversationService conversations, Publisher events) {
    this.pool = pool;
    this.conversations = conversations;
    this.events = events;
  }

  /**
   * Hands the conversation to the humans, if it is with a bot ({@code onlyBot}: with that bot). The
   * customer waits for a human from now ({@code restartWait}; an agent's own reply ends the wait
   * instead). Returns the conversation after the hand-off, or {@code null} when there was nothing to
   * hand off (not with a bot, or with another one).
   */
  public Future<Conversation> handOff(long conversationId, Long onlyBot, Cause cause, String reason, By by,
      boolean restartWait) {
    return run(conversationId, onlyBot, cause, reason, by, restartWait, null);
  }

  /**
   * Hands off every bot conversation whose customer waited past the timeout, or whose bot cannot answer
   * it any more and the customer waits; how many were due, up to {@code max}.
   */
  public Future<Integer> handOffDue(int max) {
    return pool.preparedQuery(DUE).execute(Tuple.of(max, dev.switchboard.hub.inbox.BotFirstConfig.DEFAULT_TIMEOUT))
        .compose(rows -> {
          Future<Integer> chain = Future.succeededFuture(0);
          for (Row r : rows) {
            long id = r.getLong("id");
            int seconds = r.getInteger("seconds");
            boolean able = r.getBoolean("able");
            // one conversation the database refuses must not hold up the ones due after it
            chain = chain.compose(n -> (able
                ? run(id, null, Cause.BOT_TIMEOUT, "the bot did not answer within " + duration(seconds), By.HUB, true,
                    seconds)
                : run(id, null, Cause.BOT_UNAVAILABLE, "the bot cannot answer here any more", By.HUB, true, 0))
                .<Integer>map(c -> n + 1)
                .recover(e -> {
                  log.warn("conversation {} not handed off by the bot timeout: {}", id, e.toString());
                  return Future.succeededFuture(n);
                }));
          }
          return chain.map(n -> rows.size());
        });
  }

  private Future<Conversation> run(long conversationId, Long onlyBot, Cause cause, String reason, By by,
      boolean restartWait, Integer timeout) {
    // an agent who replied takes the conversation (unless someone holds it); any other hand-off is routed
    Long takesIt = cause == Cause.AGENT && !restartWait ? by.id() : null;
    String line = line(cause, reason, by);
    return pool.preparedQuery(HANDOFF)
        .execute(Tuple.of(conversationId, onlyBot, reason, line, restartWait, timeout).addLong(takesIt))
        .recover(PgFailures::recover)
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(null);
          }
          Row r = rows.iterator().next();
          ConversationScope scope = new ConversationScope(conversationId, r.getLong("conversation_inbox"),
              r.getLong("conversation_assignee"));
          events.publish(new MessageAppended(scope, new Message(r.getLong("message_id"), conversationId,
              r.getLong("seq"), "event", r.getString("channel"), scope.inboxId(), "system", null, null, line, null,
              new JsonArray(), null, null, r.getOffsetDateTime("created_at"), r.getLong("case_id"))));
          long bot = r.getLong("from_bot");
          return conversations.get(conversationId).onSuccess(c -> {
            if (c != null) {
              events.publish(new ConversationChanged(c.scope(), c));
              events.publish(new HandedOff(c.scope(), bot, cause.wire(), reason, by.type(), by.id(), by.name()));
            }
          });
        });
  }

  /** What agents read in the timeline, above which the bot's whole exchange stays. */
  static String line(Cause cause, String reason, By by) {
    return switch (cause) {
      case AGENT -> (by.name() == null ? "An agent" : by.name()) + " took over from the bot";
      case BOT -> "Handed to a human by " + (by.name() == null ? "the bot" : by.name())
          + (reason == null || reason.isBlank() ? "" : ": " + reason);
      default -> "Handed to a human: " + reason;
    };
  }

  /** "45 s", "2 min", "1 h 30 min". */
  static String duration(int seconds) {
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return seconds % 60 == 0 ? seconds / 60 + " min" : seconds / 60 + " min " + seconds % 60 + " s";
    }
    int minutes = (seconds % 3600) / 60;
    return seconds / 3600 + " h" + (minutes == 0 ? "" : " " + minutes + " min");
  }
}
