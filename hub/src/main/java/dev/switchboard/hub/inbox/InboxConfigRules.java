package dev.switchboard.hub.inbox;

import dev.switchboard.connectors.spi.ChannelDescriptor;
import dev.switchboard.connectors.spi.ConfigKey;
import dev.switchboard.connectors.spi.Identity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An inbox {@code config} checked against its channel's schema ({@link ChannelDescriptor#config()}).
 * A mistyped or missing value is refused when it is saved, instead of breaking the channel later;
 * keys the channel does not list are kept as given, except the hub's own bot-first keys
 * ({@link BotFirstConfig}), which every channel has.
 */
public final class InboxConfigRules {

  private static final SecureRandom RANDOM = new SecureRandom();

  private InboxConfigRules() {}

  /**
   * A new inbox's config with every key the channel marks generated and the admin left out filled
   * with a fresh random token (256 bits, base64url without padding), as {@link ConfigKey#generated()}
   * promises. The admin's own value, when given, is kept.
   */
  public static JsonObject withGenerated(ChannelDescriptor channel, JsonObject config) {
    JsonObject out = config.copy();
    channel.config().stream()
        .filter(k -> k.generated() && out.getValue(k.name()) == null)
        .forEach(k -> out.put(k.name(), token()));
    return out;
  }

  private static String token() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * The stored secrets a change must repeat: all of them when it moves an endpoint (one of the
   * channel's endpoint keys given with a new value), none otherwise. Stored credentials never
   * follow a changed endpoint to a server of someone's choosing.
   */
  public static List<String> secretsToRepeat(ChannelDescriptor channel, JsonObject stored, List<String> storedSecrets,
      JsonObject change) {
    boolean moves = change.fieldNames().stream().anyMatch(k -> isEndpoint(channel, k)
        && !Objects.equals(stored.getValue(k), change.getValue(k)));
    if (!moves) {
      return List.of();
    }
    return storedSecrets.stream().filter(k -> change.getValue(k) == null).sorted().toList();
  }

  /** What is wrong with a new inbox's {@code config}, in words; empty when it is fine. */
  public static List<String> problemsOfNew(ChannelDescriptor channel, JsonObject config) {
    List<String> out = new ArrayList<>();
    channel.config().stream()
        .filter(k -> k.required() && config.getValue(k.name()) == null)
        .forEach(k -> out.add(k.name() + " is required"));
    out.addAll(typeProblems(channel, config));
    out.addAll(BotFirstConfig.problems(config));
    return out;
  }

  /** What is wrong with a change to an inbox's {@code config}: a mistyped value, a required key removed. */
  public static List<String> problemsOfChange(ChannelDescriptor channel, JsonObject change) {
    List<String> out = new ArrayList<>();
    channel.config().stream()
        .filter(k -> k.required() && change.containsKey(k.name()) && change.getValue(k.name()) == null)
        .forEach(k -> out.add(k.name() + " is required and cannot be removed"));
    out.addAll(typeProblems(channel, change));
    out.addAll(BotFirstConfig.problems(change));
    return out;
  }

  private static boolean isEndpoint(ChannelDescriptor channel, String key) {
    ConfigKey k = channel.key(key);
    return k != null && k.endpoint();
  }

  private static List<String> typeProblems(ChannelDescriptor channel, JsonObject config) {
    List<String> out = new ArrayList<>();
    config.forEach(e -> {
      ConfigKey key = channel.key(e.getKey());
      Object v = e.getValue();
      if (key != null && v != null && !fits(key.type(), v)) {
        out.add(e.getKey() + " " + expectation(key.type()));
      }
    });
    return out;
  }

  private static boolean fits(ConfigKey.Type type, Object v) {
    return switch (type) {
      case TEXT, SECRET -> v instanceof String s && !s.isBlank() && s.length() <= 2000;
      case FLAG -> v instanceof Boolean;
      case PORT -> v instanceof Number n && n.intValue() == n.doubleValue() && n.intValue() > 0 && n.intValue() < 65536;
      case COUNT -> v instanceof Number n && n.intValue() == n.doubleValue() && n.intValue() > 0;
      case ORIGINS -> v instanceof JsonArray a && a.stream().allMatch(o -> o instanceof String s
          && (s.equals("*") || s.matches("https?://[^/\\s]+")));
      case PHONE -> v instanceof String s && Identity.e164(s) != null && Identity.e164(s).equals(s);
      case URL -> v instanceof String s && s.matches("https?://[^\\s]+");
      case SECURITY -> v instanceof String s && Set.of("ssl", "starttls", "none").contains(s);
      case EMAIL -> v instanceof String s && s.matches("[^@\\s]+@[^@\\s]+");
    };
  }

  private static String expectation(ConfigKey.Type type) {
    return switch (type) {
      case TEXT, SECRET -> "must be a non-empty string";
      case FLAG -> "must be true or false";
      case PORT -> "must be a port number (1-65535)";
      case COUNT -> "must be a positive whole number";
      case ORIGINS -> "must be a list of origins like \"https://shop.example.com\" (or [\"*\"])";
      case PHONE -> "must be an E.164 number like \"+14155550100\"";
      case URL -> "must be an http(s) URL";
      case SECURITY -> "must be one of ssl, starttls, none";
      case EMAIL -> "must be an email address";
    };
  }
}
