package dev.switchboard.hub.routing;

import dev.switchboard.hub.conversation.Conversation;
import dev.switchboard.hub.conversation.ConversationService;
import dev.switchboard.hub.events.HubEvent.AgentPresence;
import dev.switchboard.hub.events.HubEvent.Assigned;
import dev.switchboard.hub.events.HubEvent.ConversationChanged;
import dev.switchboard.hub.events.HubEvent.HandedOff;
import dev.switchboard.hub.events.HubEvent.MessageAppended;
import dev.switchboard.hub.events.HubEvent.SnoozeEnded;
import dev.switchboard.hub.events.HubEvents;
import dev.switchboard.hub.events.Publisher;
import dev.switchboard.hub.inbox.InboxService;
import dev.switchboard.hub.presence.PresenceService;
import java.util.Collection;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assignment as a listener of {@link HubEvents}: a customer message in an inbox whose config has
 * {@code auto_assign: true} and a {@code team_id} asks the {@link Assigner}; an agent coming online
 * gets the oldest waiting conversations; going offline hands theirs back; a manual assignment, an
 * unassignment or a resolve (as {@link ConversationChanged} reports it) moves the counts and frees
 * slots, which drain the queues.
 *
 * <p>Every node hears every event, so every step is idempotent in Redis, and only the node whose
 * script call decided (a fresh decision, a freed slot, a popped conversation) writes the assignee to
 * PostgreSQL. Redis decides, PostgreSQL records.
 */
public final class AutoAssign {

  private static final Logger log = LoggerFactory.getLogger(AutoAssign.class);
  /** Who an automatic assignment is by, as notifications show it. */
  static final String BY_NAME = "Auto-assignment";

  private final Assigner assigner;
  private final Teams teams;
  private final InboxService inboxes;
  private final ConversationService conversations;
  private final PresenceService presence;
  private final boolean awayHandsBack;
  /** Where the node that recorded a decision announces it ({@link Assigned}: the assignee is notified). */
  private final Publisher events;

  public AutoAssign(Assigner assigner, Teams teams, InboxService inboxes, ConversationService conversations,
      PresenceService presence, boolean awayHandsBack, Publisher events) {
    this.events = events;
    this.presence = presence;
    this.assigner = assigner;
    this.teams = teams;
    this.inboxes = inboxes;
    this.conversations = conversations;
    this.awayHandsBack = awayHandsBack;
  }

  /** Rebuilds Redis's counts from PostgreSQL when they were lost, then listens. */
  public Future<Void> start(HubEvents events) {
    return assigner.rebuildIfLost(teams).map(v -> {
      events.listen(MessageAppended.class, e -> logged(onMessage(e), "route a conversation"));
      events.listen(ConversationChanged.class, e -> logged(onChange(e.conversation()), "track an assignment"));
      events.listen(AgentPresence.class, e -> logged(onPresence(e.agentId(), e.status()), "route on presence"));
      // a conversation nobody holds that wakes from its snooze waits for an agent like a new one
      events.listen(SnoozeEnded.class, e -> logged(e.scope().assigneeId() != null || e.scope().inboxId() == null
          ? Future.succeededFuture() : route(e.scope().conversationId()), "route a woken conversation"));
      // a bot's conversation enters assignment when the humans get it (unless an agent took it already)
      events.listen(HandedOff.class, e -> logged(e.scope().assigneeId() != null || e.scope().inboxId() == null
          ? Future.succeededFuture() : route(e.scope().conversationId()), "route a handed-off conversation"));
      return null;
    });
  }

