package dev.switchboard.hub;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code user_hash} a site computes for {@code Switchboard.identify}: hex HMAC-SHA256, keyed
 * with the inbox's {@code identity_secret}, of one {@code kind:value} line per vouched field in the
 * order id, email, phone, joined by {@code \n} (README, "Migration for sites").
 */
public final class UserHash {

  private UserHash() {}

  /** The hash vouching for the given fields; {@code null} ones are left out. */
  public static String of(String secret, String id, String email, String phone) {
    List<String> lines = new ArrayList<>();
    if (id != null) {
      lines.add("id:" + id);
    }
    if (email != null) {
      lines.add("email:" + email.trim().toLowerCase(Locale.ROOT));
    }
    if (phone != null) {
      lines.add("phone:" + phone);
    }
    return hmac(secret, String.join("\n", lines));
  }

  public static String ofId(String secret, String id) {
    return of(secret, id, null, null);
  }

  public static String ofEmail(String secret, String email) {
    return of(secret, null, email, null);
  }

  /** Hex HMAC-SHA256 of any text: for the old forms an attacker might still hold. */
  public static String hmac(String secret, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      StringBuilder hex = new StringBuilder();
      for (byte b : mac.doFinal(text.getBytes(StandardCharsets.UTF_8))) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
