package dev.switchboard.hub.delivery;

import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.hub.conversation.ConversationService;
import dev.switchboard.hub.realtime.Realtime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Applies providers' delivery receipts to messages. Status only moves forward (queued → sent →
 * delivered → read; failed is final), because providers' callbacks arrive in any order.
 */
public final class Receipts {

  private static final String APPLY = """
      update message set
        status = $3,
        error = $4,
        provider_id = coalesce(provider_id, $2)
      where (($1 > 0 and id = $1) or ($1 = 0 and provider_id = $2))
        and direction = 'out'
        and coalesce(status, '') not in ('failed')
        and (case $3 when 'queued' then 0 when 'sent' then 1 when 'delivered' then 2 when 'read' then 3 else 4 end)
          > (case coalesce(status, '') when 'queued' then 0 when 'sent' then 1 when 'delivered' then 2
               when 'read' then 3 else -1 end)
      returning id, conversation_id, status, error""";

  private final Pool pool;
  private final ConversationService conversations;
  private final Realtime realtime;

  public Receipts(Pool pool, ConversationService conversations, Realtime realtime) {
    this.pool = pool;
    this.conversations = conversations;
    this.realtime = realtime;
  }

  public Future<Void> apply(DeliveryReceipt r) {
    String status = "undelivered".equals(r.status()) ? "failed" : r.status();
    return pool.preparedQuery(APPLY)
        .execute(Tuple.of(r.messageId(), r.providerId(), status, r.error()))
        .compose(rows -> {
          for (Row row : rows) {
            conversations.message(row.getLong("id")).onSuccess(m -> realtime.publish(m.conversationId(),
                new JsonObject().put("type", "message.updated").put("conversation_id", m.conversationId())
                    .put("message", m.toAgentJson()), null));
          }
          return Future.<Void>succeededFuture();
        });
  }
}
