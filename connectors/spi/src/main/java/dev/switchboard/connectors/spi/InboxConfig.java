package dev.switchboard.connectors.spi;

import io.vertx.core.json.JsonObject;

/** An inbox as a connector needs it: its channel configuration, secrets included (never show them). */
public record InboxConfig(String id, String name, String channel, JsonObject config) {}
