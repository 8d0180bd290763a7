package dev.switchboard.hub.api;

import dev.switchboard.connectors.spi.ChannelCapabilities;
import dev.switchboard.connectors.spi.ChannelDescriptor;
import dev.switchboard.connectors.spi.ConfigKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/** A {@link ChannelDescriptor} as {@code GET /api/v1/channels} shows it: snake_case, lower-case enums. */
final class ChannelJson {

  private ChannelJson() {}

  static JsonObject of(ChannelDescriptor d) {
    JsonArray config = new JsonArray();
    d.config().forEach(k -> config.add(key(k)));
    return new JsonObject()
        .put("name", d.name())
        .put("identity_kind", d.identityKind())
        .put("identity_kinds", new JsonArray(d.identityKinds()))
        .put("capabilities", capabilities(d.capabilities()))
        .put("config", config);
  }

  private static JsonObject capabilities(ChannelCapabilities c) {
    return new JsonObject()
        .put("reply_window_seconds", c.replyWindow() == null ? null : c.replyWindow().toSeconds())
        .put("agent_reply_window_seconds", c.agentReplyWindow() == null ? null : c.agentReplyWindow().toSeconds())
        .put("typing", c.typing())
        .put("outbound_attachments", c.outboundAttachments())
        .put("templates", c.templates())
        .put("replies", lower(c.replies()));
  }

  private static JsonObject key(ConfigKey k) {
    Object dflt = k.defaultValue() instanceof List<?> l ? new JsonArray(List.copyOf(l)) : k.defaultValue();
    return new JsonObject()
        .put("key", k.name())
        .put("type", lower(k.type()))
        .put("required", k.required())
        .put("secret", k.secret())
        .put("default", dflt)
        .put("endpoint", k.endpoint())
        .put("generated", k.generated());
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
