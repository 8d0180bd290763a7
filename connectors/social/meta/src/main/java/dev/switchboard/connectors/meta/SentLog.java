package dev.switchboard.connectors.meta;

import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The Messenger and Instagram messages the hub sent to one customer that are not read yet, kept in the
 * connector's durable state: a read event names only a watermark ("everything sent before this time is
 * read"), so the {@code mid}s it covers are looked up here. Bounded to the last {@link #KEEP}.
 */
final class SentLog {

  private static final int KEEP = 50;
  private final ConnectorContext hub;

  SentLog(ConnectorContext hub) {
    this.hub = hub;
  }

  private static String key(MetaInbox inbox, String customer) {
    return "meta.sent." + inbox.id() + "." + customer;
  }

  Future<Void> sent(MetaInbox inbox, String customer, String mid, long at) {
    return hub.loadState(key(inbox, customer)).compose(state -> {
      JsonArray list = state.getJsonArray("sent", new JsonArray());
      list.add(new JsonObject().put("mid", mid).put("at", at));
      while (list.size() > KEEP) {
        list.remove(0);
      }
      return hub.saveState(key(inbox, customer), state.put("sent", list));
    });
  }

  /**
   * Receipts of {@code status} for every logged message sent at or before {@code watermark} (millis),
   * or at or before the logged message {@code mid} when given; read ones leave the log.
   */
  Future<Void> upTo(MetaInbox inbox, String customer, Long watermark, String mid, String status) {
    return hub.loadState(key(inbox, customer)).compose(state -> {
      JsonArray list = state.getJsonArray("sent", new JsonArray());
      long limit = watermark != null ? watermark : Long.MIN_VALUE;
      if (mid != null) {
        for (Object o : list) {
          if (o instanceof JsonObject e && mid.equals(e.getString("mid"))) {
            limit = Math.max(limit, e.getLong("at", 0L));
          }
        }
      }
      List<Future<Void>> receipts = new ArrayList<>();
      JsonArray keep = new JsonArray();
      for (Object o : list) {
        if (o instanceof JsonObject e && e.getLong("at", 0L) <= limit) {
          receipts.add(hub.receipt(new DeliveryReceipt(0, e.getString("mid"), status, null)));
          if (!"read".equals(status)) {
            keep.add(e);
          }
        } else {
          keep.add(o);
        }
      }
      if (receipts.isEmpty()) {
        return Future.succeededFuture();
      }
      return Future.all(receipts).compose(v -> hub.saveState(key(inbox, customer), state.put("sent", keep)));
    });
  }
}
