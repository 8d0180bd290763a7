package dev.switchboard.assistant.bot;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks check, written out from the convention (not the hub's code): the
 * {@code webhook-signature} header holds one or more space-separated {@code v1,<base64>} signatures,
 * each an HMAC-SHA256 of {@code "{webhook-id}.{webhook-timestamp}.{body}"} keyed with the bytes the
 * secret's part after {@code whsec_} decodes to. A timestamp more than {@link #TOLERANCE_SECONDS}
 * away from now is refused, so a captured delivery cannot be replayed later.
 */
public final class WebhookVerifier {

  public static final String PREFIX = "whsec_";
  public static final long TOLERANCE_SECONDS = 5 * 60;

  private final byte[] key;

  public WebhookVerifier(String secret) {
    if (secret == null || !secret.startsWith(PREFIX)) {
      throw new IllegalArgumentException("the webhook secret must be the bot's whsec_… secret");
    }
    try {
      this.key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the webhook secret's part after whsec_ is not base64");
    }
  }

  /** Whether the headers prove the hub sent {@code body} within the last few minutes. */
  public boolean verify(String id, String timestamp, String signatures, String body, Instant now) {
    if (id == null || id.isEmpty() || timestamp == null || signatures == null || body == null) {
      return false;
    }
    long at;
    try {
      at = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - at) > TOLERANCE_SECONDS) {
      return false;
    }
    byte[] expected = ("v1," + Base64.getEncoder().encodeToString(hmac(id + "." + timestamp + "." + body)))
        .getBytes(StandardCharsets.UTF_8);
    boolean ok = false;
    for (String given : signatures.trim().split(" +")) {
      // every candidate compared in full, constant time each
      ok |= MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
    }
    return ok;
  }

  private byte[] hmac(String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
