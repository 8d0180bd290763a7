package dev.switchboard.connectors.chat;

import dev.switchboard.connectors.spi.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a site's {@code user_hash} proves about a visitor. The site signs (HMAC-SHA256, hex, keyed
 * with the inbox's {@code identity_secret}) either
 * <ul>
 *   <li>one value: the {@code id}, else the {@code email}, else the {@code phone}, exactly as passed
 *       — then only that one identity is proven; or</li>
 *   <li>{@code id|email|phone} (empty for a missing one; email lower-cased, phone in E.164) — then
 *       all of them are.</li>
 * </ul>
 * Anything not covered by the signature is never trusted: a signed-in visitor who adds someone
 * else's email must not land in that person's conversation.
 */
final class IdentityProof {

  private IdentityProof() {}

  /** The proven identities, or {@code null} when the hash matches neither form. */
  static List<Identity> proven(String inboxId, String secret, String id, String email, String phone, String hash) {
    String emailNorm = email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    String phoneNorm = Identity.e164(phone);
    String primary = id != null ? id : email != null ? email : phone;
    if (secret == null || primary == null || hash == null) {
      return null;
    }
    String given = hash.toLowerCase(Locale.ROOT);
    String all = nullToEmpty(id) + "|" + nullToEmpty(emailNorm) + "|" + nullToEmpty(phoneNorm);
    // both compared every time: how long this takes says nothing about which form matched
    boolean coversAll = Hmac.equal(Hmac.sha256Hex(secret, all), given);
    boolean coversPrimary = Hmac.equal(Hmac.sha256Hex(secret, primary), given);
    List<Identity> proven = new ArrayList<>();
    if (coversAll) {
      add(proven, inboxId, id, emailNorm, phoneNorm);
    } else if (coversPrimary) {
      if (id != null) {
        add(proven, inboxId, id, null, null);
      } else if (email != null) {
        add(proven, inboxId, null, emailNorm, null);
      } else {
        add(proven, inboxId, null, null, phoneNorm);
      }
    } else {
      return null;
    }
    return proven;
  }

  private static void add(List<Identity> out, String inboxId, String id, String email, String phone) {
    if (id != null) {
      // user ids are the site's own: the same "42" on two sites is two people
      out.add(new Identity(Identity.WEB_USER, inboxId + ":" + id));
    }
    if (email != null) {
      out.add(Identity.email(email));
    }
    if (phone != null) {
      out.add(new Identity(Identity.PHONE, phone));
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
