package dev.switchboard.hub.bots;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.conversation.ConversationService;
import dev.switchboard.hub.conversation.Message;
import dev.switchboard.hub.events.ConversationScope;
import dev.switchboard.hub.events.HubEvent.DraftCreated;
import dev.switchboard.hub.events.HubEvent.DraftDecided;
import dev.switchboard.hub.events.Publisher;
import dev.switchboard.hub.store.PgFailures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Draft replies: bots suggest them, agents send them (as is or edited) or dismiss them. A draft never
 * reaches a customer by itself: {@link #accept} sends an agent's reply through the same path as any
 * agent reply (outbox, channel, collision check) and moves the draft out of pending in that reply's
 * transaction, so a draft is sent at most once whichever nodes the agents are on.
 */
public final class Drafts {

  /** As long as a reply may be. */
  public static final int MAX_BODY_CHARS = 60_000;
  /** The bot's note to the agent (sources, confidence). */
  public static final int MAX_NOTE_CHARS = 2_000;
  /** Pending drafts one conversation may hold: a runaway bot cannot bury the composer. */
  public static final int MAX_PENDING = 10;
  /** A conversation's drafts listed at most. */
  public static final int MAX_LISTED = 100;

  /** A bot's counts: drafts created, sent as is, sent edited, dismissed. */
  public record Counts(long created, long accepted, long edited, long dismissed) {
    public static final Counts NONE = new Counts(0, 0, 0, 0);

    public JsonObject toJson() {
      return new JsonObject().put("created", created).put("accepted", accepted).put("edited", edited)
          .put("dismissed", dismissed);
    }
  }

  /** A sent draft and the reply it became. */
  public record Sent(Draft draft, Message message) {}

  private final Pool pool;
  private final ConversationService conversations;
  private final Publisher events;

  public Drafts(Pool pool, ConversationService conversations, Publisher events) {
    this.pool = pool;
    this.conversations = conversations;
    this.events = events;
  }

  /** A bot's suggestion for a conversation of its inboxes (the caller checked that); announced after the commit. */
  public Future<Draft> create(Bot bot, ConversationScope scope, String body, String note) {
    return pool.preparedQuery(DraftSql.INSERT)
        .execute(Tuple.of(scope.conversationId(), bot.id(), bot.name(), body, note, MAX_PENDING))
        .recover(PgFailures::recover)
        .map(rows -> {
          if (rows.size() == 0) {
            throw new HubError(409, "too_many_drafts", "conversation " + scope.conversationId() + " already has "
                + MAX_PENDING + " pending drafts; wait until an agent sends or dismisses one");
          }
          Draft d = draft(rows.iterator().next());
          events.publish(new DraftCreated(scope, d));
          return d;
        });
  }

  /** The draft, or a 404. */
  public Future<Draft> get(long id) {
    return pool.preparedQuery(DraftSql.BY_ID).execute(Tuple.of(id)).recover(PgFailures::recover).map(rows -> {
      if (rows.size() == 0) {
        throw HubError.notFound("draft " + id);
      }
      return draft(rows.iterator().next());
    });
  }

  /** A conversation's drafts, newest first; {@code status} one of them, or null for all. */
  public Future<List<Draft>> list(long conversationId, String status) {
    return pool.preparedQuery(DraftSql.OF_CONVERSATION).execute(Tuple.of(conversationId, status, MAX_LISTED))
        .recover(PgFailures::recover)
        .map(rows -> {
          List<Draft> out = new ArrayList<>(rows.size());
          rows.forEach(r -> out.add(draft(r)));
          return out;
        });
  }

  /**
   * Sends a pending draft as {@code agent}'s reply: its own text, or {@code editedBody} (then it
   * counts as edited, unless the text is the same). {@code expectedLastSeq} is the collision check of
   * any reply ({@link ConversationService.ReplyConflict}). A draft decided already, here or on another
   * node, is a 409 and nothing is sent.
   */
  public Future<Sent> accept(Draft d, ConversationScope scope, ConversationService.Author agent, String editedBody,
      Long expectedLastSeq) {
    if (!d.pending()) {
      return Future.failedFuture(decided(d));
    }
    String text = editedBody == null ? d.body() : editedBody;
    String status = text.equals(d.body()) ? Draft.ACCEPTED : Draft.EDITED;
    Draft[] claimed = new Draft[1];
    return conversations.reply(d.conversationId(), agent, text, null, false, expectedLastSeq, null, List.of(), null,
            (tx, m) -> tx.preparedQuery(DraftSql.SENT)
                .execute(Tuple.of(d.id(), status, agent.id(), m.id(), d.conversationId()))
                .compose(rows -> {
                  if (rows.size() == 0) {
                    return Future.failedFuture(new AlreadyDecided());
                  }
                  claimed[0] = draft(rows.iterator().next());
                  return Future.<Void>succeededFuture();
                }))
        .recover(e -> e instanceof AlreadyDecided
            ? get(d.id()).compose(now -> Future.failedFuture(now.pending()
                ? HubError.conflict("draft " + d.id() + " moved to another conversation; open it there")
                : decided(now)))
            : Future.failedFuture(e))
        .map(m -> {
          events.publish(new DraftDecided(scope, claimed[0], m));
          return new Sent(claimed[0], m);
        });
  }

  /** Dismisses a pending draft; once (a decided one is a 409). */
  public Future<Draft> dismiss(Draft d, ConversationScope scope, long agentId) {
    return pool.preparedQuery(DraftSql.DISMISS).execute(Tuple.of(d.id(), agentId)).recover(PgFailures::recover)
        .compose(rows -> {
          if (rows.size() == 0) {
            return get(d.id()).compose(now -> Future.<Draft>failedFuture(decided(now)));
          }
          Draft done = draft(rows.iterator().next());
          events.publish(new DraftDecided(scope, done, null));
          return Future.succeededFuture(done);
        });
  }

  /** Each bot's counts (bots without drafts are left out: {@link Counts#NONE}); {@code botIds} null for all. */
  public Future<Map<Long, Counts>> counts(List<Long> botIds) {
    return pool.preparedQuery(DraftSql.COUNTS)
        .execute(Tuple.of(botIds == null ? null : botIds.toArray(Long[]::new)))
        .recover(PgFailures::recover)
        .map(rows -> {
          Map<Long, Counts> out = new HashMap<>();
          for (Row r : rows) {
            out.put(r.getLong("bot_id"), new Counts(r.getLong("created"), r.getLong("accepted"), r.getLong("edited"),
                r.getLong("dismissed")));
          }
          return out;
        });
  }

  private static HubError decided(Draft d) {
    String how = switch (d.status()) {
      case Draft.DISMISSED -> "dismissed";
      case Draft.EDITED -> "sent (edited)";
      default -> "sent";
    };
    String who = d.decidedByName() == null ? "" : " by " + d.decidedByName();
    return new HubError(409, "draft_decided", "draft " + d.id() + " was already " + how + who);
  }

  static Draft draft(Row r) {
    return new Draft(r.getLong("id"), r.getLong("conversation_id"), r.getLong("bot_id"), r.getString("bot_name"),
        r.getString("body"), r.getString("note"), r.getString("status"), r.getLong("decided_by"),
        r.getString("decided_by_name"), r.getOffsetDateTime("decided_at"), r.getLong("message_id"),
        r.getOffsetDateTime("created_at"));
  }

  /** The draft was decided between reading it and claiming it: the reply's transaction rolls back. */
  private static final class AlreadyDecided extends RuntimeException {
    AlreadyDecided() {
      super(null, null, false, false);
    }
  }
}
