package dev.switchboard.hub.conversation;

import java.util.Map;

/**
 * How many conversations each inbox view holds, counting only those the caller may see.
 *
 * @param teams team id → its conversations, every team included (0 when none)
 */
public record ViewCounts(long mine, long unassigned, long all, Map<Long, Long> teams) {}
