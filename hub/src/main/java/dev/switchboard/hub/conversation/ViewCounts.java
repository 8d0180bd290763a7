package dev.switchboard.hub.conversation;

import java.util.Map;

/**
 * How many conversations each inbox view holds, counting only those the caller may see.
 *
 * @param unassigned waiting for a human: nobody holds them and no bot answers them
 * @param bot        those a bot answers first, until it hands off
 * @param teams      team id → its conversations, every team included (0 when none)
 */
public record ViewCounts(long mine, long unassigned, long bot, long all, Map<Long, Long> teams) {}
