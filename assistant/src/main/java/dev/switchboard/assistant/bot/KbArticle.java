package dev.switchboard.assistant.bot;

/** A published article as the hub's bot search answers it; {@code url} is absolute (the public page). */
public record KbArticle(long id, String title, String snippet, String body, String url) {}
