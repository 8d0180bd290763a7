package dev.switchboard.assistant.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signature check's edges, and the bot's settings that must never leak or start half-right. */
class WebhookVerifierTest {

  static final String SECRET = DraftBotTest.SECRET;
  static final String OTHER = "whsec_" + Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210"
      .getBytes(StandardCharsets.UTF_8));

  @Test
  void anyOneOfSeveralSignaturesWillDoAsDuringASecretRotation() throws Exception {
    WebhookVerifier verifier = new WebhookVerifier(SECRET);
    Instant now = Instant.ofEpochSecond(1_800_000_000L);
    String ts = String.valueOf(now.getEpochSecond());
    String good = DraftBotTest.sign(SECRET, "msg_1", now.getEpochSecond(), "{}");
    String stale = DraftBotTest.sign(OTHER, "msg_1", now.getEpochSecond(), "{}");
    assertTrue(verifier.verify("msg_1", ts, stale + " " + good, "{}", now));
    assertTrue(verifier.verify("msg_1", ts, good, "{}", now.plusSeconds(300)), "5 minutes late is still fine");
    assertFalse(verifier.verify("msg_1", ts, stale, "{}", now));
    assertFalse(verifier.verify("msg_2", ts, good, "{}", now), "the id is signed");
    assertFalse(verifier.verify("msg_1", ts, good, "{}", now.plusSeconds(301)));
    assertFalse(verifier.verify("msg_1", "soon", good, "{}", now));
    assertFalse(verifier.verify("msg_1", ts, good.substring(3), "{}", now), "v1, is part of it");
    assertFalse(verifier.verify("msg_1", ts, "", "{}", now));
  }

  @Test
  void aSecretThatIsNotTheBotsIsRefusedAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> new WebhookVerifier("s3cret"));
    assertThrows(IllegalArgumentException.class, () -> new WebhookVerifier("whsec_not base64!"));
  }

  @Test
  void theBotRunsOnlyWithItsCredentialsAndNeverShowsThem() {
    assertNull(BotConfig.fromEnvironment(Map.of()));
    assertNull(BotConfig.fromEnvironment(Map.of("SWITCHBOARD_ASSISTANT_BOT_TOKEN", "sbbot_x")));
    BotConfig c = BotConfig.fromEnvironment(Map.of("SWITCHBOARD_ASSISTANT_BOT_TOKEN", "sbbot_secret-token",
        "SWITCHBOARD_ASSISTANT_WEBHOOK_SECRET", SECRET, "SWITCHBOARD_ASSISTANT_HUB_URL", "http://hub:8080/",
        "SWITCHBOARD_ASSISTANT_MODEL_BASE_URL", "http://127.0.0.1:11434/v1",
        "SWITCHBOARD_ASSISTANT_MODEL", "llama3.2", "SWITCHBOARD_ASSISTANT_MODEL_API_KEY", "sk-very-secret"));
    assertEquals("http://hub:8080", c.hubUrl());
    assertEquals("http://hub:8080", c.linkUrl(), "links default to the hub");
    assertEquals(15, c.model().timeout().toSeconds());
    String shown = c.toString();
    assertFalse(shown.contains("sbbot_secret-token") || shown.contains(SECRET.substring(6))
        || shown.contains("sk-very-secret"), shown);
    assertTrue(shown.contains("llama3.2"), shown);
    assertThrows(IllegalArgumentException.class, () -> BotConfig.fromEnvironment(Map.of(
        "SWITCHBOARD_ASSISTANT_BOT_TOKEN", "t", "SWITCHBOARD_ASSISTANT_WEBHOOK_SECRET", SECRET,
        "SWITCHBOARD_ASSISTANT_HUB_URL", "hub:8080")));
    assertThrows(IllegalArgumentException.class, () -> BotConfig.fromEnvironment(Map.of(
        "SWITCHBOARD_ASSISTANT_BOT_TOKEN", "t", "SWITCHBOARD_ASSISTANT_WEBHOOK_SECRET", "plain")));
  }
}
