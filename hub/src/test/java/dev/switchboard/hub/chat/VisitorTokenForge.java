package dev.switchboard.hub.chat;

import dev.switchboard.hub.HubConfig;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs visitor tokens the way a hub would, with the deployment's own key read from its database:
 * the only way a test can hold a correctly signed token that is too old or of the retired version.
 */
final class VisitorTokenForge {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final byte[] key;

  private VisitorTokenForge(byte[] key) {
    this.key = key;
  }

  static VisitorTokenForge of(HubConfig config) throws Exception {
    try (var c = DriverManager.getConnection("jdbc:postgresql://localhost:5432/" + config.databaseName(), "postgres", null);
         var rs = c.createStatement().executeQuery("select secret from hub_secret")) {
      rs.next();
      return new VisitorTokenForge(hmac(rs.getBytes(1), "widget-visitor-token"));
    }
  }

  String v1(long inbox, String visitor) {
    return sign("v1." + inbox + "." + visitor);
  }

  String v2(long inbox, String visitor, long issuedEpochSeconds) {
    return sign("v2." + inbox + "." + visitor + "." + issuedEpochSeconds);
  }

  private String sign(String payload) {
    return payload + "." + B64.encodeToString(hmac(key, payload));
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
