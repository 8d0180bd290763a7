package dev.switchboard.hub.access;

import dev.switchboard.hub.agent.Agent;
import dev.switchboard.hub.events.ConversationScope;
import dev.switchboard.hub.events.HubEvent.InboxMembersChanged;
import dev.switchboard.hub.events.HubEvents;
import dev.switchboard.hub.inbox.InboxMembers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which conversations an agent may see. Admins see everything; an agent sees a conversation when
 * its inbox has no members (an open inbox), when they are a member of it, or when it is assigned
 * to them. (Teams, later, add one more way in: a field on {@link ConversationScope} and a map here.)
 *
 * <p>Asked for every event and every socket, so it answers from memory: this node's copy of the
 * memberships, re-read when any node says they changed ({@link InboxMembersChanged}) and every
 * {@link #REFRESH_MILLIS} in case that message was lost. Conversation lists filter in SQL with the
 * same rule ({@code ConversationSql.LIST}).
 */
public final class Visibility {

  private static final Logger log = LoggerFactory.getLogger(Visibility.class);
  static final long REFRESH_MILLIS = 30_000;

  private final InboxMembers members;
  /** Inbox id → its members; inboxes open to all are absent. Replaced whole, never changed. */
  private volatile Map<Long, Set<Long>> restricted = Map.of();

  public Visibility(InboxMembers members) {
    this.members = members;
  }

  /** Reads the memberships, then keeps them current. */
  public Future<Void> start(Vertx vertx, HubEvents events) {
    events.listen(InboxMembersChanged.class, e -> refresh());
    vertx.setPeriodic(REFRESH_MILLIS, t -> refresh());
    return refresh();
  }

  /** Re-reads the memberships; the answer changes once they are in. */
  public Future<Void> refresh() {
    return members.all()
        .onSuccess(m -> restricted = Map.copyOf(m))
        .onFailure(e -> log.warn("inbox memberships not refreshed: {}", e.toString()))
        .mapEmpty();
  }

  public boolean sees(Agent agent, ConversationScope scope) {
    if (agent.isAdmin()) {
      return true;
    }
    if (scope.assigneeId() != null && scope.assigneeId() == agent.id()) {
      return true;
    }
    Set<Long> inboxMembers = scope.inboxId() == null ? null : restricted.get(scope.inboxId());
    return inboxMembers == null || inboxMembers.contains(agent.id());
  }
}
