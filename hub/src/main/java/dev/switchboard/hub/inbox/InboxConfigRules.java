package dev.switchboard.hub.inbox;

import dev.switchboard.connectors.spi.Identity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The types of the known inbox {@code config} keys (DESIGN.md's table). A mistyped value is refused
 * when it is saved, instead of breaking the channel later; keys not listed are kept as given.
 */
public final class InboxConfigRules {

  private enum Type { TEXT, SECRET, FLAG, PORT, COUNT, ORIGINS, PHONE, URL, SECURITY, EMAIL }

  private static final Map<String, Map<String, Type>> RULES = Map.of(
      "web", Map.of("allowed_origins", Type.ORIGINS, "identity_secret", Type.SECRET, "require_identity", Type.FLAG,
          "new_visitors_per_minute", Type.COUNT),
      "sms", Map.of("account_sid", Type.TEXT, "auth_token", Type.SECRET, "phone_number", Type.PHONE,
          "api_base_url", Type.URL),
      "email", Map.ofEntries(Map.entry("address", Type.EMAIL), Map.entry("imap_host", Type.TEXT),
          Map.entry("imap_port", Type.PORT), Map.entry("imap_security", Type.SECURITY),
          Map.entry("smtp_host", Type.TEXT), Map.entry("smtp_port", Type.PORT),
          Map.entry("smtp_security", Type.SECURITY), Map.entry("username", Type.TEXT),
          Map.entry("password", Type.SECRET), Map.entry("poll_interval_seconds", Type.COUNT),
          Map.entry("idle", Type.FLAG)));

  /**
   * Keys that say where a channel connects (and how safely). Changing one must come with the
   * secrets again: stored credentials never follow a changed endpoint to a server of someone's choosing.
   */
  private static final Set<String> ENDPOINT_KEYS = Set.of("api_base_url", "imap_host", "imap_port", "imap_security",
      "smtp_host", "smtp_port", "smtp_security");

  private InboxConfigRules() {}

  /**
   * The stored secrets a change must repeat: all of them when it moves an endpoint (a key of
   * {@link #ENDPOINT_KEYS} given with a new value), none otherwise.
   */
  public static List<String> secretsToRepeat(JsonObject stored, List<String> storedSecrets, JsonObject change) {
    boolean moves = change.fieldNames().stream().anyMatch(k -> ENDPOINT_KEYS.contains(k)
        && !java.util.Objects.equals(stored.getValue(k), change.getValue(k)));
    if (!moves) {
      return List.of();
    }
    return storedSecrets.stream().filter(k -> change.getValue(k) == null).sorted().toList();
  }

  /** What is wrong with {@code config} for this channel, in words; empty when it is fine. */
  public static List<String> problems(String channel, JsonObject config) {
    List<String> out = new ArrayList<>();
    Map<String, Type> rules = RULES.getOrDefault(channel, Map.of());
    config.forEach(e -> {
      Type type = rules.get(e.getKey());
      Object v = e.getValue();
      if (type != null && v != null && !fits(type, v)) {
        out.add(e.getKey() + " " + expectation(type));
      }
    });
    return out;
  }

  private static boolean fits(Type type, Object v) {
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

  private static String expectation(Type type) {
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
