package dev.switchboard.hub.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.hub.events.HubEvent.Assigned;
import dev.switchboard.hub.events.HubEvent.NotificationCreated;
import dev.switchboard.hub.notify.Notification;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The events notifications use cross nodes unchanged. */
class NotifyEventsWireTest {

  @Test
  void assignedAndNotificationCreatedSurviveTheTripBetweenNodes() {
    Assigned assigned = new Assigned(new ConversationScope(7, 3L, 12L), null, 4L, "Ann");
    assertEquals(assigned, HubEventJson.fromJson(HubEventJson.toJson(assigned)));
    Assigned byTheHub = new Assigned(new ConversationScope(7, null, null), 12L, null, null);
    assertEquals(byTheHub, HubEventJson.fromJson(HubEventJson.toJson(byTheHub)));

    OffsetDateTime at = OffsetDateTime.parse("2026-11-30T10:40:00.123456Z");
    NotificationCreated mention = new NotificationCreated(new Notification(9, 12, Notification.MENTION, 7, 1001L, 4L,
        "Ann", "@bea <b>look</b>", at, null));
    assertEquals(mention, HubEventJson.fromJson(HubEventJson.toJson(mention)));
    NotificationCreated read = new NotificationCreated(new Notification(10, 12, Notification.ASSIGNED, 7, null, null,
        null, null, at, at.plusSeconds(5)));
    assertEquals(read, HubEventJson.fromJson(HubEventJson.toJson(read)));
  }
}
