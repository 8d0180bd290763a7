package dev.switchboard.hub.conversation;

import dev.switchboard.hub.limits.Bulkhead;
import dev.switchboard.hub.store.PgFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The inbox's lists and their counts: views (mine, unassigned, all, a team), filters, full-text
 * search, the waiting-first order, keyset pages. Reached through {@link ConversationService}.
 *
 * <p>The waiting-first order is two phases, each one index-friendly query: the open conversations
 * whose customer waits, longest first (index conversation_waiting), and after them the rest by
 * latest activity. A page that the first phase does not fill continues with the second; the cursor
 * says which phase the next page starts in.
 */
final class ConversationViews {

  private final Pool pool;
  private final int manyMessages;
  /** Searches read message bodies: two at a time per node, a few waiting, so they cannot take the message path's connections. */
  private final Bulkhead searches = new Bulkhead("searches", 2, 8);

  ConversationViews(Pool pool) {
    this(pool, MANY_MESSAGES);
  }

  /** With another threshold for common words (tests: both ways of searching on a small database). */
  ConversationViews(Pool pool, int manyMessages) {
    this.pool = pool;
    this.manyMessages = manyMessages;
  }

  Future<ConversationPage> list(ConversationFilter f) {
    String q = f.query() == null || f.query().isBlank() ? null : f.query().trim();
    if (q == null) {
      return page(pool, f, null).recover(PgFailures::recover);
    }
    String like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return searches.run(() -> pool.withTransaction(tx -> tx.query(ConversationSql.SEARCH_SETTINGS).execute()
            .compose(v -> tx.preparedQuery(ConversationSql.SEARCH_WORDS).execute(Tuple.of(q)))
            .map(rows -> rows.iterator().next().getString("words"))
            .compose(words -> words == null ? page(tx, f, new Search(like, null, false))
                : tx.preparedQuery(ConversationSql.WORD_MESSAGES).execute(Tuple.of(words, manyMessages))
                    .compose(n -> page(tx, f, new Search(like, words,
                        n.iterator().next().getLong("n") >= manyMessages))))))
        .recover(PgFailures::recover);
  }

  /**
   * Words in this many messages or more are searched by walking the conversations in the page's
   * order (measured on 1,000,000 messages: collecting 56,000 matches of a common word read the
   * whole message table, over a second; a rare word's 200 take a millisecond).
   */
  static final int MANY_MESSAGES = 2_000;

  /** A search's ILIKE pattern, its tsquery (or {@code null}: no word), and whether its words are common. */
  private record Search(String like, String words, boolean common) {}

  Future<ViewCounts> counts(long me, String status, Long visibleTo) {
    Conditions where = new Conditions().add(ConversationSql.LISTED);
    if (status != null) {
      where.add(ConversationSql.WITH_STATUS, status);
    }
    if (visibleTo != null) {
      where.add(ConversationSql.VISIBLE_TO, visibleTo);
    }
    String meParam = where.param(me);
    return pool.preparedQuery(ConversationSql.counts(where.sql(), meParam)).execute(where.args())
        .recover(PgFailures::recover)
        .map(rows -> {
          long mine = 0;
          long unassigned = 0;
          long bot = 0;
          long all = 0;
          Map<Long, Long> teams = new TreeMap<>();
          List<Row> counted = new ArrayList<>();
          for (Row r : rows) {
            if (r.getBoolean("counted")) {
              counted.add(r);
              mine += r.getLong("mine");
              unassigned += r.getLong("unassigned");
              bot += r.getLong("bot");
              all += r.getLong("total");
            } else {
              teams.put(r.getLong("team_id"), 0L);
            }
          }
          // conversations of a team deleted since (team_id has no foreign key) count in all, not as a team
          for (Row r : counted) {
            Long team = r.getLong("team_id");
            if (team != null && teams.containsKey(team)) {
              teams.put(team, r.getLong("total"));
            }
          }
          return new ViewCounts(mine, unassigned, bot, all, teams);
        });
  }

  /** One page: the waiting phase first when the order and the status filter call for it, then the rest. */
  private Future<ConversationPage> page(SqlClient client, ConversationFilter f, Search search) {
    ListSort sort = f.sortOrDefault();
    PageCursor cursor = f.cursor();
    int limit = f.limit();
    boolean openOnly = f.status() == null || "open".equals(f.status());
    if (sort == ListSort.WAITING && openOnly && (cursor == null || cursor.waitingPhase())) {
      return phase(client, f, search, true, cursor, limit + 1).compose(waiting -> {
        if (waiting.size() > limit) {
          return Future.succeededFuture(page(waiting.subList(0, limit), sort, true, true));
        }
        return phase(client, f, search, false, null, limit - waiting.size() + 1).map(rest -> {
          List<Conversation> all = new ArrayList<>(waiting);
          all.addAll(rest);
          if (all.size() <= limit) {
            return page(all, sort, false, false);
          }
          // the page ends in the rest, or exactly where the waiting ones end
          boolean endsWaiting = waiting.size() == limit;
          return page(all.subList(0, limit), sort, endsWaiting, true);
        });
      });
    }
    PageCursor after = cursor == null || cursor.waitingPhase() ? null : cursor;
    return phase(client, f, search, false, after, limit + 1)
        .map(rows -> rows.size() > limit ? page(rows.subList(0, limit), sort, false, true)
            : page(rows, sort, false, false));
  }

