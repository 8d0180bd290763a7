package dev.switchboard.hub.notify;

import dev.switchboard.hub.access.Visibility;
import dev.switchboard.hub.agent.AgentService;
import dev.switchboard.hub.conversation.Message;
import dev.switchboard.hub.events.ConversationScope;
import dev.switchboard.hub.events.HubEvent.Assigned;
import dev.switchboard.hub.events.HubEvent.MessageAppended;
import dev.switchboard.hub.events.HubEvent.NotificationCreated;
import dev.switchboard.hub.events.HubEvent.SnoozeEnded;
import dev.switchboard.hub.events.HubEvents;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns events into notifications: a note that @mentions agents ({@link Mentions}) notifies each
 * of them who may see the conversation (never its author); an assignment by someone else (or by
 * auto-assignment) notifies the new assignee; a snooze that ended notifies the assignee. It listens only to the events its own node published, so each notification is
 * stored once in the deployment; the stored one is then published as {@link NotificationCreated},
 * which every node's sockets of that agent show.
 */
public final class Notifier {

  private static final Logger log = LoggerFactory.getLogger(Notifier.class);

  private final HubEvents events;
  private final Notifications notifications;
  private final AgentService agents;
  private final Visibility visibility;

  public Notifier(HubEvents events, Notifications notifications, AgentService agents, Visibility visibility) {
    this.events = events;
    this.notifications = notifications;
    this.agents = agents;
    this.visibility = visibility;
  }

  public void start() {
    events.listenToOwn(MessageAppended.class, this::onMessage);
    events.listenToOwn(Assigned.class, this::onAssigned);
    events.listenToOwn(SnoozeEnded.class, this::onSnoozeEnded);
  }

  private void onSnoozeEnded(SnoozeEnded e) {
    Long to = e.scope().assigneeId();
    if (to == null) {
      return;
    }
    notifications.snoozeEnded(to, e.scope().conversationId())
        .onSuccess(n -> events.publish(new NotificationCreated(n)))
        .onFailure(err -> log.warn("end of snooze of conversation {} not notified: {}", e.scope().conversationId(),
            err.toString()));
  }

  private void onMessage(MessageAppended e) {
    Message note = e.message();
    if (!"note".equals(note.direction()) || !Mentions.mayMention(note.body())) {
      return;
    }
    ConversationScope scope = e.scope();
    Long author = "agent".equals(note.authorType()) ? note.authorId() : null;
    agents.list()
        .map(active -> Mentions.in(note.body(), active).stream()
            .filter(a -> !Objects.equals(a.id(), author) && visibility.sees(a, scope))
            .map(a -> a.id())
            .toList())
        .compose(mentioned -> notifications.mentioned(mentioned, scope.conversationId(), note.id(), author,
            note.authorName(), note.body()))
        .onSuccess(stored -> stored.forEach(n -> events.publish(new NotificationCreated(n))))
        .onFailure(err -> log.warn("mentions in message {} not notified: {}", note.id(), err.toString()));
  }

  private void onAssigned(Assigned e) {
    Long to = e.scope().assigneeId();
    if (to == null || to.equals(e.byAgentId()) || to.equals(e.previousAssigneeId())) {
      return;
    }
    notifications.assigned(to, e.scope().conversationId(), e.byAgentId(), e.byName())
        .onSuccess(n -> events.publish(new NotificationCreated(n)))
        .onFailure(err -> log.warn("assignment of conversation {} not notified: {}", e.scope().conversationId(),
            err.toString()));
  }
}
