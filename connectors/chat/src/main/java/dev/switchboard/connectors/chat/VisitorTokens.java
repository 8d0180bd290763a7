package dev.switchboard.connectors.chat;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The hub-signed token a widget keeps to stay the same visitor across page loads:
 * {@code v1.INBOX.VISITOR.SIGNATURE}. Signed over the inbox too, so a token from one site's
 * widget is worthless on another's, and a visitor can never name someone else's visitor id.
 */
final class VisitorTokens {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final byte[] key;

  VisitorTokens(byte[] key) {
    this.key = key.clone();
  }

  static String newVisitorId() {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    return B64.encodeToString(id);
  }

  String issue(String inboxId, String visitorId) {
    String payload = "v1." + inboxId + "." + visitorId;
    return payload + "." + B64.encodeToString(Hmac.sha256(key, payload));
  }

  /** The visitor id of a valid token for this inbox, else {@code null}. */
  String verify(String token, String inboxId) {
    if (token == null || token.length() > 200) {
      return null;
    }
    String[] parts = token.split("\\.");
    if (parts.length != 4 || !"v1".equals(parts[0])) {
      return null;
    }
    String expected = issue(parts[1], parts[2]);
    if (!Hmac.equal(expected, token) || !parts[1].equals(inboxId)) {
      return null;
    }
    return parts[2];
  }
}
