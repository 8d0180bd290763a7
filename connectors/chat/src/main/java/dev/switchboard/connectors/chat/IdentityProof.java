package dev.switchboard.connectors.chat;

import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.webhook.Signatures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * What a site's {@code user_hash} proves about a visitor. The site signs (hex HMAC-SHA256, keyed
 * with the inbox's {@code identity_secret}) one {@code kind:value} line per field it vouches for,
 * in the order id, email, phone, joined by {@code \n}: {@code id:42} or
 * {@code id:42\nemail:ana@example.com} (email trimmed and lower-cased, phone in E.164).
 * <p>
 * The kind is signed with the value, so a hash the site made for the user id
 * {@code victim@example.com} never proves that email; and no separator inside a value can shift
 * one field into another, because values with a newline are refused before we get here.
 * Anything not covered by the signature is never trusted: a signed-in visitor who adds someone
 * else's email must not land in that person's conversation.
 */
final class IdentityProof {

  private static final int ID = 0;
  private static final int EMAIL = 1;
  private static final int PHONE = 2;

  private IdentityProof() {}

  /** A value with a line break could forge a second line of the signed text. */
  static boolean signable(String value) {
    return value == null || (value.indexOf('\n') < 0 && value.indexOf('\r') < 0);
  }

  /**
   * The identities the hash proves: exactly the subset of the given fields it was computed over,
   * or {@code null} when it matches none. Which subset is found by trying every non-empty one;
   * every candidate is compared in constant time and none ends the loop early, so the time taken
   * says nothing about which one matched.
   */
  static List<Identity> proven(String inboxId, String secret, String id, String email, String phone, String hash) {
    if (secret == null || secret.isEmpty() || hash == null) {
      return null;
    }
    String emailNorm = email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    String phoneNorm = Identity.e164(phone);
    String[] lines = {
        id == null ? null : "id:" + id,
        emailNorm == null ? null : "email:" + emailNorm,
        phoneNorm == null ? null : "phone:" + phoneNorm};
    String given = hash.toLowerCase(Locale.ROOT);
    int matched = 0;
    for (int subset = 1; subset < 8; subset++) {
      String text = text(lines, subset);
      if (text != null) {
        boolean equal = Signatures.equal(Signatures.hex(Signatures.hmacSha256(
            secret.getBytes(StandardCharsets.UTF_8), text.getBytes(StandardCharsets.UTF_8))), given);
        matched = equal ? subset : matched;
      }
    }
    if (matched == 0) {
      return null;
    }
    List<Identity> proven = new ArrayList<>();
    if (has(matched, ID)) {
      // user ids are the site's own: the same "42" on two sites is two people
      proven.add(new Identity(Identity.WEB_USER, inboxId + ":" + id));
    }
    if (has(matched, EMAIL)) {
      proven.add(Identity.email(emailNorm));
    }
    if (has(matched, PHONE)) {
      proven.add(new Identity(Identity.PHONE, phoneNorm));
    }
    return proven;
  }

  /** The signed text for one subset of the fields, or {@code null} when a field of it was not given. */
  private static String text(String[] lines, int subset) {
    StringJoiner text = new StringJoiner("\n");
    for (int field = ID; field <= PHONE; field++) {
      if (has(subset, field)) {
        if (lines[field] == null) {
          return null;
        }
        text.add(lines[field]);
      }
    }
    return text.toString();
  }

  private static boolean has(int subset, int field) {
    return (subset & (1 << field)) != 0;
  }
}
