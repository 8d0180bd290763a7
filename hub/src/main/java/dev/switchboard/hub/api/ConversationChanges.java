package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.agent.Agent;
import dev.switchboard.hub.agent.AgentService;
import dev.switchboard.hub.conversation.Conversation;
import dev.switchboard.hub.conversation.ConversationService;
import dev.switchboard.hub.conversation.ConversationService.Patch;
import dev.switchboard.hub.events.ConversationScope;
import dev.switchboard.hub.events.HubEvent.Assigned;
import dev.switchboard.hub.events.Publisher;
import dev.switchboard.hub.routing.Capacity;
import dev.switchboard.hub.routing.Teams;
import io.vertx.core.Future;
import java.util.Objects;

/**
 * An agent's change to a conversation's fields, as the PATCH route and a macro's run both make it:
 * first {@link #admit} (the team exists, a new assignee is an active agent with room), then
 * {@link #apply} (one update, announced, and {@link Assigned} when the assignee changed, which
 * notifies them). Over capacity an agent is refused ({@code 409 over_capacity}); an admin goes
 * ahead with a warning.
 */
final class ConversationChanges {

  /** The conversation after the change, and a sentence for the caller when it went over capacity. */
  record Applied(Conversation conversation, String warning) {}

  private final ConversationService conversations;
  private final AgentService agents;
  private final Teams teams;
  private final Capacity capacity;
  private final Publisher events;

  ConversationChanges(ConversationService conversations, AgentService agents, Teams teams, Capacity capacity,
      Publisher events) {
    this.conversations = conversations;
    this.agents = agents;
    this.teams = teams;
    this.capacity = capacity;
    this.events = events;
  }

  /**
   * Checks {@code p} before anything is written; fails with a 400 (an unknown team or agent) or a
   * 409 {@code over_capacity}; succeeds with the warning for an admin going over capacity, else null.
   */
  Future<String> admit(Agent me, ConversationScope before, Patch p) {
    Future<Void> team = !p.teamGiven() || p.teamId() == null ? Future.succeededFuture()
        : teams.get(p.teamId()).compose(t -> t.isPresent() ? Future.succeededFuture()
            : Future.failedFuture(HubError.invalid("team_id: there is no team " + p.teamId())));
    if (!p.assigneeGiven() || p.assigneeId() == null || p.assigneeId().equals(before.assigneeId())) {
      return team.map(v -> null);
    }
    // a resolved conversation holds no slot: only whether the agent is there matters
    boolean counts = !"resolved".equals(p.status());
    long to = p.assigneeId();
    return team.compose(v -> agents.byId(to)).compose(agent -> {
      if (agent == null || !agent.active()) {
        return Future.failedFuture(HubError.invalid("assignee_id: there is no active agent " + to));
      }
      if (!counts) {
        return Future.succeededFuture(null);
      }
      return capacity.whenFull(to).map(full -> {
        if (full.isEmpty()) {
          return null;
        }
        Capacity.Full f = full.get();
        if (!me.isAdmin()) {
          throw new HubError(409, "over_capacity", agent.name() + " already holds " + f.open()
              + " open conversations and their capacity is " + f.capacity()
              + "; only an admin may assign them more.");
        }
        return agent.name() + " is now over capacity: " + (f.open() + 1) + " open conversations for a capacity of "
            + f.capacity() + ".";
      });
    });
  }

  /** Writes {@code p} (admitted) and announces it; {@code warning} is passed through. */
  Future<Applied> apply(Agent me, ConversationScope before, Patch p, String warning) {
    return conversations.update(before.conversationId(), p).map(c -> {
      if (p.assigneeGiven() && !Objects.equals(before.assigneeId(), c.assigneeId())) {
        events.publish(new Assigned(c.scope(), before.assigneeId(), me.id(), me.name()));
      }
      return new Applied(c, warning);
    });
  }
}
