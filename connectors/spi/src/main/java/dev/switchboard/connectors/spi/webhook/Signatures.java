package dev.switchboard.connectors.spi.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pieces of a provider's webhook signature (Meta's {@code X-Hub-Signature-256}: hex HMAC-SHA256
 * of the raw body; Telegram's secret token: a shared string), compared in constant time so a forger
 * learns nothing from how long a refusal took.
 */
public final class Signatures {

  private Signatures() {}

  /** HMAC-SHA256 of {@code data} keyed with {@code key}. */
  public static byte[] hmacSha256(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Lower-case hex, as most providers print their signatures. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** Whether two secrets or signatures are equal, in time independent of where they differ; {@code null} never matches. */
  public static boolean equal(String expected, String given) {
    if (expected == null || given == null) {
      return false;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
