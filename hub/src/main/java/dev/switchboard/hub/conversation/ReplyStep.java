package dev.switchboard.hub.conversation;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * Work another feature does inside a reply's transaction, once the message is appended (an accepted
 * draft marks itself sent): when its future fails, the reply is rolled back and nothing is sent.
 */
@FunctionalInterface
public interface ReplyStep {

  Future<Void> run(SqlConnection tx, Message message);
}
