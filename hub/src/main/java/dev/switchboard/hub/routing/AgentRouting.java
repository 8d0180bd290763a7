package dev.switchboard.hub.routing;

import java.util.List;

/** What routing knows about an agent: how many open conversations they may be given, and their teams. */
public record AgentRouting(int capacity, List<Long> teamIds) {}
