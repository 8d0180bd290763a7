package dev.switchboard.hub.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;

/** The node-independent secret behind every hub signature (visitor tokens): made once, kept in PostgreSQL. */
public final class HubSecret {

  private HubSecret() {}

  public static Future<byte[]> load(Pool pool) {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    return pool.preparedQuery(StoreSql.CREATE_SECRET)
        .execute(Tuple.of(Buffer.buffer(fresh)))
        .compose(v -> pool.query(StoreSql.SECRET).execute())
        .map(rows -> rows.iterator().next().getBuffer("secret").getBytes());
  }
}
