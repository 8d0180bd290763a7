package dev.switchboard.hub.conversation;

import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.ThreadRef;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Customers and their identities: look-up, linking proven identities, and merging two customers. */
public final class CustomerService {

  private final Pool pool;
  private final ConversationService conversations;
  private final ConversationEvents events;

  public CustomerService(Pool pool, ConversationService conversations, ConversationEvents events) {
    this.pool = pool;
    this.conversations = conversations;
    this.events = events;
  }

  /** The customer with identities and conversation id, or {@code null}. */
  public Future<JsonObject> get(long id) {
    return pool.preparedQuery("""
            select cu.id, cu.name, cu.email, cu.phone, cu.merged_into, cu.created_at, c.id as conversation_id
              from customer cu left join conversation c on c.customer_id = cu.id where cu.id = $1""")
        .execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(null);
          }
          Row r = rows.iterator().next();
          JsonObject customer = new JsonObject()
              .put("id", r.getLong("id"))
              .put("name", r.getString("name"))
              .put("email", r.getString("email"))
              .put("phone", r.getString("phone"))
              .put("merged_into", r.getLong("merged_into"))
              .put("conversation_id", r.getLong("conversation_id"))
              .put("created_at", r.getOffsetDateTime("created_at").toInstant().toString());
          return pool.preparedQuery("select kind, address from identity where customer_id = $1 order by id")
              .execute(Tuple.of(id))
              .map(ids -> {
                JsonArray list = new JsonArray();
                ids.forEach(i -> list.add(new JsonObject().put("kind", i.getString("kind"))
                    .put("address", i.getString("address"))));
                return customer.put("identities", list);
              });
        });
  }

  /** Merges {@code other} into {@code target}: one customer, one timeline; clients are told. */
  public Future<Long> merge(long target, long other) {
    return pool.withTransaction(tx -> tx.preparedQuery("select id from conversation where customer_id = $1")
            .execute(Tuple.of(other))
            .compose(old -> tx.preparedQuery("select sb_merge_customers($1, $2) as conversation_id")
                .execute(Tuple.of(target, other))
                .map(rows -> new long[] {
                    old.size() == 0 ? 0 : old.iterator().next().getLong("id"),
                    rows.iterator().next().getLong("conversation_id")})))
        .map(ids -> {
          announceMerge(ids[0], ids[1]);
          return ids[1];
        });
  }

  /**
   * Links identities a customer proved to the customer behind {@code current} (created if new);
   * a proven identity that belongs to someone else merges the two, the existing customer surviving.
   * Unproven details only fill blanks on the customer.
   */
  public Future<ThreadRef> identify(Identity current, List<Identity> verified, JsonObject details) {
    List<long[]> merges = new ArrayList<>();
    return pool.withTransaction(tx -> tx
            .preparedQuery("select sb_conversation_for($1, $2, null) as conversation_id")
            .execute(Tuple.of(current.kind(), current.address()))
            .compose(v -> customerOf(tx, current))
            .compose(customer -> link(tx, customer, verified, 0, merges))
            .compose(customer -> tx.preparedQuery("""
                    update customer set name = coalesce(name, $2), email = coalesce(email, $3),
                           phone = coalesce(phone, $4), updated_at = now() where id = $1""")
                .execute(Tuple.of(customer, details.getString("name"), details.getString("email"),
                    details.getString("phone")))
                .compose(v -> conversations.threadOfCustomer(tx, customer))))
        .onSuccess(thread -> merges.forEach(m -> announceMerge(m[0], m[1])));
  }

  private Future<Long> link(SqlConnection tx, long customer, List<Identity> verified, int i, List<long[]> merges) {
    if (i == verified.size()) {
      return Future.succeededFuture(customer);
    }
    Identity id = verified.get(i);
    return tx.preparedQuery("""
            insert into identity (customer_id, kind, address) values ($1, $2, $3)
            on conflict (kind, address) do update set kind = excluded.kind
            returning customer_id""")
        .execute(Tuple.of(customer, id.kind(), id.address()))
        .compose(rows -> {
          long owner = rows.iterator().next().getLong("customer_id");
          if (owner == customer) {
            return tx.preparedQuery("""
                    update customer set email = case when $2 = 'email' then coalesce(email, $3) else email end,
                           phone = case when $2 = 'phone' then coalesce(phone, $3) else phone end where id = $1""")
                .execute(Tuple.of(customer, id.kind(), id.address())).map(customer);
          }
          // the identity is someone's already: they are the same person; the existing customer stays
          return tx.preparedQuery("select id from conversation where customer_id = $1").execute(Tuple.of(customer))
              .compose(old -> tx.preparedQuery("select sb_merge_customers($1, $2) as conversation_id")
                  .execute(Tuple.of(owner, customer))
                  .map(rows2 -> {
                    merges.add(new long[] {old.iterator().next().getLong("id"),
                        rows2.iterator().next().getLong("conversation_id")});
                    return owner;
                  }));
        })
        .compose(next -> link(tx, next, verified, i + 1, merges));
  }

  private static Future<Long> customerOf(SqlConnection tx, Identity identity) {
    return tx.preparedQuery("select customer_id from identity where kind = $1 and address = $2")
        .execute(Tuple.of(identity.kind(), identity.address()))
        .map(rows -> rows.iterator().next().getLong("customer_id"));
  }

  private void announceMerge(long fromConversation, long into) {
    if (fromConversation != 0 && fromConversation != into) {
      events.conversationMoved(fromConversation, into);
    }
    conversations.get(into).onSuccess(c -> {
      if (c != null) {
        events.conversationUpdated(into, c.toJson(false));
      }
    });
  }
}
