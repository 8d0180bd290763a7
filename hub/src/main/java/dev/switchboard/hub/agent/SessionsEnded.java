package dev.switchboard.hub.agent;

/**
 * Told when some of an agent's tokens stopped being valid (logout, deactivation, a role change),
 * so every node can re-check that agent's open sockets and close those whose token is gone.
 */
public interface SessionsEnded {

  void sessionsEnded(long agentId);
}
