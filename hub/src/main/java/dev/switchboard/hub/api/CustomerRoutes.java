package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.conversation.CustomerService;
import dev.switchboard.hub.presence.PresenceService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** A customer with identities, and merging two customers. */
final class CustomerRoutes {

  private final CustomerService customers;
  private final PresenceService presence;

  CustomerRoutes(CustomerService customers, PresenceService presence) {
    this.customers = customers;
    this.presence = presence;
  }

  void get(RoutingContext ctx) {
    long id = Requests.pathId(ctx, "id");
    customers.get(id)
        .compose(c -> {
          if (c == null) {
            throw HubError.notFound("customer " + id);
          }
          return presence.onlineCustomers(List.of(id)).otherwise(java.util.Set.of())
              .map(online -> c.toJson().put("online", online.contains(id)));
        })
        .onSuccess(c -> Requests.json(ctx, 200, c))
        .onFailure(ctx::fail);
  }

  void merge(RoutingContext ctx) {
    long id = Requests.pathId(ctx, "id");
    JsonObject body = Requests.body(ctx);
    Object other = body.getValue("other_id");
    if (!(other instanceof Number n)) {
      throw HubError.invalid("other_id must be a customer id");
    }
    customers.merge(id, n.longValue())
        .compose(conversation -> customers.get(id))
        .onSuccess(c -> Requests.json(ctx, 200, c == null ? null : c.toJson()))
        .onFailure(ctx::fail);
  }
}
