package dev.switchboard.hub.realtime;

import dev.switchboard.hub.events.HubEvent;
import dev.switchboard.hub.events.HubEvent.AgentSessionsEnded;
import dev.switchboard.hub.events.HubEvent.Typing;
import dev.switchboard.hub.events.HubEvents;
import dev.switchboard.hub.events.LocalCodec;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;

/**
 * The sockets' listener of {@link HubEvents}: encodes each event once, on the node that hears it,
 * and hands the frames to this node's agent sockets (which keep those of conversations their agent
 * may see) and to the connectors watching the conversation. Other nodes' sockets get the same
 * event from their own node's {@code Realtime}.
 */
public final class Realtime {

  private final Vertx vertx;
  private final HubEvents events;
  private final TypingCoalescer customerTyping;

  public Realtime(Vertx vertx, HubEvents events) {
    this.vertx = vertx;
    this.events = events;
    this.customerTyping = new TypingCoalescer(vertx,
        (conversationId, typing) -> events.publish(new Typing(conversationId, null, null, typing)));
  }

  public void start() {
    events.listen(this::fanOut);
  }

  /** A customer's typing signal, from any of their sockets: coalesced before any agent hears it. */
  public void customerTyping(long conversationId, boolean typing) {
    customerTyping.signal(conversationId, typing);
  }

  private void fanOut(HubEvent event) {
    EventBus bus = vertx.eventBus();
    if (event instanceof AgentSessionsEnded e) {
      bus.publish(Addresses.SESSIONS_ENDED, e.agentId());
      return;
    }
    for (AgentFrame frame : AgentFrames.encode(event)) {
      if (frame.viewersOf() != null) {
        bus.publish(Addresses.viewers(frame.viewersOf()), frame.text());
      } else {
        bus.publish(Addresses.AGENTS, frame, LocalCodec.LOCAL);
      }
    }
    for (CustomerFrames.CustomerFrame frame : CustomerFrames.encode(event)) {
      bus.publish(Addresses.conversation(frame.conversationId()), frame.json());
    }
  }
}
