package dev.switchboard.hub.bots;

import io.vertx.core.json.JsonObject;

/** A bot with its token and webhook secret, as create and rotate answer them: the only time they are shown. */
public record BotCredentials(Bot bot, String token, String webhookSecret) {

  public JsonObject toJson() {
    return bot.toJson().put("token", token).put("webhook_secret", webhookSecret);
  }
}
