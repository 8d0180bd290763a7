package dev.switchboard.hub.conversation;

/**
 * What the inbox list asks for (a view, its filters, a search, a sort and a page). {@code null}
 * fields do not filter.
 *
 * @param status    one status, or {@code null} for all
 * @param assignee  an agent id; {@code 0} means unassigned (waiting for a human), {@link #WITH_BOT} those a
 *                  bot answers (the views: mine = the caller's id)
 * @param query     matched against message text (full text, the last word as a prefix) and the
 *                  customer's name, email and phone (fragments)
 * @param limit     the page size
 * @param visibleTo an agent who sees only some conversations ({@code access.Visibility}); {@code null}: all
 * @param teamId    one team's conversations
 * @param tag       conversations carrying this tag
 * @param priority  one priority
 * @param sort      the order; {@code null} is {@link ListSort#WAITING}
 * @param cursor    where the previous page ended ({@link PageCursor#parse}), or {@code null} for the first page
 */
public record ConversationFilter(String status, Long assignee, String channel, String query, int limit,
    Long visibleTo, Long teamId, String tag, String priority, ListSort sort, PageCursor cursor) {

  /** {@code assignee} for the conversations a bot answers first (view=bot). */
  public static final long WITH_BOT = -1;

  /** The list as it was before views: no team, tag or priority filter, the default sort, the first page. */
  public ConversationFilter(String status, Long assignee, String channel, String query, int limit, Long visibleTo) {
    this(status, assignee, channel, query, limit, visibleTo, null, null, null, ListSort.WAITING, null);
  }

  public ListSort sortOrDefault() {
    return sort == null ? ListSort.WAITING : sort;
  }
}
