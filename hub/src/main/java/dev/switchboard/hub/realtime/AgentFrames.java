package dev.switchboard.hub.realtime;

import dev.switchboard.hub.agent.Agent;
import dev.switchboard.hub.conversation.Message;
import dev.switchboard.hub.events.ConversationScope;
import dev.switchboard.hub.events.HubEvent;
import dev.switchboard.hub.events.HubEvent.AgentPresence;
import dev.switchboard.hub.events.HubEvent.ConversationChanged;
import dev.switchboard.hub.events.HubEvent.CustomerMerged;
import dev.switchboard.hub.events.HubEvent.CustomerPresence;
import dev.switchboard.hub.events.HubEvent.DraftCreated;
import dev.switchboard.hub.events.HubEvent.DraftDecided;
import dev.switchboard.hub.events.HubEvent.MessageAppended;
import dev.switchboard.hub.events.HubEvent.MessageStatusChanged;
import dev.switchboard.hub.events.HubEvent.NotificationCreated;
import dev.switchboard.hub.events.HubEvent.Typing;
import dev.switchboard.hub.events.HubEvent.Viewing;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Every frame the agent socket sends, built here and nowhere else (docs/PROTOCOL.md, "Agent
 * socket"): the events' frames ({@link #encode}) and the socket's own replies (hello, synced, pong,
 * error).
 */
public final class AgentFrames {

  private AgentFrames() {}

  /** The frames an event becomes, each with who may have it; none for events agents do not see. */
  public static List<AgentFrame> encode(HubEvent event) {
    if (event instanceof MessageAppended e) {
      return List.of(AgentFrame.forAgentsWhoSee(e.scope(), messageCreated(e.message())));
    }
    if (event instanceof MessageStatusChanged e) {
      return List.of(AgentFrame.forAgentsWhoSee(e.scope(), new JsonObject().put("type", "message.updated")
          .put("conversation_id", e.message().conversationId()).put("message", e.message().toAgentJson()).encode()));
    }
    if (event instanceof ConversationChanged e) {
      return List.of(AgentFrame.forAgentsWhoSee(e.scope(), new JsonObject().put("type", "conversation.updated")
          .put("conversation", e.conversation().toJson(false)).encode()));
    }
    if (event instanceof CustomerMerged e) {
      return moved(e);
    }
    if (event instanceof AgentPresence e) {
      return List.of(AgentFrame.forEveryAgent(new JsonObject().put("type", "presence").put("kind", "agent")
          .put("id", e.agentId()).put("status", e.status()).encode()));
    }
    if (event instanceof CustomerPresence e) {
      return List.of(AgentFrame.forAgentsWhoSee(e.scope(), new JsonObject().put("type", "presence")
          .put("kind", "customer").put("id", e.customerId()).put("conversation_id", e.scope().conversationId())
          .put("status", e.status()).encode()));
    }
    if (event instanceof Typing e) {
      JsonObject frame = new JsonObject().put("type", "typing").put("conversation_id", e.conversationId());
      if (e.byCustomer()) {
        frame.put("who", "customer");
      } else {
        frame.put("who", "agent").put("agent_id", e.agentId()).put("name", e.name());
      }
      return List.of(AgentFrame.forViewersOf(e.conversationId(), frame.put("state", e.state()).encode()));
    }
    if (event instanceof Viewing e) {
      return List.of(AgentFrame.forAgentsWhoSee(e.scope(), new JsonObject().put("type", "viewing")
          .put("conversation_id", e.scope().conversationId()).put("who", "agent").put("agent_id", e.agentId())
          .put("name", e.name()).put("state", e.state()).encode()));
    }
    if (event instanceof DraftCreated e) {
      return List.of(AgentFrame.forAgentsWhoSee(e.scope(), new JsonObject().put("type", "draft.created")
          .put("conversation_id", e.draft().conversationId()).put("draft", e.draft().toJson()).encode()));
    }
    if (event instanceof DraftDecided e) {
      // the suggestion leaves every colleague's composer; the reply itself comes as message.created
      return List.of(AgentFrame.forAgentsWhoSee(e.scope(), new JsonObject().put("type", "draft.updated")
          .put("conversation_id", e.draft().conversationId()).put("draft", e.draft().toJson()).encode()));
    }
    if (event instanceof NotificationCreated e) {
      return List.of(AgentFrame.forAgent(e.notification().agentId(), new JsonObject().put("type", "notification")
          .put("notification", e.notification().toJson()).encode()));
    }
    return List.of();
  }

  /** After a merge, watchers of either timeline start over: it now lives, renumbered, in {@code into}. */
  private static List<AgentFrame> moved(CustomerMerged e) {
    ConversationScope from = e.from();
    ConversationScope into = e.into();
    if (from == null || from.conversationId() == into.conversationId()) {
      return List.of();
    }
    return List.of(
        AgentFrame.forAgentsWhoSee(from, movedFrame(from.conversationId(), into.conversationId())),
        AgentFrame.forAgentsWhoSee(into, movedFrame(into.conversationId(), into.conversationId())));
  }

  private static String movedFrame(long conversationId, long into) {
    return new JsonObject().put("type", "conversation.moved").put("conversation_id", conversationId)
        .put("into", into).encode();
  }

  /** {@code message.created}: live, and replayed by {@code sync}. */
  public static String messageCreated(Message m) {
    return new JsonObject().put("type", "message.created").put("conversation_id", m.conversationId())
        .put("message", m.toAgentJson()).encode();
  }

  /** The first frame: who the socket is, and the team with each one's presence. */
  public static String hello(Agent agent, JsonArray agents) {
    return new JsonObject().put("type", "hello").put("agent", agent.toJson()).put("agents", agents).encode();
  }

  public static String synced(long conversationId, long lastSeq) {
    return new JsonObject().put("type", "synced").put("conversation_id", conversationId).put("last_seq", lastSeq)
        .encode();
  }

  public static String pong() {
    return new JsonObject().put("type", "pong").encode();
  }

  public static String error(String code, String message) {
    return new JsonObject().put("type", "error").put("error", code).put("message", message).encode();
  }
}
