package dev.switchboard.assistant.bot;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The draft bot's settings, from the environment. It runs only when both the bot token and the
 * webhook secret are given; the model only when its base URL and name are. {@link #toString} never
 * shows a credential.
 *
 * @param hubUrl where the bot calls the hub's API ({@code SWITCHBOARD_ASSISTANT_HUB_URL})
 * @param linkUrl the hub's public URL, for the article links customers will open
 * @param host the address the webhook endpoint listens on
 * @param port its port (0: any free one)
 * @param model the OpenAI-compatible endpoint, or {@code null} for articles-only drafts
 */
public record BotConfig(String hubUrl, String linkUrl, String token, String webhookSecret, String host, int port,
    Model model) {

  /** An OpenAI-compatible chat endpoint: OpenAI, a local Ollama ({@code http://127.0.0.1:11434/v1}), vLLM. */
  public record Model(String baseUrl, String name, String apiKey, Duration timeout) {
    @Override
    public String toString() {
      return "Model[" + baseUrl + ", " + name + ", timeout " + timeout.toSeconds() + " s]";
    }
  }

  public BotConfig {
    hubUrl = trimSlash(hubUrl);
    linkUrl = trimSlash(linkUrl == null ? hubUrl : linkUrl);
    requireHttp("SWITCHBOARD_ASSISTANT_HUB_URL", hubUrl);
    requireHttp("SWITCHBOARD_PUBLIC_URL", linkUrl);
    if (model != null) {
      requireHttp("SWITCHBOARD_ASSISTANT_MODEL_BASE_URL", model.baseUrl());
    }
    // checked here, so a wrong secret stops the start rather than every delivery
    new WebhookVerifier(webhookSecret);
  }

  /** {@code null} when the bot is not configured (no token or secret). */
  public static BotConfig fromEnvironment(Map<String, String> env) {
    String token = blankToNull(env.get("SWITCHBOARD_ASSISTANT_BOT_TOKEN"));
    String secret = blankToNull(env.get("SWITCHBOARD_ASSISTANT_WEBHOOK_SECRET"));
    if (token == null || secret == null) {
      return null;
    }
    String hub = env.getOrDefault("SWITCHBOARD_ASSISTANT_HUB_URL", "http://127.0.0.1:8080");
    String links = blankToNull(env.get("SWITCHBOARD_PUBLIC_URL"));
    Model model = null;
    String baseUrl = blankToNull(env.get("SWITCHBOARD_ASSISTANT_MODEL_BASE_URL"));
    String name = blankToNull(env.get("SWITCHBOARD_ASSISTANT_MODEL"));
    if (baseUrl != null && name != null) {
      model = new Model(trimSlash(baseUrl), name, blankToNull(env.get("SWITCHBOARD_ASSISTANT_MODEL_API_KEY")),
          Duration.ofSeconds(number(env, "SWITCHBOARD_ASSISTANT_MODEL_TIMEOUT_SECONDS", "15")));
    }
    return new BotConfig(hub, links, token, secret, env.getOrDefault("SWITCHBOARD_ASSISTANT_BOT_HOST", "127.0.0.1"),
        number(env, "SWITCHBOARD_ASSISTANT_BOT_PORT", "8092"), model);
  }

  public BotConfig withModel(Model m) {
    return new BotConfig(hubUrl, linkUrl, token, webhookSecret, host, port, m);
  }

  @Override
  public String toString() {
    return "BotConfig[hub " + hubUrl + ", links " + linkUrl + ", listening on " + host + ":" + port + ", model "
        + (model == null ? "none (articles-only drafts)" : model) + "]";
  }

  private static void requireHttp(String name, String url) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " is not a URL");
    }
    if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
      throw new IllegalArgumentException(name + " must be an http(s) URL");
    }
  }

  private static int number(Map<String, String> env, String name, String fallback) {
    try {
      return Integer.parseInt(env.getOrDefault(name, fallback).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number");
    }
  }

  private static String trimSlash(String url) {
    return url.replaceAll("/+$", "");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
