package dev.switchboard.connectors.spi;

import java.util.List;
import java.util.Objects;

/**
 * One key of an inbox's {@code config}, as its channel reads it. The hub refuses a mistyped value
 * when an inbox is saved (instead of the channel breaking later), keeps secrets write-only, and
 * makes a change of an endpoint key repeat the inbox's secrets.
 *
 * @param name         the key ({@code account_sid}, {@code imap_port}, …)
 * @param type         what a value must look like
 * @param required     an inbox of this channel cannot be created (or keep existing) without it
 * @param secret       write-only: stored apart, never in a response (always true for {@link Type#SECRET})
 * @param defaultValue what the channel uses when the key is absent (JSON: string, number, boolean or
 *                     list), or {@code null}; documentation only, the hub never fills it in
 * @param endpoint     the key says where (or how safely) the channel connects; changing it must give every
 *                     stored secret again, so credentials never follow an endpoint to a server of someone's choosing
 * @param generated    the hub fills the key with a fresh random token when an inbox is created without it
 *                     (256 bits, base64url without padding: 43 characters of {@code A-Z a-z 0-9 _ -}), for
 *                     secrets the provider is told rather than tells (Telegram's webhook {@code secret_token})
 */
public record ConfigKey(String name, Type type, boolean required, boolean secret, Object defaultValue,
    boolean endpoint, boolean generated) {

  /** The value types the hub checks. */
  public enum Type {
    /** A non-empty string (at most 2,000 characters). */
    TEXT,
    /** A non-empty string that is write-only. */
    SECRET,
    /** {@code true} or {@code false}. */
    FLAG,
    /** A whole number 1-65535. */
    PORT,
    /** A positive whole number. */
    COUNT,
    /** A list of origins like {@code "https://shop.example.com"}, or {@code ["*"]}. */
    ORIGINS,
    /** An E.164 number like {@code "+14155550100"}. */
    PHONE,
    /** An http(s) URL. */
    URL,
    /** One of {@code ssl}, {@code starttls}, {@code none}. */
    SECURITY,
    /** An email address. */
    EMAIL
  }

  public ConfigKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    secret = secret || type == Type.SECRET;
    defaultValue = defaultValue instanceof List<?> l ? List.copyOf(l) : defaultValue;
  }

  /** A key the hub never generates. */
  public ConfigKey(String name, Type type, boolean required, boolean secret, Object defaultValue, boolean endpoint) {
    this(name, type, required, secret, defaultValue, endpoint, false);
  }

  /** An optional key of this type, no default. */
  public static ConfigKey of(String name, Type type) {
    return new ConfigKey(name, type, false, false, null, false);
  }

  /** An optional write-only key. */
  public static ConfigKey secret(String name) {
    return of(name, Type.SECRET);
  }

  /** The same key, required. */
  public ConfigKey asRequired() {
    return new ConfigKey(name, type, true, secret, defaultValue, endpoint, generated);
  }

  /** The same key, as an endpoint key. */
  public ConfigKey asEndpoint() {
    return new ConfigKey(name, type, required, secret, defaultValue, true, generated);
  }

  public ConfigKey withDefault(Object value) {
    return new ConfigKey(name, type, required, secret, value, endpoint, generated);
  }

  /** The same key, filled by the hub with a random token when an inbox is created without it. */
  public ConfigKey asGenerated() {
    return new ConfigKey(name, type, required, secret, defaultValue, endpoint, true);
  }
}
