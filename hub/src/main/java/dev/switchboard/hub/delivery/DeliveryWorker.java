package dev.switchboard.hub.delivery;

import dev.switchboard.connectors.spi.Attachment;
import dev.switchboard.connectors.spi.Connector;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.OutboundMessage;
import dev.switchboard.connectors.spi.Template;
import dev.switchboard.hub.channel.Channels;
import dev.switchboard.hub.conversation.ConversationService;
import dev.switchboard.hub.ops.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox: hands committed replies to their channel's connector, at least once. A node leases
 * due rows ({@code for update skip locked}, so two nodes never take the same row), and a row whose
 * node died mid-send comes due again when its lease runs out. Transient failures are retried with
 * exponential backoff; after {@link #MAX_ATTEMPTS} the message says it failed.
 *
 * <p>A verticle, one per node: its timers and the kick consumer run on its own context, so a
 * batch never overlaps another, and undeploying it stops them.
 */
public final class DeliveryWorker extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

  static final int MAX_ATTEMPTS = 8;
  private static final int LEASE_SECONDS = 60;
  private static final int BATCH = 20;
  /** How long a stopping node waits for its sends on their way; the lease covers any slower one. */
  private static final int DRAIN_SECONDS = 20;
  private static final long POLL_MILLIS = 1_000;
  /** The depth gauges cost a query; every few seconds is fresh enough for a scrape. */
  private static final long MEASURE_MILLIS = 5_000;

  private final Pool pool;
  /** The connector of each channel, and which identity a channel's replies are addressed to. */
  private final Channels channels;
  private final Receipts receipts;
  private final Metrics metrics;
  private long poller = -1;
  private long measurer = -1;
  private MessageConsumer<Object> kicks;
  private boolean running;
  private boolean stopping;
  /** The batch being sent, done when every send in it is recorded (or given up on). */
  private Future<Void> inFlight = Future.succeededFuture();

  public DeliveryWorker(Pool pool, Channels channels, Receipts receipts, Metrics metrics) {
    this.pool = pool;
    this.channels = channels;
    this.receipts = receipts;
    this.metrics = metrics;
  }

  /** Polls every second; a kick (sent after a reply is committed) sends at once. */
  @Override
  public Future<?> start() {
    poller = vertx.setPeriodic(POLL_MILLIS, t -> kick());
    measurer = vertx.setPeriodic(1, MEASURE_MILLIS, t -> measure());
    kicks = vertx.eventBus().localConsumer(ConversationService.DELIVERY_KICK, m -> kick());
    return kicks.completion();
  }

  /**
   * Takes nothing new and waits for the batch on its way: a provider may already have those
   * messages, and a send not recorded now would be sent again once its lease ran out.
   */
  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(poller);
    vertx.cancelTimer(measurer);
    return kicks.unregister().eventually(() -> inFlight.timeout(DRAIN_SECONDS, TimeUnit.SECONDS).otherwiseEmpty());
  }

  /** Sends what is due now; called every second and right after a reply is committed. */
  private void kick() {
    if (running || stopping) {
      return;
    }
    running = true;
    Promise<Void> batch = Promise.promise();
    inFlight = batch.future();
    pool.preparedQuery(DeliverySql.LEASE).execute(Tuple.of((double) LEASE_SECONDS, BATCH))
        .compose(rows -> {
          List<Future<Void>> sends = new ArrayList<>();
          for (Row r : rows) {
            sends.add(deliver(r.getLong("id"), r.getLong("message_id"), r.getString("channel"), r.getInteger("attempts")));
          }
          return Future.join(sends).map(rows.size());
        })
        .onComplete(done -> {
          running = false;
          batch.complete();
          if (done.failed()) {
            log.warn("outbox: {}", done.cause().getMessage());
          } else if (done.result() == BATCH) {
            vertx.runOnContext(v -> kick());
          }
        });
  }

  private void measure() {
    pool.query(DeliverySql.DEPTH).execute()
        .onSuccess(rows -> {
          Row r = rows.iterator().next();
          metrics.outbox(r.getLong("depth"), r.getLong("oldest"));
        })
        .onFailure(e -> log.debug("outbox depth not measured: {}", e.toString()));
  }

  private Future<Void> deliver(long outboxId, long messageId, String channel, int attempt) {
    return outbound(messageId, channel)
        .compose(out -> {
          Connector connector = channels.connector(out.channel());
          if (connector == null) {
            return Future.succeededFuture(DeliveryReceipt.failed(messageId, null,
                "This hub has no " + out.channel() + " channel."));
          }
          if (out.to() == null) {
            return Future.succeededFuture(DeliveryReceipt.failed(messageId, null,
                "The customer has no " + out.channel() + " address to send to."));
          }
          // give up before the lease runs out, or another node would send it a second time
          return connector.deliver(out).timeout(LEASE_SECONDS - 10, TimeUnit.SECONDS);
        })
        .compose(receipt -> finish(outboxId, receipt))
        .recover(e -> retryLater(outboxId, messageId, attempt, e));
  }

  private Future<Void> finish(long outboxId, DeliveryReceipt receipt) {
    return pool.preparedQuery(DeliverySql.DONE)
        .execute(Tuple.of(outboxId, receipt.error()))
        .compose(v -> receipts.apply(receipt));
  }

  private Future<Void> retryLater(long outboxId, long messageId, int attempt, Throwable e) {
    String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (attempt >= MAX_ATTEMPTS) {
      log.warn("outbox: message {} failed for good after {} attempts: {}", messageId, attempt, error);
      return finish(outboxId, DeliveryReceipt.failed(messageId, null,
          "Could not be delivered after " + attempt + " attempts (" + error + ")."));
    }
    long delaySeconds = Math.min(600, 1L << attempt);
    log.info("outbox: message {} attempt {} failed ({}); retrying in {} s", messageId, attempt, error, delaySeconds);
    return pool.preparedQuery(DeliverySql.RETRY_LATER)
        .execute(Tuple.of(outboxId, (double) delaySeconds, error)).mapEmpty();
  }

  /** A template reply's stored {@code {name, language, parameters}}, or {@code null}. */
  private static Template template(Object stored) {
    if (!(stored instanceof JsonObject t) || t.getString("name") == null || t.getString("language") == null) {
      return null;
    }
    List<String> parameters = new ArrayList<>();
    t.getJsonArray("parameters", new JsonArray()).forEach(p -> parameters.add(String.valueOf(p)));
    return new Template(t.getString("name"), t.getString("language"), parameters);
  }

  /** The files of a reply, for the connector to send (read only for replies that list some). */
  private Future<List<Attachment>> files(long messageId, boolean any) {
    if (!any) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(DeliverySql.FILES).execute(Tuple.of(messageId)).map(rows -> {
      List<Attachment> out = new ArrayList<>(rows.size());
      rows.forEach(r -> out.add(new Attachment(r.getString("filename"), r.getString("content_type"),
          r.getBuffer("content"))));
      return out;
    });
  }

  private Future<OutboundMessage> outbound(long messageId, String channel) {
    String kind = channels.addressKind(channel);
    return pool.preparedQuery(DeliverySql.OUTBOUND).execute(Tuple.of(messageId, kind))
        .compose(rows -> {
          Row r = rows.iterator().next();
          Object listed = r.getValue("attachments");
          return files(messageId, listed instanceof JsonArray a && !a.isEmpty()).map(files -> outbound(r, files, kind,
              channel));
        });
  }

  private static OutboundMessage outbound(Row r, List<Attachment> files, String kind, String channel) {
    String address = r.getString("address");
    Long inbox = r.getLong("inbox_id");
    java.time.OffsetDateTime lastIn = r.getOffsetDateTime("last_inbound_at");
    return new OutboundMessage(r.getLong("id"), r.getLong("conversation_id"),
        inbox == null ? null : String.valueOf(inbox), channel,
        address == null ? null : new Identity(kind, address), r.getString("author_name"),
        r.getString("body"), files, r.getString("thread_key"), r.getString("author_type"),
        lastIn == null ? null : lastIn.toInstant(), template(r.getValue("template")),
        r.getString("reply_to_provider_id"));
  }

}