  /**
   * Routes the conversation in its inbox's team, if the inbox assigns automatically; the
   * conversation's current assignee (a reopened conversation's previous agent) is preferred.
   */
  public Future<Void> route(long conversationId) {
    return conversations.get(conversationId).compose(c -> {
      // a bot answering first keeps it out of assignment until it hands off
      if (c == null || !"open".equals(c.status()) || c.inboxId() == null || c.botId() != null) {
        return Future.succeededFuture();
      }
      return teamOf(c.inboxId()).compose(team -> team.isEmpty() ? Future.succeededFuture()
          : assigner.assign(team.get(), c.id(), System.currentTimeMillis(), c.assigneeId())
              .compose(d -> {
                if (!d.fresh()) {
                  return Future.succeededFuture();
                }
                // PostgreSQL already says so: the state read above is the one routing decided on
                return Objects.equals(d.agentId(), c.assigneeId())
                    ? assigner.recorded(c.id(), micros(c.updatedAt())) : record(c.id(), d.agentId());
              }));
    });
  }

  private Future<Void> onMessage(MessageAppended e) {
    if (!"in".equals(e.message().direction()) || e.scope().inboxId() == null) {
      return Future.succeededFuture();
    }
    // every inbound message of every inbox passes here, on every node: most inboxes do not assign
    // automatically, and their (cached) config says so without a query on the message path
    return assigningTeam(e.scope().inboxId())
        .compose(team -> team.isEmpty() ? Future.succeededFuture() : route(e.scope().conversationId()));
  }

  private Future<Void> onChange(Conversation c) {
    boolean resolved = "resolved".equals(c.status());
    return assigner.track(c.id(), resolved ? null : c.assigneeId(), resolved, micros(c.updatedAt()))
        .compose(freed -> freed == null ? Future.succeededFuture() : drain(freed));
  }

  private Future<Void> onPresence(long agentId, String status) {
    if ("online".equals(status)) {
      return teams.agent(agentId).compose(a -> a.isEmpty() ? Future.succeededFuture()
          : assigner.online(agentId, a.get().capacity(), a.get().teamIds())
              .compose(given -> recordAll(given, agentId)));
    }
    if ("offline".equals(status) || ("away".equals(status) && awayHandsBack)) {
      return teams.agent(agentId).compose(a -> a.isEmpty() ? Future.succeededFuture()
          : assigner.offline(agentId, a.get().teamIds()).compose(v -> handBack(agentId, a.get().teamIds())));
    }
    if ("away".equals(status)) {
      return teams.agent(agentId).compose(a -> a.isEmpty() ? Future.succeededFuture()
          : assigner.offline(agentId, a.get().teamIds()));
    }
    return Future.succeededFuture(); // unknown: Redis is not answering; change nothing
  }

