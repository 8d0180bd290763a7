package dev.switchboard.connectors.chat;

import dev.switchboard.connectors.spi.webhook.Signatures;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * The hub-signed token a widget keeps to stay the same visitor across page loads:
 * {@code v2.INBOX.VISITOR.ISSUED.SIGNATURE}, {@code ISSUED} in unix seconds. Signed over the inbox
 * too, so a token from one site's widget is worthless on another's, and a visitor can never name
 * someone else's visitor id. Every {@code hello} carries a freshly issued token, so only a token
 * left unused for {@link #LIFETIME} expires (a forgotten shared computer, a copied token).
 */
final class VisitorTokens {

  /** How long a token is accepted after it was issued. */
  static final Duration LIFETIME = Duration.ofDays(30);
  /** Nodes' clocks differ a little; a token "from the future" beyond this is not ours. */
  private static final long SKEW_SECONDS = 300;
  private static final String VERSION = "v2";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final byte[] key;
  private final Clock clock;

  VisitorTokens(byte[] key) {
    this(key, Clock.systemUTC());
  }

  VisitorTokens(byte[] key, Clock clock) {
    this.key = key.clone();
    this.clock = clock;
  }

  static String newVisitorId() {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    return B64.encodeToString(id);
  }

  String issue(String inboxId, String visitorId) {
    return sign(VERSION + "." + inboxId + "." + visitorId + "." + clock.instant().getEpochSecond());
  }

  /** The visitor id of a valid, unexpired token for this inbox, else {@code null} (v1 tokens included). */
  String verify(String token, String inboxId) {
    if (token == null || token.length() > 200) {
      return null;
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 5 || !VERSION.equals(parts[0]) || !parts[3].matches("\\d{1,12}")) {
      return null;
    }
    String expected = sign(String.join(".", parts[0], parts[1], parts[2], parts[3]));
    if (!Signatures.equal(expected, token) || !parts[1].equals(inboxId)) {
      return null;
    }
    long age = clock.instant().getEpochSecond() - Long.parseLong(parts[3]);
    if (age > LIFETIME.toSeconds() || age < -SKEW_SECONDS) {
      return null;
    }
    return parts[2];
  }

  private String sign(String payload) {
    return payload + "." + B64.encodeToString(Signatures.hmacSha256(key, payload.getBytes(StandardCharsets.UTF_8)));
  }
}
