package dev.switchboard.hub.api;

import dev.switchboard.hub.channel.Channels;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/v1/channels}: every served channel's descriptor, for the inbox UI and admin tools. */
final class ChannelRoutes {

  private final JsonObject listing;

  ChannelRoutes(Channels channels) {
    // descriptors never change while the hub runs: render them once
    JsonArray all = new JsonArray();
    channels.descriptors().forEach(d -> all.add(ChannelJson.of(d)));
    this.listing = new JsonObject().put("channels", all);
  }

  /** Any signed-in agent: the inbox needs labels and reply paths, and nothing here is secret. */
  void list(RoutingContext ctx) {
    Requests.json(ctx, 200, listing);
  }
}
