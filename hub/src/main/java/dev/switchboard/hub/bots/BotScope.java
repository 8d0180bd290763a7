package dev.switchboard.hub.bots;

/** What a bot may do; an admin grants them per bot. */
public enum BotScope {
  /** Read the conversations and messages of its inboxes. */
  READ,
  /** Suggest draft replies that an agent approves. */
  DRAFT,
  /** Send messages to customers itself. */
  REPLY,
  /** Hand a conversation over to the humans. */
  HANDOFF;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The scope named {@code wire}, or {@code null}. */
  public static BotScope parse(String wire) {
    for (BotScope s : values()) {
      if (s.wire().equals(wire)) {
        return s;
      }
    }
    return null;
  }
}
