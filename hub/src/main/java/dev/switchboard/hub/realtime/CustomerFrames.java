package dev.switchboard.hub.realtime;

import dev.switchboard.hub.events.HubEvent;
import dev.switchboard.hub.events.HubEvent.CustomerMerged;
import dev.switchboard.hub.events.HubEvent.MessageAppended;
import dev.switchboard.hub.events.HubEvent.Typing;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What a conversation's customer may learn of an event, for the connectors watching it
 * ({@code ConnectorContext.watch}); each connector turns these into its own wire frames. Notes,
 * drafts, agents' ids and everything internal stay out.
 */
final class CustomerFrames {

  /** An event for the watchers of one conversation. */
  record CustomerFrame(long conversationId, String json) {}

  private CustomerFrames() {}

  static List<CustomerFrame> encode(HubEvent event) {
    if (event instanceof MessageAppended e && e.message().customerVisible()) {
      return List.of(new CustomerFrame(e.message().conversationId(), new JsonObject().put("type", "message")
          .put("message", e.message().toCustomerJson()).encode()));
    }
    if (event instanceof Typing e && !e.byCustomer()) {
      return List.of(new CustomerFrame(e.conversationId(), new JsonObject().put("type", "typing")
          .put("state", e.state()).put("name", e.name()).encode()));
    }
    if (event instanceof CustomerMerged e && e.from() != null
        && e.from().conversationId() != e.into().conversationId()) {
      String moved = new JsonObject().put("type", "moved").put("conversation_id", e.into().conversationId()).encode();
      return List.of(new CustomerFrame(e.from().conversationId(), moved),
          new CustomerFrame(e.into().conversationId(), moved));
    }
    return List.of();
  }
}
