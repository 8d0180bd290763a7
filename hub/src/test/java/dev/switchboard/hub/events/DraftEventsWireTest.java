package dev.switchboard.hub.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.hub.bots.Draft;
import dev.switchboard.hub.conversation.Message;
import dev.switchboard.hub.events.HubEvent.DraftCreated;
import dev.switchboard.hub.events.HubEvent.DraftDecided;
import io.vertx.core.json.JsonArray;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** Draft events cross nodes unchanged: the other node's agents and the drafting bot see the same draft. */
class DraftEventsWireTest {

  @Test
  void createdSentAndDismissedDraftsSurviveTheTripBetweenNodes() {
    OffsetDateTime at = OffsetDateTime.parse("2026-11-30T10:40:00.123456Z");
    ConversationScope scope = new ConversationScope(7, 3L, null);
    Draft pending = new Draft(11, 7, 2, "Helper", "Your parcel <b>left</b>\ntoday.", "article 4", Draft.PENDING,
        null, null, null, null, at);
    DraftCreated created = new DraftCreated(scope, pending);
    assertEquals(created, HubEventJson.fromJson(HubEventJson.toJson(created)));

    Draft edited = new Draft(11, 7, 2, "Helper", "Your parcel left today.", null, Draft.EDITED, 4L, "Ann",
        at.plusSeconds(30), 1001L, at);
    Message sent = new Message(1001, 7, 5, "out", "web", 3L, "agent", 4L, "Ann", "It left today, Ana!", null,
        new JsonArray(), "sent", null, at.plusSeconds(30), 2L, null);
    DraftDecided decided = new DraftDecided(new ConversationScope(7, 3L, 4L), edited, sent);
    assertEquals(decided, HubEventJson.fromJson(HubEventJson.toJson(decided)));

    Draft dismissed = new Draft(12, 7, 2, "Helper", "No.", null, Draft.DISMISSED, null, null, at, null, at);
    DraftDecided gone = new DraftDecided(scope, dismissed, null);
    assertEquals(gone, HubEventJson.fromJson(HubEventJson.toJson(gone)));
  }
}
