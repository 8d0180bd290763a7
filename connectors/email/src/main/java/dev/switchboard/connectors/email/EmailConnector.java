package dev.switchboard.connectors.email;

import dev.switchboard.connectors.spi.ChannelCapabilities;
import dev.switchboard.connectors.spi.ChannelDescriptor;
import dev.switchboard.connectors.spi.ConfigKey;
import dev.switchboard.connectors.spi.Connector;
import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.DeliveryReceipt;
import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.InboxConfig;
import dev.switchboard.connectors.spi.OutboundMessage;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The email channel: a {@link MailboxPoller} per enabled email inbox with an IMAP host (IMAP in),
 * and {@link SmtpSender} for replies (SMTP out). The inbox list is re-read every 5 s, so an inbox
 * added, changed or disabled through the admin API starts, restarts or stops without a restart.
 * Jakarta Mail never runs on an event loop: pollers have their own threads, sends go through
 * {@code executeBlocking}.
 */
public final class EmailConnector implements Connector {

  static final String CHANNEL = "email";
  private static final Logger log = LoggerFactory.getLogger(EmailConnector.class);
  private static final long REFRESH_MILLIS = 5_000;

  private final long refreshMillis;
  private final Map<String, MailboxPoller> pollers = new ConcurrentHashMap<>();
  /** The last bad configuration logged per inbox, so a broken inbox is reported once, not every 5 s. */
  private final Map<String, String> reportedInvalid = new ConcurrentHashMap<>();
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile boolean stopped;
  private ConnectorContext hub;
  private ThreadMemory threads;
  private ScheduledExecutorService timers;
  private String refreshDeployment;

  public EmailConnector() {
    this(REFRESH_MILLIS);
  }

  EmailConnector(long refreshMillis) {
    this.refreshMillis = refreshMillis;
  }

  /** Every key that says where or how safely the mailbox connects is an endpoint key. */
  static final ChannelDescriptor EMAIL = new ChannelDescriptor(CHANNEL, List.of(Identity.EMAIL),
      ChannelCapabilities.outbox().withOutboundAttachments(),
      List.of(
          ConfigKey.of("address", ConfigKey.Type.EMAIL),
          ConfigKey.of("imap_host", ConfigKey.Type.TEXT).asEndpoint(),
          ConfigKey.of("imap_port", ConfigKey.Type.PORT).asEndpoint(),
          ConfigKey.of("imap_security", ConfigKey.Type.SECURITY).asEndpoint().withDefault("ssl"),
          ConfigKey.of("smtp_host", ConfigKey.Type.TEXT).asEndpoint(),
          ConfigKey.of("smtp_port", ConfigKey.Type.PORT).asEndpoint(),
          ConfigKey.of("smtp_security", ConfigKey.Type.SECURITY).asEndpoint().withDefault("starttls"),
          ConfigKey.of("username", ConfigKey.Type.TEXT),
          ConfigKey.secret("password"),
          ConfigKey.of("poll_interval_seconds", ConfigKey.Type.COUNT).withDefault(30),
          ConfigKey.of("idle", ConfigKey.Type.FLAG).withDefault(true)));

  @Override
  public List<ChannelDescriptor> channels() {
    return List.of(EMAIL);
  }

  @Override
  public Future<Void> start(ConnectorContext context) {
    hub = context;
    threads = new ThreadMemory(context);
    timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "email-idle-watchdog");
      t.setDaemon(true);
      return t;
    });
    return context.vertx().deployVerticle(new MailboxRefresh(refreshMillis, this::refresh))
        .map(id -> {
          refreshDeployment = id;
          return null;
        });
  }

  @Override
  public Future<DeliveryReceipt> deliver(OutboundMessage message) {
    return hub.inbox(message.inboxId())
        .compose(inbox -> {
          MailboxSettings settings;
          try {
            settings = MailboxSettings.of(inbox);
          } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
          }
          if (settings.smtpHost() == null || settings.smtpHost().isBlank()) {
            return Future.failedFuture(new IllegalStateException("email inbox " + inbox.id() + " has no smtp_host"));
          }
          List<String> ids = MimeParser.allIds(message.threadKey());
          String answered = ids.isEmpty() ? message.threadKey() : ids.get(ids.size() - 1);
          return threads.recall(answered)
              .compose(thread -> hub.vertx().executeBlocking(() -> SmtpSender.send(settings, message, thread), false)
                  .compose(receipt -> rememberSent(receipt, thread, answered, settings)));
        });
  }

  /** Keeps the subject and references of what we sent, so the customer's answer threads on. */
  private Future<DeliveryReceipt> rememberSent(DeliveryReceipt receipt, ThreadMemory.Entry thread, String answered,
      MailboxSettings settings) {
    if (!"sent".equals(receipt.status())) {
      return Future.succeededFuture(receipt);
    }
    List<String> references = new java.util.ArrayList<>(thread.references());
    if (answered != null) {
      references.add(answered);
    }
    references.add(receipt.providerId());
    String subject = thread.subject() != null ? thread.subject() : "Your conversation with "
        + (settings.inboxName() == null ? settings.address() : settings.inboxName());
    return threads.remember(receipt.providerId(), subject, references)
        .map(receipt)
        .otherwise(receipt);
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    Future<Void> refreshStopped = refreshDeployment == null ? Future.succeededFuture()
        : hub.vertx().undeploy(refreshDeployment);
    return refreshStopped.eventually(() -> {
      List<MailboxPoller> all = List.copyOf(pollers.values());
      pollers.clear();
      all.forEach(MailboxPoller::signalStop);
      return hub.vertx().<Void>executeBlocking(() -> {
        all.forEach(MailboxPoller::stop);
        timers.shutdownNow();
        return null;
      }, false);
    });
  }

  /** Starts, restarts and stops pollers to match the enabled email inboxes. */
  private Future<Void> refresh() {
    if (stopped || !refreshing.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return hub.inboxes(CHANNEL)
        .compose(inboxes -> hub.vertx().<Void>executeBlocking(() -> {
          reconcile(inboxes);
          return null;
        }, false))
        .recover(e -> {
          log.warn("email: could not read the email inboxes: {}", e.toString());
          return Future.succeededFuture();
        })
        .eventually(() -> {
          refreshing.set(false);
          return Future.succeededFuture();
        });
  }

  private void reconcile(List<InboxConfig> inboxes) {
    Map<String, MailboxSettings> wanted = new HashMap<>();
    for (InboxConfig inbox : inboxes) {
      try {
        MailboxSettings settings = MailboxSettings.of(inbox);
        reportedInvalid.remove(inbox.id());
        if (settings.receives()) {
          wanted.put(inbox.id(), settings);
        }
      } catch (IllegalArgumentException e) {
        String config = String.valueOf(inbox.config());
        if (!config.equals(reportedInvalid.put(inbox.id(), config))) {
          log.warn("email inbox {} is not polled: {}", inbox.id(), e.getMessage());
        }
      }
    }
    for (Map.Entry<String, MailboxPoller> running : Map.copyOf(pollers).entrySet()) {
      MailboxSettings settings = wanted.get(running.getKey());
      if (settings == null || !settings.equals(running.getValue().settings())) {
        pollers.remove(running.getKey());
        running.getValue().stop();
      }
    }
    for (MailboxSettings settings : wanted.values()) {
      if (stopped) {
        return;
      }
      pollers.computeIfAbsent(settings.inboxId(), id -> {
        MailboxPoller poller = new MailboxPoller(settings, hub, threads, timers);
        poller.start();
        return poller;
      });
    }
  }
}
