package dev.switchboard.connectors.email;

import dev.switchboard.connectors.spi.Accepted;
import dev.switchboard.connectors.spi.ConnectorContext;
import dev.switchboard.connectors.spi.InboundMessage;
import dev.switchboard.connectors.spi.InboundRejectedException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.StoreClosedException;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.ReceivedDateTerm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one inbox's mail into the hub, on a thread of its own (IMAP IDLE blocks, and Jakarta Mail
 * must never run on an event loop). It connects, reads every message past the last UID it
 * committed, hands each to the hub and waits for the commit, then marks it {@code \Seen} and
 * stores the UID; then it waits in IDLE (re-issued every {@code idle_seconds}) or, on servers
 * without IDLE, sleeps {@code poll_interval_seconds}. A crash between commit and the stored UID
 * re-reads one mail, which the hub's Message-ID dedup absorbs. A changed UIDVALIDITY restarts from
 * the first message, dedup again keeping it single. Connection errors reconnect with backoff; a
 * mail that cannot be read is left unread with one log line. One mail never blocks the ones behind
 * it: automated mail ({@link AutomatedMail}), mail the hub refuses for good and mail the hub failed
 * on {@link #MAX_TRIES} times are set aside with the hub ({@code ConnectorContext.setAside}) and
 * marked read; only while the hub cannot record even that does the poller wait and retry. Nothing
 * ends the loop but {@link #stop}.
 */
final class MailboxPoller {

  private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);

  /** How long a mailbox thread waits for the hub (state, commit) before treating it as down. */
  static final Duration HUB_TIMEOUT = Duration.ofSeconds(30);
  private static final long MIN_BACKOFF_MILLIS = 1_000;
  private static final long MAX_BACKOFF_MILLIS = 60_000;
  private static final int BATCH = 100;
  /** Tries of one mail the hub fails on (for other reasons than being down) before it is set aside. */
  static final int MAX_TRIES = 3;

  private final MailboxSettings settings;
  private final ConnectorContext hub;
  private final ThreadMemory threads;
  private final ScheduledExecutorService timers;
  private final MimeParser parser;
  private final Object sleeper = new Object();
  private final Thread thread;
  /** Failed hand-overs per UID; only the mailbox thread touches it. */
  private final Map<Long, int[]> failures = new HashMap<>();

  private volatile boolean running = true;
  private volatile IMAPStore store;
  private volatile IMAPFolder folder;
  private Session session;

  MailboxPoller(MailboxSettings settings, ConnectorContext hub, ThreadMemory threads, ScheduledExecutorService timers) {
    this.settings = settings;
    this.hub = hub;
    this.threads = threads;
    this.timers = timers;
    this.parser = new MimeParser(settings.maxAttachmentBytes(), settings.maxMessageAttachmentBytes());
    this.thread = new Thread(this::run, "email-inbox-" + settings.inboxId());
    this.thread.setDaemon(true);
  }

  MailboxSettings settings() {
    return settings;
  }

  void start() {
    thread.start();
  }

  /** Asks the thread to end: wakes it from a sleep, ends an IDLE. Does not block for long. */
  void signalStop() {
    running = false;
    synchronized (sleeper) {
      sleeper.notifyAll();
    }
    timers.execute(this::abortIdle);
  }

  /** Stops the thread and waits (blocking, up to ~10 s) until it has closed its connection. */
  void stop() {
    signalStop();
    try {
      thread.join(5_000);
      if (thread.isAlive()) {
        // stuck on a dead socket: closing it from here ends the read
        closeQuietly();
        thread.interrupt();
        thread.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // --- the loop ---

  private void run() {
    long backoff = MIN_BACKOFF_MILLIS;
    while (running) {
      try {
        connect();
        backoff = MIN_BACKOFF_MILLIS;
        while (running) {
          sync();
          waitForMail();
        }
      } catch (Exception e) {
        if (running) {
          log.warn("email inbox {} ({}): {}; reconnecting in {} s",
              settings.inboxId(), settings.address(), describe(e), backoff / 1000);
        }
      } finally {
        closeQuietly();
      }
      sleep(backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
    }
    log.info("email inbox {} ({}): stopped", settings.inboxId(), settings.address());
  }

  private void connect() throws MessagingException {
    MailSecurity security = settings.imapSecurity();
    int readTimeout = Math.max(MailSecurity.TIMEOUT_MILLIS, (settings.idleSeconds() + 30) * 1000);
    Properties props = security.properties("imap", settings.imapHost(), settings.imapPort(), readTimeout);
    // Reading a mail must not mark it \Seen: that happens only after the hub committed it.
    props.setProperty("mail." + security.protocol("imap") + ".peek", "true");
    session = Session.getInstance(props);
    IMAPStore s = (IMAPStore) session.getStore(security.protocol("imap"));
    store = s;
    s.connect(settings.imapHost(), settings.imapPort(), settings.username(), settings.password());
    IMAPFolder f = (IMAPFolder) s.getFolder(settings.folder());
    try {
      f.open(Folder.READ_WRITE);
    } catch (MessagingException e) {
      f.open(Folder.READ_ONLY);
    }
    folder = f;
    log.info("email inbox {} ({}): connected to {}:{}, {} {}", settings.inboxId(), settings.address(),
        settings.imapHost(), settings.imapPort(), settings.folder(), idles() ? "with IDLE" : "polling");
  }

  private boolean idles() {
    try {
      return settings.idle() && store != null && store.hasCapability("IDLE");
    } catch (MessagingException e) {
      return false;
    }
  }

  private void waitForMail() throws MessagingException {
    if (!running) {
      return;
    }
    if (!idles()) {
      sleep(settings.pollIntervalSeconds() * 1000L);
      return;
    }
    // The watchdog ends the IDLE after idle_seconds so the connection is checked and NATs stay open.
    ScheduledFuture<?> watchdog = timers.schedule(this::abortIdle, settings.idleSeconds(), TimeUnit.SECONDS);
    try {
      folder.idle(true);
    } finally {
      watchdog.cancel(false);
    }
  }

  /** Ends a running IDLE: any command from another thread makes Jakarta Mail send DONE first. */
  private void abortIdle() {
    IMAPFolder f = folder;
    if (f == null || !f.isOpen()) {
      return;
    }
    try {
      f.doCommand(protocol -> {
        protocol.simpleCommand("NOOP", null);
        return null;
      });
    } catch (MessagingException | RuntimeException e) {
      // the IDLE thread sees the same broken connection and reconnects
    }
  }

  // --- reading mail ---

  private void sync() throws MessagingException {
    IMAPFolder f = folder;
    long uidValidity = f.getUIDValidity();
    JsonObject state = await(hub.loadState(settings.stateKey()));
    long lastUid;
    if (state == null || state.isEmpty() || state.getLong("uid_validity") == null) {
      lastUid = initialPosition(f);
      saveState(uidValidity, lastUid);
      log.info("email inbox {} ({}): first sync, reading mail after UID {}", settings.inboxId(), settings.address(), lastUid);
    } else if (state.getLong("uid_validity") != uidValidity) {
      log.warn("email inbox {} ({}): UIDVALIDITY changed ({} -> {}); reading the mailbox again, Message-IDs keep it free of doubles",
          settings.inboxId(), settings.address(), state.getLong("uid_validity"), uidValidity);
      lastUid = 0;
      saveState(uidValidity, lastUid);
    } else {
      lastUid = state.getLong("last_uid", 0L);
    }
    while (running) {
      List<Message> batch = newerThan(f, lastUid);
      for (Message message : batch) {
        if (!running) {
          return;
        }
        long uid = f.getUID(message);
        take(message, uid);
        lastUid = uid;
        saveState(uidValidity, lastUid);
      }
      if (batch.size() < BATCH) {
        return;
      }
    }
  }

  /** The next (up to {@link #BATCH}) messages with a UID above {@code lastUid}, oldest first. */
  private static List<Message> newerThan(IMAPFolder f, long lastUid) throws MessagingException {
    Message[] found = f.getMessagesByUID(lastUid + 1, UIDFolder.MAXUID);
    FetchProfile uids = new FetchProfile();
    uids.add(UIDFolder.FetchProfileItem.UID);
    f.fetch(found, uids);
    List<Message> newer = new ArrayList<>();
    for (Message m : found) {
      // "n:*" always matches the last message, even when its UID is below n
      if (m != null && f.getUID(m) > lastUid) {
        newer.add(m);
      }
    }
    newer.sort(Comparator.comparingLong(m -> uidOf(f, m)));
    List<Message> batch = newer.size() > BATCH ? newer.subList(0, BATCH) : newer;
    FetchProfile sizes = new FetchProfile();
    sizes.add(FetchProfile.Item.SIZE);
    f.fetch(batch.toArray(Message[]::new), sizes);
    return batch;
  }

  private static long uidOf(IMAPFolder f, Message m) {
    try {
      return f.getUID(m);
    } catch (MessagingException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Where a new inbox starts: mail of the last {@code initial_backfill_days} days, so connecting a
   * mailbox with years of history does not pour all of it into the hub.
   */
  private long initialPosition(IMAPFolder f) throws MessagingException {
    int count = f.getMessageCount();
    if (count == 0) {
      return 0;
    }
    long newest = f.getUID(f.getMessage(count));
    if (settings.initialBackfillDays() == 0) {
      return newest;
    }
    Date since = new Date(System.currentTimeMillis() - settings.initialBackfillDays() * 86_400_000L);
    try {
      Message[] recent = f.search(new ReceivedDateTerm(ComparisonTerm.GE, since));
      long first = Long.MAX_VALUE;
      for (Message m : recent) {
        first = Math.min(first, f.getUID(m));
      }
      return first == Long.MAX_VALUE ? newest : first - 1;
    } catch (MessagingException e) {
      if (isConnectionLoss(e)) {
        throw e;
      }
      return 0;
    }
  }

  /**
   * Reads one message, hands it to the hub, marks it read. What cannot be read stays unread in the
   * mailbox; automated mail and mail the hub cannot take are set aside with the hub (admins see it),
   * then marked read. Throws (so the UID is not advanced) only while the hub can be retried.
   */
  private void take(Message message, long uid) throws MessagingException {
    ParsedMail mail;
    try {
      mail = read(message);
    } catch (MimeParser.UnreadableMailException e) {
      log.warn("email inbox {} ({}): set aside UID {} (Message-ID {}): {}; it stays unread in the mailbox",
          settings.inboxId(), settings.address(), uid, headerOrNone(message, "Message-ID"), e.getMessage());
      return;
    }
    if (mail.fromAddress().equalsIgnoreCase(settings.address())) {
      // our own mail (a copy, a CC to ourselves): storing it as a customer message would start a loop
      log.info("email inbox {} ({}): UID {} ({}) skipped: sent by this inbox's own address",
          settings.inboxId(), settings.address(), uid, mail.messageId());
      return;
    }
    InboundMessage inbound = mail.toInbound(settings.inboxId());
    if (mail.automated() != null) {
      // an answer to it could be answered again by a machine, and it would reopen the conversation
      setAside(inbound, mail.automated(), uid);
      markSeen(message, uid);
      return;
    }
    try {
      await(threads.remember(mail.messageId(), mail.subject(), append(mail.references(), mail.messageId())));
    } catch (RuntimeException e) {
      log.debug("email inbox {}: could not remember the thread of {}: {}", settings.inboxId(), mail.messageId(), e.toString());
    }
    Accepted accepted;
    try {
      accepted = await(hub.receive(inbound));
    } catch (HubUnavailableException e) {
      if (e.getCause() instanceof InboundRejectedException rejected) {
        // final: the hub has set it aside already
        log.warn("email inbox {} ({}): UID {} ({}) refused by the hub and set aside: {}", settings.inboxId(),
            settings.address(), uid, shortened(mail.messageId()), rejected.getMessage());
        markSeen(message, uid);
        return;
      }
      if (++failures.computeIfAbsent(uid, u -> new int[1])[0] < MAX_TRIES) {
        // Not committed: the UID is not advanced, so this mail is read again after the backoff.
        throw new HubUnavailableException("the hub did not take UID " + uid + " (" + shortened(mail.messageId()) + "): "
            + describe(e), e);
      }
      // The same mail failed every time: put it aside so the mail behind it gets in.
      setAside(inbound, "not stored after " + MAX_TRIES + " tries: " + describe(e), uid);
      markSeen(message, uid);
      return;
    }
    failures.remove(uid);
    if (!mail.notes().isEmpty()) {
      log.info("email inbox {} ({}): UID {} ({}) stored with notes: {}", settings.inboxId(), settings.address(),
          uid, mail.messageId(), String.join(" ", mail.notes()));
    }
    log.debug("email inbox {}: UID {} {} -> message {}{}", settings.inboxId(), uid, mail.messageId(),
        accepted.messageId(), accepted.duplicate() ? " (duplicate)" : "");
    markSeen(message, uid);
  }

  /** Sets {@code inbound} aside with the hub; throws (the UID stays where it is) when the hub cannot record it. */
  private void setAside(InboundMessage inbound, String reason, long uid) {
    try {
      await(hub.setAside(inbound, reason));
    } catch (HubUnavailableException e) {
      throw new HubUnavailableException("the hub did not set aside UID " + uid + " (" + shortened(inbound.providerId()) + "): "
          + describe(e), e);
    }
    failures.remove(uid);
    log.info("email inbox {} ({}): UID {} ({}) from {} set aside: {}", settings.inboxId(), settings.address(), uid,
        shortened(inbound.providerId()), inbound.from().address(), reason);
  }

  private void markSeen(Message message, long uid) throws MessagingException {
    try {
      if (folder.getMode() == Folder.READ_WRITE) {
        message.setFlag(Flags.Flag.SEEN, true);
      }
    } catch (MessagingException e) {
      if (isConnectionLoss(e)) {
        throw e;
      }
      log.debug("email inbox {}: could not flag UID {} as seen: {}", settings.inboxId(), uid, e.toString());
    }
  }

  private ParsedMail read(Message message) throws MessagingException, MimeParser.UnreadableMailException {
    int size = message.getSize();
    long rawLimit = settings.maxMessageAttachmentBytes() * 4 / 3 + 5 * MailboxSettings.MB;
    if (size < 0 || size > rawLimit) {
      // Too big to hold whole: parse part by part on the server, skipping the big attachments unread.
      return parser.parse((MimeMessage) message, null);
    }
    byte[] raw;
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(size, 1024));
      message.writeTo(out);
      raw = out.toByteArray();
    } catch (IOException | MessagingException e) {
      if (e instanceof MessagingException me && isConnectionLoss(me)) {
        throw me;
      }
      // The server cannot hand out the raw mail; try its own view of the structure.
      return parser.parse((MimeMessage) message, null);
    }
    MimeMessage parsed;
    try {
      parsed = new MimeMessage(session, new ByteArrayInputStream(raw));
    } catch (MessagingException | RuntimeException e) {
      return parser.bestEffort(raw, e);
    }
    return parser.parse(parsed, raw);
  }

  // --- state and helpers ---

  private void saveState(long uidValidity, long lastUid) {
    await(hub.saveState(settings.stateKey(), new JsonObject().put("uid_validity", uidValidity).put("last_uid", lastUid)));
  }

  /** Waits on the mailbox thread (never an event loop) for a hub future. */
  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(HUB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HubUnavailableException("interrupted", e);
    } catch (ExecutionException e) {
      throw new HubUnavailableException(String.valueOf(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw new HubUnavailableException("no answer in " + HUB_TIMEOUT.toSeconds() + " s", e);
    }
  }

  /** The hub could not be reached or did not commit: retry later, never skip. */
  static final class HubUnavailableException extends RuntimeException {
    HubUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static boolean isConnectionLoss(MessagingException e) {
    return e instanceof FolderClosedException || e instanceof StoreClosedException
        || e.getCause() instanceof IOException;
  }

  private static List<String> append(List<String> list, String last) {
    List<String> all = new ArrayList<>(list);
    all.remove(last);
    all.add(last);
    return all;
  }

  /** A Message-ID for a log line: a poisoned one may be kilobytes long. */
  private static String shortened(String id) {
    return id == null || id.length() <= 120 ? id : id.substring(0, 120) + "…>";
  }

  private static String headerOrNone(Message message, String name) {
    try {
      String[] values = message.getHeader(name);
      return values == null ? "(none)" : String.join(" ", values).strip();
    } catch (MessagingException | RuntimeException e) {
      return "(unreadable)";
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private void sleep(long millis) {
    long until = System.currentTimeMillis() + millis;
    synchronized (sleeper) {
      long left;
      while (running && (left = until - System.currentTimeMillis()) > 0) {
        try {
          sleeper.wait(left);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void closeQuietly() {
    IMAPFolder f = folder;
    IMAPStore s = store;
    folder = null;
    store = null;
    try {
      if (f != null && f.isOpen()) {
        f.close(false);
      }
    } catch (MessagingException | RuntimeException e) {
      // closing anyway
    }
    try {
      if (s != null) {
        s.close();
      }
    } catch (MessagingException | RuntimeException e) {
      // closed anyway
    }
  }
}
