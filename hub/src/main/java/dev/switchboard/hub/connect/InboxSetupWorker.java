package dev.switchboard.hub.connect;

import dev.switchboard.connectors.spi.Connector;
import dev.switchboard.connectors.spi.ConnectorContext.NoSuchInboxException;
import dev.switchboard.hub.channel.Channels;
import dev.switchboard.hub.inbox.InboxService;
import dev.switchboard.hub.inbox.InboxService.SetupLease;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets inboxes up on the provider's side ({@link Connector#setUpInbox}: Telegram registers its
 * webhook) after each create or change. The request is written with the change, so a crash loses
 * none; a node leases it ({@code for update skip locked}: one node per attempt), asks the channel's
 * connector and records the outcome, which admins see as the inbox's {@code setup}. A failure is
 * retried with exponential backoff and given up after {@link #MAX_ATTEMPTS} (saving the inbox again
 * starts afresh).
 *
 * <p>A verticle, one per node: polls every few seconds, and at once on {@link InboxService#SETUP_KICK}.
 */
public final class InboxSetupWorker extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(InboxSetupWorker.class);

  static final int MAX_ATTEMPTS = 10;
  private static final int LEASE_SECONDS = 60;
  private static final int BATCH = 10;
  private static final long POLL_MILLIS = 2_000;

  private final InboxService inboxes;
  private final Channels channels;
  private long poller = -1;
  private MessageConsumer<Object> kicks;
  private boolean running;

  public InboxSetupWorker(InboxService inboxes, Channels channels) {
    this.inboxes = inboxes;
    this.channels = channels;
  }

  @Override
  public Future<?> start() {
    poller = vertx.setPeriodic(POLL_MILLIS, t -> kick());
    kicks = vertx.eventBus().localConsumer(InboxService.SETUP_KICK, m -> kick());
    return kicks.completion().onSuccess(v -> kick());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(poller);
    return kicks.unregister();
  }

  private void kick() {
    if (running) {
      return;
    }
    running = true;
    inboxes.leaseSetups(LEASE_SECONDS, BATCH)
        .compose(leases -> {
          List<Future<Void>> runs = new ArrayList<>();
          leases.forEach(lease -> runs.add(setUp(lease)));
          return Future.join(runs).map(leases.size());
        })
        .onComplete(done -> {
          running = false;
          if (done.failed()) {
            log.warn("inbox set-up: {}", done.cause().getMessage());
          } else if (done.result() == BATCH) {
            vertx.runOnContext(v -> kick());
          }
        });
  }

  private Future<Void> setUp(SetupLease lease) {
    return inboxes.enabledNow(lease.inboxId())
        .compose(inbox -> {
          Connector connector = channels.connector(inbox.channel());
          if (connector == null) {
            return Future.failedFuture(new IllegalStateException("no connector on this hub serves " + inbox.channel()));
          }
          // give up before the lease runs out, or another node would start a second attempt
          return connector.setUpInbox(inbox).timeout(LEASE_SECONDS - 10, TimeUnit.SECONDS);
        })
        .compose(done -> {
          if (done == null) {
            return inboxes.setupNotNeeded(lease);
          }
          log.info("inbox {} set up: {}", lease.inboxId(), done);
          return inboxes.setupAttempted(lease, "done", done, 0);
        }, e -> {
          if (e instanceof NoSuchInboxException) {
            // deleted or disabled since: enabling it asks again
            return inboxes.setupNotNeeded(lease);
          }
          String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
          if (lease.attempt() >= MAX_ATTEMPTS) {
            log.warn("inbox {} set-up failed for good after {} attempts: {}", lease.inboxId(), lease.attempt(), why);
            return inboxes.setupAttempted(lease, "failed", why + " Save the inbox again to retry.", 0);
          }
          long delay = Math.min(600, 1L << lease.attempt());
          log.info("inbox {} set-up attempt {} failed ({}); retrying in {} s", lease.inboxId(), lease.attempt(), why, delay);
          return inboxes.setupAttempted(lease, "pending", why + " Retrying in " + delay + " s.", delay);
        });
  }
}