  /**
   * Agents' capacity or teams changed (an agent's PATCH, a team's members): each re-enters, when
   * online, exactly their teams with their capacity, and takes waiting conversations that now fit.
   */
  public Future<Void> agentsChanged(Collection<Long> agentIds) {
    if (agentIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return Future.all(teams.list(), presence.agentStatuses(agentIds)).compose(both -> {
      List<Long> all = both.<List<Team>>resultAt(0).stream().map(Team::id).toList();
      java.util.Map<Long, String> statuses = both.resultAt(1);
      Future<Void> chain = Future.succeededFuture();
      for (long id : agentIds) {
        chain = chain.compose(v -> assigner.offline(id, all))
            .compose(v -> "online".equals(statuses.get(id)) ? onPresence(id, "online") : Future.succeededFuture());
      }
      return chain;
    });
  }

  /**
   * Brings Redis back in line with PostgreSQL, for a Redis that restarted or lost keys: who holds
   * what and the open counts ({@link Assigner#recount}); every open unassigned conversation of an
   * auto-assigning inbox back in its team's queue (or to an online member with room); each team
   * member's place in the online sets and capacity, as their presence says, with what waits for them.
   * Idempotent; run by one node at a time ({@link RoutingReconciler}).
   */
  public Future<Void> reconcile() {
    return teams.openAssigned().compose(assigner::recount)
        .compose(n -> teams.waiting())
        .compose(waiting -> {
          Future<Void> chain = Future.succeededFuture();
          for (Teams.Waiting w : waiting) {
            chain = chain.compose(v -> assigner.assign(w.teamId(), w.conversationId(), w.sinceMillis(), null))
                .compose(d -> d.fresh() && !d.queued() ? record(w.conversationId(), d.agentId()) : Future.succeededFuture());
          }
          return chain;
        })
        .compose(v -> teams.list())
        .compose(all -> {
          List<Long> allTeams = all.stream().map(Team::id).toList();
          java.util.Set<Long> members = new java.util.TreeSet<>();
          all.forEach(t -> members.addAll(t.memberIds()));
          return presence.agentStatuses(members).compose(statuses -> {
            Future<Void> chain = Future.succeededFuture();
            for (long id : members) {
              String status = statuses.get(id);
              chain = chain.compose(v -> "online".equals(status) ? onPresence(id, "online")
                  : "unknown".equals(status) ? Future.succeededFuture() : assigner.offline(id, allTeams));
            }
            return chain;
          });
        });
  }

  /**
   * The agent's conversations in auto-assigning inboxes go back to their teams: to someone else
   * with room, or to the queue. Those of other inboxes stay with the agent (nobody would route them).
   */
  private Future<Void> handBack(long agentId, List<Long> agentTeams) {
    return teams.heldBy(agentId).compose(ids -> {
      Future<Void> chain = Future.succeededFuture();
      for (long id : ids) {
        chain = chain.compose(v -> conversations.get(id)).compose(c -> c == null || c.inboxId() == null
            ? Future.succeededFuture(Optional.<Long>empty()) : teamOf(c.inboxId()))
            .compose(team -> team.isEmpty() ? Future.succeededFuture()
                : assigner.release(id, agentId, agentTeams).compose(r -> !r.freed() ? Future.succeededFuture()
                    : assigner.assign(team.get(), id, System.currentTimeMillis(), null)
                        .compose(d -> record(id, d.agentId()))));
      }
      return chain;
    });
  }

  private Future<Void> drain(long agentId) {
    return teams.agent(agentId).compose(a -> a.isEmpty() ? Future.succeededFuture()
        : assigner.drain(agentId, a.get().teamIds()).compose(given -> recordAll(given, agentId)));
  }

  private Future<Void> recordAll(List<Long> given, long agentId) {
    Future<Void> chain = Future.succeededFuture();
    for (long id : given) {
      chain = chain.compose(v -> record(id, agentId));
    }
    return chain;
  }

  /**
   * PostgreSQL records what Redis decided ({@code agentId} null: waiting, unassigned); a new
   * assignee hears of it as of a manual assignment, from the hub itself. Only the deciding node gets here.
   */
  private Future<Void> record(long conversationId, Long agentId) {
    return conversations.update(conversationId, new ConversationService.Patch(null, true, agentId, null, null))
        .onSuccess(c -> {
          if (agentId != null) {
            events.publish(new Assigned(c.scope(), null, null, BY_NAME));
          }
        })
        .compose(c -> assigner.recorded(conversationId, micros(c.updatedAt())));
  }

  static long micros(java.time.OffsetDateTime t) {
    java.time.Instant i = t.toInstant();
    return i.getEpochSecond() * 1_000_000 + i.getNano() / 1_000;
  }

  /** The team of an inbox that assigns automatically; empty otherwise. */
  private Future<Optional<Long>> teamOf(long inboxId) {
    return assigningTeam(inboxId).compose(team -> team.isEmpty() ? Future.succeededFuture(team)
        : teams.get(team.get()).map(t -> t.filter(Team::autoAssign).map(Team::id)));
  }

  /** The {@code team_id} of an inbox whose config says {@code auto_assign}, from the inboxes' short cache. */
  private Future<Optional<Long>> assigningTeam(long inboxId) {
    return inboxes.enabled(String.valueOf(inboxId))
        .map(inbox -> {
          JsonObject config = inbox.config();
          return Boolean.TRUE.equals(config.getValue("auto_assign")) && config.getValue("team_id") instanceof Number team
              ? Optional.of(team.longValue()) : Optional.<Long>empty();
        })
        .otherwise(Optional.empty());
  }

  private static void logged(Future<?> work, String what) {
    work.onFailure(e -> log.warn("could not {}: {}", what, e.toString()));
  }
}
