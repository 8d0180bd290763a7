package dev.switchboard.hub.intake;

/** All SQL of intake, in one place: messages set aside. */
final class IntakeSql {

  private IntakeSql() {}

  /** A second time for the same provider id only updates the reason. */
  static final String SET_ASIDE = """
      insert into set_aside (inbox_id, channel, provider_id, sender_kind, sender_address, reason, payload)
      values ($1, $2, $3, $4, $5, $6, $7)
      on conflict (channel, md5(provider_id)) where provider_id is not null
      do update set reason = excluded.reason""";

  static final String NEWEST = """
      select id, inbox_id, channel, provider_id, sender_kind, sender_address, reason, payload, created_at
        from set_aside where id < $1 order by id desc limit $2""";
}