  private static ConversationPage page(List<Conversation> rows, ListSort sort, boolean waitingPhase, boolean more) {
    String next = more ? PageCursor.after(sort, waitingPhase, rows.get(rows.size() - 1)).encode() : null;
    return new ConversationPage(List.copyOf(rows), next);
  }

  /** Up to {@code limit} conversations of one phase, after {@code cursor} (of that phase) when given. */
  private Future<List<Conversation>> phase(SqlClient client, ConversationFilter f, Search search,
      boolean waiting, PageCursor cursor, int limit) {
    Conditions where = filters(f);
    String order;
    if (waiting) {
      where.add(ConversationSql.WAITING);
      if (cursor != null) {
        where.add(ConversationSql.WAITING_AFTER, cursor.at(), cursor.id());
      }
      order = ConversationSql.BY_WAITING;
    } else {
      if (f.sortOrDefault() == ListSort.WAITING) {
        where.add(ConversationSql.NOT_WAITING);
      }
      if (cursor != null) {
        where.add(ConversationSql.ACTIVE_BEFORE, cursor.at(), cursor.id());
      }
      order = ConversationSql.BY_ACTIVITY;
    }
    String sql;
    if (search != null && search.common()) {
      String walk = where.sql();
      String matches = where.condition(ConversationSql.MATCHES_PROBED, search.like(), search.words());
      sql = ConversationSql.probing(walk, matches, order, where.param(limit));
    } else {
      if (search != null) {
        if (search.words() == null) {
          where.add(ConversationSql.MATCHES_CUSTOMER, search.like());
        } else {
          where.add(ConversationSql.MATCHES, search.like(), search.words());
        }
      }
      sql = ConversationSql.page(where.sql(), order, where.param(limit));
    }
    return client.preparedQuery(sql).execute(where.args()).map(ConversationViews::conversations);
  }

  private static Conditions filters(ConversationFilter f) {
    Conditions where = new Conditions().add(ConversationSql.LISTED);
    when(where, f.status(), ConversationSql.WITH_STATUS);
    if (f.assignee() != null) {
      if (f.assignee() == 0) {
        where.add(ConversationSql.UNASSIGNED);
      } else if (f.assignee() == ConversationFilter.WITH_BOT) {
        where.add(ConversationSql.WITH_BOT);
      } else {
        where.add(ConversationSql.ASSIGNED_TO, f.assignee());
      }
    }
    when(where, f.channel(), ConversationSql.ON_CHANNEL);
    when(where, f.teamId(), ConversationSql.OF_TEAM);
    when(where, f.tag(), ConversationSql.TAGGED);
    when(where, f.priority(), ConversationSql.WITH_PRIORITY);
    when(where, f.visibleTo(), ConversationSql.VISIBLE_TO);
    return where;
  }

  private static void when(Conditions where, Object value, String condition) {
    if (value != null) {
      where.add(condition, value);
    }
  }

  private static List<Conversation> conversations(RowSet<Row> rows) {
    List<Conversation> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(ConversationService.conversation(r)));
    return out;
  }

  /** A where clause put together from the conditions a request gives, with their values numbered in order. */
  private static final class Conditions {
    private final List<String> parts = new ArrayList<>();
    private final Tuple args = Tuple.tuple();

    /** {@code condition}'s {@code ?1}, {@code ?2} are {@code values}, in order. */
    Conditions add(String condition, Object... values) {
      parts.add(condition(condition, values));
      return this;
    }

    /** A condition with its values numbered after those given so far, kept apart from the others. */
    String condition(String condition, Object... values) {
      String sql = condition;
      for (int i = values.length; i >= 1; i--) {
        sql = sql.replace("?" + i, "$" + (args.size() + i));
      }
      for (Object v : values) {
        args.addValue(v);
      }
      return sql;
    }

    /** One more value, not part of a condition; returns its placeholder. */
    String param(Object value) {
      args.addValue(value);
      return "$" + args.size();
    }

    String sql() {
      return String.join(" and ", parts);
    }

    Tuple args() {
      return args;
    }
  }
}
