package dev.switchboard.hub.delivery;

import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.hub.conversation.ConversationService;
import dev.switchboard.hub.events.HubEvent.MessageStatusChanged;
import dev.switchboard.hub.events.Publisher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies providers' delivery receipts to messages. Status only moves forward (queued → sent →
 * delivered → read; failed is final), because providers' callbacks arrive in any order.
 */
public final class Receipts {

  /** A callback can beat the send's own receipt (which stores the provider id): look again a few times. */
  private static final long[] RETRY_MILLIS = {500, 2_000, 5_000};

  private final Vertx vertx;
  private final Pool pool;
  private final ConversationService conversations;
  private final Publisher events;

  public Receipts(Vertx vertx, Pool pool, ConversationService conversations, Publisher events) {
    this.vertx = vertx;
    this.pool = pool;
    this.conversations = conversations;
    this.events = events;
  }

  public Future<Void> apply(DeliveryReceipt r) {
    return apply(r, 0);
  }

  private Future<Void> apply(DeliveryReceipt r, int attempt) {
    String status = "undelivered".equals(r.status()) ? "failed" : r.status();
    return pool.preparedQuery(DeliverySql.APPLY)
        .execute(Tuple.of(r.messageId(), r.providerId(), status, r.error()))
        .compose(rows -> {
          if (rows.size() == 0 && r.messageId() == 0 && attempt < RETRY_MILLIS.length) {
            vertx.setTimer(RETRY_MILLIS[attempt], t -> apply(r, attempt + 1));
            return Future.<Void>succeededFuture();
          }
          // announced before this completes, so a node stopping after its last sends still tells agents
          List<Future<Void>> announced = new ArrayList<>();
          for (Row row : rows) {
            if (!row.getString("status").equals(row.getString("old_status"))) {
              announced.add(announce(row.getLong("id"), row.getLong("conversation_id")));
            }
          }
          return Future.join(announced).<Void>mapEmpty().otherwiseEmpty();
        });
  }

  /** After the commit: the message as it is now, and who may see its conversation. */
  private Future<Void> announce(long messageId, long conversationId) {
    return Future.all(conversations.message(messageId), conversations.scope(conversationId)).map(both -> {
      if (both.resultAt(0) != null && both.resultAt(1) != null) {
        events.publish(new MessageStatusChanged(both.resultAt(1), both.resultAt(0)));
      }
      return null;
    });
  }
}
