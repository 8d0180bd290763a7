package dev.switchboard.hub.realtime;

/** Local event-bus addresses; every node has the same ones, Redis pub/sub joins them. */
public final class Addresses {

  private Addresses() {}

  /** {@link AgentFrame}s for every agent socket on this node; each keeps those its agent may see. */
  public static final String AGENTS = "sb.agents";

  /**
   * Encoded frames (strings) for the agent sockets viewing one conversation (typing); a socket may
   * view only a conversation its agent may see.
   */
  public static String viewers(long conversationId) {
    return "sb.viewers." + conversationId;
  }

  /** Agent ids (Long) whose tokens changed: this node's sockets of that agent re-check theirs. */
  public static final String SESSIONS_ENDED = "sb.sessions.ended";

  /** Customer-visible events (JSON) of one conversation, for the widget sockets watching it. */
  public static String conversation(long id) {
    return "sb.conversation." + id;
  }
}
