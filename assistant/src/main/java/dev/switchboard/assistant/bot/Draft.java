package dev.switchboard.assistant.bot;

/** What the bot proposes: {@code body} for the customer once an agent sends it, {@code note} for the agent only. */
public record Draft(String body, String note) {}
