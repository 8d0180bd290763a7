package dev.switchboard.hub.conversation;

import io.vertx.core.json.JsonObject;

/**
 * Where conversation changes go once committed: the realtime fan-out implements it. Kept as an
 * interface so conversations know nothing of sockets or Redis.
 */
public interface ConversationEvents {

  void messageCreated(Message message);

  void conversationUpdated(long conversationId, JsonObject conversation);

  /** The customer of {@code fromConversation} was merged; their timeline now lives in {@code into}. */
  void conversationMoved(long fromConversation, long into);
}
