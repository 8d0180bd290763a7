package dev.switchboard.hub.bots;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature: {@code v1,} + base64 of HMAC-SHA256 over
 * {@code "{webhook-id}.{webhook-timestamp}.{body}"}, keyed with the bytes the secret's base64 part
 * (after {@code whsec_}) decodes to.
 */
public final class WebhookSignature {

  public static final String PREFIX = "whsec_";
  private static final SecureRandom random = new SecureRandom();

  private WebhookSignature() {}

  /** A new secret: {@code whsec_} + base64 of 32 random bytes. */
  public static String newSecret() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** The {@code webhook-signature} header value for one delivery. */
  public static String sign(String secret, String id, long timestamp, String body) {
    String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256"));
      byte[] sig = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
