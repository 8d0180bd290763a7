package dev.switchboard.hub.realtime;

import dev.switchboard.hub.events.ConversationScope;

/**
 * One encoded agent-socket frame and who may have it: the agents who may see {@code scope}'s
 * conversation, every agent ({@code scope} null), only the sockets viewing {@code viewersOf}, or
 * only agent {@code agentId}'s sockets.
 */
public record AgentFrame(String text, ConversationScope scope, Long viewersOf, Long agentId) {

  static AgentFrame forEveryAgent(String text) {
    return new AgentFrame(text, null, null, null);
  }

  static AgentFrame forAgentsWhoSee(ConversationScope scope, String text) {
    return new AgentFrame(text, scope, null, null);
  }

  static AgentFrame forViewersOf(long conversationId, String text) {
    return new AgentFrame(text, null, conversationId, null);
  }

  static AgentFrame forAgent(long agentId, String text) {
    return new AgentFrame(text, null, null, agentId);
  }

  /** Whether agent {@code id}'s sockets take it, before asking who may see the conversation. */
  public boolean isFor(long id) {
    return agentId == null || agentId == id;
  }
}
