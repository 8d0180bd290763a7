package dev.switchboard.hub.conversation;

/**
 * All SQL of customers and identities, in one place. Creating a customer on first contact and
 * merging two are the functions {@code sb_conversation_for} and {@code sb_merge_customers}
 * (db/migration/R__functions.sql).
 */
final class CustomerSql {

  private CustomerSql() {}

  static final String BY_ID = """
      select cu.id, cu.name, cu.email, cu.phone, cu.merged_into, cu.created_at, c.id as conversation_id
        from customer cu left join conversation c on c.customer_id = cu.id where cu.id = $1""";

  static final String IDENTITIES = "select kind, address from identity where customer_id = $1 order by id";

  static final String MERGE = "select sb_merge_customers($1, $2) as conversation_id";

  /** Creates the customer and conversation behind an identity when new. */
  static final String ENSURE_CONVERSATION = "select sb_conversation_for($1, $2, null) as conversation_id";

  /** The same, for a visitor id switched to (its result is not read). */
  static final String ENSURE_CONVERSATION_OF_FRESH = "select sb_conversation_for($1, $2, null)";

  /** Unproven details only fill blanks. */
  static final String FILL_DETAILS = """
      update customer set name = coalesce(name, $2), email = coalesce(email, $3),
             phone = coalesce(phone, $4), updated_at = now() where id = $1""";

  static final String HELD_KINDS = "select distinct kind from identity where customer_id = $1 and kind = any($2)";

  static final String OWNER = "select customer_id from identity where kind = $1 and address = $2";

  static final String INSERT_IDENTITY = "insert into identity (customer_id, kind, address) values ($1, $2, $3)";

  /** Returns the identity's owner: {@code $1} when it was new or already theirs, else the other customer. */
  static final String LINK_IDENTITY = """
      insert into identity (customer_id, kind, address) values ($1, $2, $3)
      on conflict (kind, address) do update set kind = excluded.kind
      returning customer_id""";

  /** A proven email or phone fills the customer's column when empty. */
  static final String FILL_CONTACT = """
      update customer set email = case when $2 = 'email' then coalesce(email, $3) else email end,
             phone = case when $2 = 'phone' then coalesce(phone, $3) else phone end where id = $1""";
}
