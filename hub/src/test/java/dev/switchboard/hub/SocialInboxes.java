package dev.switchboard.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.connectors.testkit.meta.FakeMeta;
import dev.switchboard.connectors.testkit.telegram.FakeTelegram;
import io.vertx.core.json.JsonObject;

/** Telegram and WhatsApp inboxes pointed at the fake providers, as an admin creates them. */
public final class SocialInboxes {

  /** A Telegram inbox and the secret token the hub registered with Telegram for it. */
  public record Telegram(long id, String secret) {}

  private SocialInboxes() {}

  /** Creates a Telegram inbox on {@code fake} and waits for the hub to register its webhook there. */
  public static Telegram telegram(ApiClient admin, FakeTelegram fake) {
    ApiClient.Reply created = admin.post("/api/v1/inboxes", new JsonObject().put("name", "Bot").put("channel", "telegram")
        .put("config", new JsonObject().put("bot_token", FakeTelegram.TOKEN).put("api_base_url", fake.apiBaseUrl())));
    assertEquals(201, created.status(), created.text());
    long id = created.json().getLong("id");
    String secret = fake.awaitCall("setWebhook", c -> c.params().getString("url", "").endsWith("/webhooks/telegram/" + id))
        .params().getString("secret_token");
    return new Telegram(id, secret);
  }

  /** Creates a WhatsApp inbox on {@code fake}'s phone number. */
  public static long whatsapp(ApiClient admin, FakeMeta fake) {
    ApiClient.Reply created = admin.post("/api/v1/inboxes", new JsonObject().put("name", "WhatsApp").put("channel", "whatsapp")
        .put("config", new JsonObject().put("phone_number_id", FakeMeta.PHONE_NUMBER_ID)
            .put("access_token", FakeMeta.ACCESS_TOKEN).put("app_secret", FakeMeta.APP_SECRET)
            .put("verify_token", FakeMeta.VERIFY_TOKEN).put("api_base_url", fake.apiBaseUrl())));
    assertEquals(201, created.status(), created.text());
    return created.json().getLong("id");
  }
}
