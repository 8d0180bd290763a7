package dev.switchboard.hub.conversation;

/**
 * What the inbox list asks for. {@code null} fields do not filter.
 *
 * @param status   one status, or {@code null} for all
 * @param assignee an agent id; {@code 0} means unassigned
 * @param query    matched against the customer's name, email, phone and message text
 * @param visibleTo an agent who sees only some conversations ({@code access.Visibility}); {@code null}: all
 */
public record ConversationFilter(String status, Long assignee, String channel, String query, int limit,
    Long visibleTo) {}
