package dev.switchboard.hub.routing;

import io.vertx.core.Future;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether giving an agent one more conversation by hand takes them over their capacity, counted as
 * auto-assignment counts (the {@link Assigner}'s open counts in Redis, which manual assignments move
 * too). The caller decides what over capacity means (refused for agents, a warning for admins).
 */
public final class Capacity {

  private static final Logger log = LoggerFactory.getLogger(Capacity.class);

  private final Assigner assigner;
  private final Teams teams;

  public Capacity(Assigner assigner, Teams teams) {
    this.assigner = assigner;
    this.teams = teams;
  }

  /** An agent at or over capacity: they hold {@code open} open conversations and may hold {@code capacity}. */
  public record Full(long agentId, int open, int capacity) {}

  /**
   * Empty when the agent has room for one more; otherwise how full they are. When Redis does not
   * answer, the assignment is let through (manual assignment must keep working without it).
   */
  public Future<Optional<Full>> whenFull(long agentId) {
    return teams.agent(agentId).compose(routing -> {
      if (routing.isEmpty()) {
        return Future.succeededFuture(Optional.<Full>empty());
      }
      int capacity = routing.get().capacity();
      return assigner.openCount(agentId)
          .map(open -> open >= capacity ? Optional.of(new Full(agentId, open, capacity)) : Optional.<Full>empty())
          .otherwise(e -> {
            log.warn("capacity of agent {} not checked: {}", agentId, e.toString());
            return Optional.empty();
          });
    });
  }
}
