package dev.switchboard.hub.realtime;

import dev.switchboard.hub.events.ConversationScope;

/**
 * One encoded agent-socket frame and who may have it: the agents who may see {@code scope}'s
 * conversation, every agent ({@code scope} null), or only the sockets viewing {@code viewersOf}.
 */
public record AgentFrame(String text, ConversationScope scope, Long viewersOf) {

  static AgentFrame forEveryAgent(String text) {
    return new AgentFrame(text, null, null);
  }

  static AgentFrame forAgentsWhoSee(ConversationScope scope, String text) {
    return new AgentFrame(text, scope, null);
  }

  static AgentFrame forViewersOf(long conversationId, String text) {
    return new AgentFrame(text, null, conversationId);
  }
}
