package dev.switchboard.connectors.spi;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the hub, the inbox UI and the admin API know about one channel, all of it from its connector:
 * a new channel is a new module and nothing else. Served as JSON by {@code GET /api/v1/channels}.
 *
 * @param name          the channel's name ({@code web}, {@code sms}, {@code whatsapp}, …): lower case, at most 20
 *                      characters; inboxes, messages and replies name their channel with it
 * @param identityKinds the {@link Identity} kinds this channel's customers are known by; the first is the
 *                      address replies are sent to ({@link Identity#PHONE} for SMS, {@link Identity#EMAIL}, …)
 * @param capabilities  what the channel can do (reply window, typing, attachments, templates, reply path)
 * @param config        the inbox {@code config} keys the channel reads; keys not listed are kept as given
 */
public record ChannelDescriptor(String name, List<String> identityKinds, ChannelCapabilities capabilities,
    List<ConfigKey> config) {

  public ChannelDescriptor {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[a-z][a-z0-9_]{0,19}")) {
      throw new IllegalArgumentException("channel name must be lower case, at most 20 characters: " + name);
    }
    identityKinds = List.copyOf(identityKinds);
    if (identityKinds.isEmpty()) {
      throw new IllegalArgumentException(name + ": a channel names at least one identity kind");
    }
    Objects.requireNonNull(capabilities, "capabilities");
    config = List.copyOf(config);
    Set<String> seen = new HashSet<>();
    for (ConfigKey key : config) {
      if (!seen.add(key.name())) {
        throw new IllegalArgumentException(name + ": config key " + key.name() + " is listed twice");
      }
    }
  }

  /** The identity kind replies are addressed to. */
  public String identityKind() {
    return identityKinds.get(0);
  }

  /** The schema of one config key, or {@code null} when the channel does not list it. */
  public ConfigKey key(String keyName) {
    return config.stream().filter(k -> k.name().equals(keyName)).findFirst().orElse(null);
  }

  /** Whether a config key is a secret: write-only, never shown. */
  public boolean isSecret(String keyName) {
    ConfigKey key = key(keyName);
    return key != null && key.secret();
  }
}
