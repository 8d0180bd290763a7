package dev.switchboard.hub.conversation;

import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.ThreadRef;
import dev.switchboard.hub.events.ConversationScope;
import dev.switchboard.hub.events.HubEvent.ConversationChanged;
import dev.switchboard.hub.events.HubEvent.CustomerMerged;
import dev.switchboard.hub.events.Publisher;
import dev.switchboard.hub.store.PgFailures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Customers and their identities: look-up, linking proven identities, and merging two customers. */
public final class CustomerService {

  /** The {@code details} key a connector offers a new visitor id under (see {@link #identify}). */
  public static final String FRESH_VISITOR = "fresh_visitor";

  /** Identity kinds that say who a person is, as opposed to which browser or channel they used. */
  private static final List<String> PROVEN_KINDS = List.of(Identity.WEB_USER, Identity.EMAIL, Identity.PHONE);

  private final Pool pool;
  private final ConversationService conversations;
  private final Publisher events;

  /** A merge done: {@code merged} is now part of {@code customer}; {@code from} was its conversation. */
  private record Merge(long customer, long merged, ConversationScope from, long into) {}

  public CustomerService(Pool pool, ConversationService conversations, Publisher events) {
    this.pool = pool;
    this.conversations = conversations;
    this.events = events;
  }

  /** The customer with identities and conversation id, or {@code null}. */
  public Future<Customer> get(long id) {
    return pool.preparedQuery(CustomerSql.BY_ID)
        .execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.<Customer>succeededFuture(null);
          }
          Row r = rows.iterator().next();
          return pool.preparedQuery(CustomerSql.IDENTITIES)
              .execute(Tuple.of(id))
              .map(ids -> {
                List<Identity> identities = new ArrayList<>();
                ids.forEach(i -> identities.add(new Identity(i.getString("kind"), i.getString("address"))));
                return new Customer(r.getLong("id"), r.getString("name"), r.getString("email"),
                    r.getString("phone"), r.getLong("merged_into"), r.getLong("conversation_id"),
                    r.getOffsetDateTime("created_at").toInstant(), List.copyOf(identities));
              });
        })
        .recover(PgFailures::recover);
  }

  /** Merges {@code other} into {@code target}: one customer, one timeline; clients are told. */
  public Future<Long> merge(long target, long other) {
    return pool.withTransaction(tx -> tx.preparedQuery(ConversationSql.SCOPE_OF_CUSTOMER)
            .execute(Tuple.of(other))
            .compose(old -> tx.preparedQuery(CustomerSql.MERGE)
                .execute(Tuple.of(target, other))
                .map(rows -> new Merge(target, other, scope(old),
                    rows.iterator().next().getLong("conversation_id")))))
        .map(merge -> {
          announce(merge);
          return merge.into();
        })
        .recover(PgFailures::recover);
  }

  /**
   * Links identities a visitor proved to the customer behind {@code current} (created if new).
   * Unproven details only fill blanks on the customer.
   * <p>
   * Two customers that each hold a proven identity (user id, email, phone) are never merged here,
   * only by an agent ({@link #merge}): a shared browser must not join alice's and bob's timelines.
   * So a proven identity that belongs to someone else merges only a customer that held none before
   * (an anonymous visitor signing in keeps the chat they had). A customer already proven as somebody
   * else is left alone instead: the visitor id offered in {@code details.fresh_visitor} is linked to
   * the proven customer (or a new one), and the returned thread is that customer's; without an
   * offered id nothing is linked.
   */
  public Future<ThreadRef> identify(Identity current, List<Identity> verified, JsonObject details) {
    // the same proof twice at once (a provider repeating a delivery, two tabs signing in): the loser
    // of the merge or the identity insert runs again and finds what the winner committed
    return identifyOnce(current, verified, details)
        .recover(e -> lostRace(e) ? identifyOnce(current, verified, details) : Future.failedFuture(e));
  }

  private static boolean lostRace(Throwable e) {
    return e instanceof io.vertx.pgclient.PgException pg
        && ("23505".equals(pg.getSqlState()) || "P0002".equals(pg.getSqlState()) || "40P01".equals(pg.getSqlState()));
  }

  private Future<ThreadRef> identifyOnce(Identity current, List<Identity> verified, JsonObject details) {
    String fresh = details.getString(FRESH_VISITOR);
    List<Merge> merges = new ArrayList<>();
    return pool.withTransaction(tx -> tx
            .preparedQuery(CustomerSql.ENSURE_CONVERSATION)
            .execute(Tuple.of(current.kind(), current.address()))
            .compose(v -> customerOf(tx, current))
            .compose(customer -> provenKinds(tx, customer).compose(held -> owners(tx, verified, 0, new ArrayList<>())
                .compose(owners -> {
                  if (held.isEmpty()) {
                    return link(tx, customer, verified, 0, true, merges);
                  }
                  Long target = owners.stream().filter(o -> o != null).findFirst().orElse(null);
                  if (!isSomeoneElse(customer, held, verified, owners) || Long.valueOf(customer).equals(target)) {
                    return link(tx, customer, verified, 0, false, merges);
                  }
                  if (fresh == null) {
                    return Future.succeededFuture(customer);
                  }
                  return switchTo(tx, new Identity(current.kind(), fresh), target)
                      .compose(next -> link(tx, next, verified, 0, target == null, merges));
                })))
            .compose(customer -> tx.preparedQuery(CustomerSql.FILL_DETAILS)
                .execute(Tuple.of(customer, details.getString("name"), details.getString("email"),
                    details.getString("phone")))
                .compose(v -> conversations.threadOfCustomer(tx, customer))))
        .onSuccess(thread -> merges.forEach(this::announce));
  }

  /**
   * A proven customer proving something else is another person when a proven identity belongs to
   * another customer, or is new but of a kind the customer already holds (bob's id after alice's).
   * A new kind (alice adds her phone) is the same person.
   */
  private static boolean isSomeoneElse(long customer, List<String> held, List<Identity> verified, List<Long> owners) {
    for (int i = 0; i < verified.size(); i++) {
      Long owner = owners.get(i);
      if (owner == null ? held.contains(verified.get(i).kind()) : owner != customer) {
        return true;
      }
    }
    return false;
  }

  /** The kinds of proven identity the customer holds. */
  private static Future<List<String>> provenKinds(SqlConnection tx, long customer) {
    return tx.preparedQuery(CustomerSql.HELD_KINDS)
        .execute(Tuple.of(customer).addArrayOfString(PROVEN_KINDS.toArray(new String[0])))
        .map(rows -> {
          List<String> kinds = new ArrayList<>();
          rows.forEach(r -> kinds.add(r.getString("kind")));
          return kinds;
        });
  }

  /** The customer owning each identity, {@code null} for one nobody holds yet. */
  private static Future<List<Long>> owners(SqlConnection tx, List<Identity> ids, int i, List<Long> out) {
    if (i == ids.size()) {
      return Future.succeededFuture(out);
    }
    return tx.preparedQuery(CustomerSql.OWNER)
        .execute(Tuple.of(ids.get(i).kind(), ids.get(i).address()))
        .compose(rows -> {
          out.add(rows.size() == 0 ? null : rows.iterator().next().getLong("customer_id"));
          return owners(tx, ids, i + 1, out);
        });
  }

  /** Gives the new visitor identity to {@code target}, or to a customer of its own when there is none. */
  private static Future<Long> switchTo(SqlConnection tx, Identity fresh, Long target) {
    if (target == null) {
      return tx.preparedQuery(CustomerSql.ENSURE_CONVERSATION_OF_FRESH)
          .execute(Tuple.of(fresh.kind(), fresh.address()))
          .compose(v -> customerOf(tx, fresh));
    }
    return tx.preparedQuery(CustomerSql.INSERT_IDENTITY)
        .execute(Tuple.of(target, fresh.kind(), fresh.address()))
        .map(target);
  }

  /**
   * Links each proven identity to {@code customer}. One owned by another customer merges the two
   * only while {@code mayMerge} (this customer held no proven identity before); after one such merge
   * the survivor is someone's proven customer, so later conflicts are left for an agent.
   */
  private Future<Long> link(SqlConnection tx, long customer, List<Identity> verified, int i, boolean mayMerge,
      List<Merge> merges) {
    if (i == verified.size()) {
      return Future.succeededFuture(customer);
    }
    Identity id = verified.get(i);
    boolean[] merged = {false};
    return tx.preparedQuery(CustomerSql.LINK_IDENTITY)
        .execute(Tuple.of(customer, id.kind(), id.address()))
        .compose(rows -> {
          long owner = rows.iterator().next().getLong("customer_id");
          if (owner == customer) {
            return tx.preparedQuery(CustomerSql.FILL_CONTACT)
                .execute(Tuple.of(customer, id.kind(), id.address())).map(customer);
          }
          if (!mayMerge) {
            // two proven people: only an agent may decide they are one
            return Future.succeededFuture(customer);
          }
          // an anonymous visitor proved to be this customer: their chat joins the customer's, who stays
          merged[0] = true;
          return tx.preparedQuery(ConversationSql.SCOPE_OF_CUSTOMER).execute(Tuple.of(customer))
              .compose(old -> tx.preparedQuery(CustomerSql.MERGE)
                  .execute(Tuple.of(owner, customer))
                  .map(rows2 -> {
                    merges.add(new Merge(owner, customer, scope(old),
                        rows2.iterator().next().getLong("conversation_id")));
                    return owner;
                  }));
        })
        .compose(next -> link(tx, next, verified, i + 1, mayMerge && !merged[0], merges));
  }

  private static Future<Long> customerOf(SqlConnection tx, Identity identity) {
    return tx.preparedQuery(CustomerSql.OWNER)
        .execute(Tuple.of(identity.kind(), identity.address()))
        .map(rows -> rows.iterator().next().getLong("customer_id"));
  }

  private static ConversationScope scope(RowSet<Row> conversation) {
    if (conversation.size() == 0) {
      return null;
    }
    Row r = conversation.iterator().next();
    return new ConversationScope(r.getLong("id"), r.getLong("last_inbound_inbox"), r.getLong("assignee_id"));
  }

  /** After the commit: the merge, then the surviving conversation's new state. */
  private void announce(Merge m) {
    conversations.get(m.into()).onSuccess(c -> {
      if (c != null) {
        events.publish(new CustomerMerged(m.customer(), m.merged(), m.from(), c.scope()));
        events.publish(new ConversationChanged(c.scope(), c));
      }
    });
  }
}
