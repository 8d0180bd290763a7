package dev.switchboard.hub.bots;

import dev.switchboard.hub.HubError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the bot outbox ({@code bot_delivery}) as signed webhooks, at least once, on any node: due
 * rows are leased with {@code for update skip locked} (two nodes never take the same row; one whose
 * node died comes due when its lease runs out). Each POST has {@link #TIMEOUT_SECONDS} s; a non-2xx
 * answer or no answer is tried again after 5 s, 30 s, 2 min, 10 min, 1 h, 6 h, 12 h (each ±20 %),
 * and after the 8th try the row is {@code dead}. A 410 answer disables the bot (its endpoint says it
 * is gone). The URL is checked against private networks again before every send, and the request
 * goes to the address that was checked ({@link WebhookTarget}). At most {@link #MAX_IN_FLIGHT} sends
 * are under way per node, each freeing its slot when it ends, and at most {@link #PER_BOT} of them for
 * one bot. A failure also pauses the bot's whole endpoint for a while (see {@code BotSql.FAILED}),
 * so a dead endpoint is tried now and then, not once per event, and the other bots' events go on.
 */
public final class BotDeliveryWorker extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(BotDeliveryWorker.class);

  /** Local event-bus address: something was queued, send now rather than at the next poll. */
  public static final String KICK = "sb.bots.kick";

  static final int TIMEOUT_SECONDS = 5;
  /** Seconds before the next try after the n-th failed one (n = 1..7); the 8th failure is final. */
  static final long[] BACKOFF_SECONDS = {5, 30, 120, 600, 3600, 21600, 43200};
  private static final int LEASE_SECONDS = 60;
  private static final int BATCH = 50;
  private static final int MAX_IN_FLIGHT = 64;
  /** One bot's share of the node's sends: a slow endpoint cannot take every slot. */
  static final int PER_BOT = 16;
  private static final long POLL_MILLIS = 1_000;
  private static final int MAX_ERROR = 500;

  private final Pool pool;
  private final Bots bots;
  private final WebhookTarget targets;
  private HttpClient http;
  private long poller = -1;
  private MessageConsumer<Object> kicks;
  /** Sends under way: the next lease takes only what fits, so one endpoint that never answers holds a slot for 5 s, not a whole batch. */
  private int inFlight;
  private final Map<Long, Integer> inFlightPerBot = new HashMap<>();
  private boolean leasing;
  private boolean again;

  public BotDeliveryWorker(Pool pool, Bots bots, WebhookTarget targets) {
    this.pool = pool;
    this.bots = bots;
    this.targets = targets;
  }

  @Override
  public Future<?> start() {
    // a connection per send under way: the default of a few per host would queue sends to one bot
    // behind each other, their 5 s running out in the queue
    http = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout(TIMEOUT_SECONDS * 1000)
        .setIdleTimeout(TIMEOUT_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setForceSni(true), new PoolOptions().setHttp1MaxSize(PER_BOT));
    poller = vertx.setPeriodic(POLL_MILLIS, t -> kick());
    kicks = vertx.eventBus().localConsumer(KICK, m -> kick());
    return kicks.completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(poller);
    return kicks.unregister().eventually(() -> http.close());
  }

  private void kick() {
    if (leasing || inFlight >= MAX_IN_FLIGHT) {
      again = true;
      return;
    }
    leasing = true;
    again = false;
    int room = Math.min(BATCH, MAX_IN_FLIGHT - inFlight);
    Long[] bots = inFlightPerBot.keySet().toArray(Long[]::new);
    Integer[] sending = Arrays.stream(bots).map(inFlightPerBot::get).toArray(Integer[]::new);
    pool.preparedQuery(BotSql.LEASE).execute(Tuple.of((double) LEASE_SECONDS, room, PER_BOT, bots, sending))
        .onComplete(done -> {
          leasing = false;
          if (done.failed()) {
            log.warn("bot deliveries: {}", done.cause().toString());
            return;
          }
          for (Row r : done.result()) {
            long botId = r.getLong("bot_id");
            inFlight++;
            inFlightPerBot.merge(botId, 1, Integer::sum);
            send(r).onComplete(v -> {
              inFlight--;
              inFlightPerBot.computeIfPresent(botId, (id, n) -> n <= 1 ? null : n - 1);
              if (again) {
                kick();
              }
            });
          }
          if (done.result().size() == room || again) {
            vertx.runOnContext(v -> kick());
          }
        });
  }

  private Future<Void> send(Row r) {
    long id = r.getLong("id");
    long botId = r.getLong("bot_id");
    int attempt = r.getInteger("attempts");
    int max = r.getInteger("max_attempts");
    String body = r.getString("body");
    String webhookId = "msg_" + id;
    long started = System.nanoTime();
    return targets.check(r.getString("webhook_url"), r.getBoolean("allow_private_network"))
        .compose(target -> {
          String secret = bots.secret(r.getBuffer("webhook_secret"));
          long timestamp = Instant.now().getEpochSecond();
          return post(target, webhookId, timestamp, WebhookSignature.sign(secret, webhookId, timestamp, body), body);
        })
        .compose(status -> {
          int ms = millisSince(started);
          if (status >= 200 && status < 300) {
            return pool.preparedQuery(BotSql.DELIVERED).execute(Tuple.of(id, status, ms, botId)).<Void>mapEmpty();
          }
          if (status == 410) {
            log.info("bot {} answered 410 Gone: disabled", botId);
            return pool.withTransaction(tx -> tx.preparedQuery(BotSql.FAILED)
                    // no pause ($7 null): the bot is switched off instead
                    .execute(Tuple.of(id, status, ms, "410 Gone: the bot was disabled", 0.0, true, null))
                    .compose(v -> tx.preparedQuery(BotSql.DISABLE)
                        .execute(Tuple.of(botId, "its webhook answered 410 Gone")))).mapEmpty();
          }
          return failed(id, botId, attempt, max, status, ms, "the webhook answered " + status);
        }, e -> failed(id, botId, attempt, max, null, millisSince(started), reason(e)))
        .recover(e -> {
          log.warn("bot delivery {} not recorded: {}", id, e.toString());
          return Future.succeededFuture();
        });
  }

  private Future<Integer> post(WebhookTarget.Resolved target, String webhookId, long timestamp, String signature,
      String body) {
    URI uri = target.uri();
    boolean tls = "https".equalsIgnoreCase(uri.getScheme());
    String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        // connect to the address that was checked, while Host and SNI still name the URL's host
        .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
        .setHost(uri.getHost())
        .setPort(target.port())
        .setSsl(tls)
        .setURI(path)
        .setFollowRedirects(false)
        .putHeader("content-type", "application/json")
        .putHeader("user-agent", "Switchboard-Webhooks/1")
        .putHeader("webhook-id", webhookId)
        .putHeader("webhook-timestamp", String.valueOf(timestamp))
        .putHeader("webhook-signature", signature);
    Promise<Integer> answered = Promise.promise();
    http.request(options)
        .compose(req -> req.send(Buffer.buffer(body))
            // the body is not read: a bot's answer is its status; end() discards what it sends
            .compose(resp -> resp.end().map(resp.statusCode()))
            .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .onFailure(e -> req.reset()))
        .onComplete(answered);
    return answered.future();
  }

  private Future<Void> failed(long id, long botId, int attempt, int max, Integer status, int ms, String error) {
    boolean dead = attempt >= max;
    double delay = dead ? 0 : jittered(BACKOFF_SECONDS[Math.min(attempt, BACKOFF_SECONDS.length) - 1]);
    if (dead) {
      log.info("bot {} delivery {} dead after {} tries: {}", botId, id, attempt, error);
    }
    String shortError = error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
    return pool.preparedQuery(BotSql.FAILED).execute(Tuple.of(id, status, ms, shortError, delay, dead, botId))
        .mapEmpty();
  }

  /** ±20 %, so bots that failed together are not all tried again in the same second. */
  static double jittered(long seconds) {
    return seconds * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble());
  }

  private static String reason(Throwable e) {
    if (e instanceof HubError h) {
      return h.getMessage();
    }
    if (e instanceof java.util.concurrent.TimeoutException || e.getClass().getSimpleName().contains("Timeout")) {
      return "no answer within " + TIMEOUT_SECONDS + " s";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static int millisSince(long startedNanos) {
    return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - startedNanos) / 1_000_000);
  }
}
