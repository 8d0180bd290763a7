package dev.switchboard.hub.conversation;

import dev.switchboard.hub.HubError;
import dev.switchboard.connectors.spi.ChannelCapabilities;
import dev.switchboard.connectors.spi.ChannelDescriptor;
import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.InboundMessage;
import dev.switchboard.connectors.spi.Template;
import dev.switchboard.connectors.spi.ThreadRef;
import dev.switchboard.hub.channel.Channels;
import dev.switchboard.hub.events.ConversationScope;
import dev.switchboard.hub.events.HubEvent.ConversationChanged;
import dev.switchboard.hub.events.HubEvent.MessageAppended;
import dev.switchboard.hub.events.HubEvent.SnoozeEnded;
import dev.switchboard.hub.events.Publisher;
import dev.switchboard.hub.store.PgFailures;
import dev.switchboard.hub.tags.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Customers' conversations: appending messages (inbound and replies), reading timelines, and the
 * status/assignee/priority/tags agents change. Every change is committed before it is announced
 * as a {@link dev.switchboard.hub.events.HubEvent}.
 */
public final class ConversationService {

  /** Who writes a reply or note. */
  public record Author(String type, Long id, String name) {}

  /**
   * The fields an agent may change; {@code null} (or not given) leaves a field alone.
   * {@code snoozedUntil} goes with status {@code snoozed}; any other status clears it.
   */
  public record Patch(String status, boolean assigneeGiven, Long assigneeId, String priority, List<String> tags,
      boolean teamGiven, Long teamId, OffsetDateTime snoozedUntil) {

    /** Without team or snooze. */
    public Patch(String status, boolean assigneeGiven, Long assigneeId, String priority, List<String> tags) {
      this(status, assigneeGiven, assigneeId, priority, tags, false, null, null);
    }

    /** Changes nothing. */
    public boolean isEmpty() {
      return status == null && !assigneeGiven && priority == null && tags == null && !teamGiven;
    }
  }

  /** More cases than one customer's history holds; bounds one listing. */
  public static final int MAX_CASES_LISTED = 1000;

  /** Snoozed conversations woken in one statement at most: a tick that finds more runs again. */
  public static final int WAKE_BATCH = 500;

  /** Local event-bus address the outbox (DeliveryWorker) listens on: "a reply is waiting to be sent". */
  public static final String DELIVERY_KICK = "sb.outbox.kick";

  private final Vertx vertx;
  private final Pool pool;
  private final Publisher events;
  /** Where replies go (outbox or live socket) and which identity they address: the channels' descriptors say. */
  private final Channels channels;
  private final ConversationViews views;

  public ConversationService(Vertx vertx, Pool pool, Publisher events, Channels channels) {
    this.vertx = vertx;
    this.pool = pool;
    this.events = events;
    this.channels = channels;
    this.views = new ConversationViews(pool);
  }

  /** With the channels of the connectors on the class path (tools and tests that run no connector host). */
  public ConversationService(Vertx vertx, Pool pool, Publisher events) {
    this(vertx, pool, events, Channels.discover());
  }

  /**
   * Stores a customer's message (and its files) in their conversation, atomically; announces it
   * after the commit. Without files that is one statement, one round trip. A lost race (the same
   * provider id twice at once, a merge moving the conversation) is retried once and then finds the
   * winner's result.
   */
  public Future<Appended> receive(InboundMessage in) {
    return receiveOnce(in)
        .recover(e -> lostRace(e) ? receiveOnce(in) : Future.failedFuture(e))
        .onSuccess(this::announce);
  }

  private Future<Appended> receiveOnce(InboundMessage in) {
    Tuple args = Tuple.tuple()
        .addString(in.from().kind())
        .addString(in.from().address())
        .addString(in.senderName())
        .addString(in.channel())
        .addLong(in.inboxId() == null ? null : Long.valueOf(in.inboxId()))
        .addString(in.body())
        .addString(in.bodyHtml())
        .addValue(new JsonArray())
        .addString(in.providerId())
        .addString(in.threadKey());
    if (in.attachments().isEmpty()) {
      return pool.preparedQuery(ConversationSql.APPEND_INBOUND).execute(args)
          .map(rows -> appended(in, args, rows.iterator().next(), new JsonArray()));
    }
    return pool.withTransaction(tx -> tx.preparedQuery(ConversationSql.APPEND_INBOUND).execute(args)
        .compose(rows -> {
          Row r = rows.iterator().next();
          Future<JsonArray> files = r.getBoolean("duplicate") ? Future.succeededFuture(new JsonArray())
              : Attachments.store(tx, r.getLong("message_id"), in.attachments());
          return files.map(stored -> appended(in, args, r, stored));
        }));
  }

  private static Appended appended(InboundMessage in, Tuple args, Row r, JsonArray files) {
    Message m = new Message(r.getLong("message_id"), r.getLong("conversation_id"), r.getLong("seq"), "in",
        in.channel(), args.getLong(4), "customer", null, in.senderName(), in.body(), in.bodyHtml(), files, null,
        null, r.getOffsetDateTime("created_at"), r.getLong("case_id"));
    return new Appended(m, r.getBoolean("duplicate"), r.getBoolean("status_changed"), scope(r));
  }

  /** Who may see the conversation, as {@code sb_append} returns it with the message. */
  private static ConversationScope scope(Row appended) {
    return new ConversationScope(appended.getLong("conversation_id"), appended.getLong("conversation_inbox"),
        appended.getLong("conversation_assignee"));
  }

  private static boolean lostRace(Throwable e) {
    return e instanceof io.vertx.pgclient.PgException pg
        && ("23505".equals(pg.getSqlState()) || "P0002".equals(pg.getSqlState()));
  }

  /**
   * An agent's (or bot's) reply or private note, on {@code channel} or else where the customer last
   * wrote. A reply on a channel replied to through the outbox also gets an outbox row in the same
   * transaction, so the delivery worker sends it even after a crash; one on a live-socket channel is
   * sent as it is stored (the connector's socket watches the conversation).
   */
  public Future<Message> reply(long conversationId, Author author, String body, String channel, boolean note) {
    return reply(conversationId, author, body, channel, note, null);
  }

  /**
   * As above, but when {@code expectedLastSeq} is given and another agent or a bot replied after
   * that seq, fails with {@link ReplyConflict} (carrying those replies) and stores nothing. Checked
   * in the append's transaction with the conversation row locked, so of two agents answering at
   * once at most one passes.
   */
  public Future<Message> reply(long conversationId, Author author, String body, String channel, boolean note,
      Long expectedLastSeq) {
    return reply(conversationId, author, body, channel, note, expectedLastSeq, null);
  }

  /**
   * As above, on a channel with a reply window ({@link ChannelCapabilities#replyWindow()}: WhatsApp,
   * Messenger, Instagram): a free-form reply after the window since the customer's last message on that
   * channel fails with {@link HubError} 422 {@code window_closed}, saying when they last wrote; a
   * {@code template} (on a channel with templates) may go out at any time.
   */
  public Future<Message> reply(long conversationId, Author author, String body, String channel, boolean note,
      Long expectedLastSeq, Template template) {
    return reply(conversationId, author, body, channel, note, expectedLastSeq, template, List.of());
  }

  /**
   * As above, carrying the author's uploads {@code attachmentIds} ({@link Attachments#claim}): they
   * join the message in its transaction, so its files are stored before the reply is answered. A
   * channel whose capabilities carry no files refuses them (400, naming the channel); a note may
   * hold files whatever the channel.
   */
  public Future<Message> reply(long conversationId, Author author, String body, String channel, boolean note,
      Long expectedLastSeq, Template template, List<Long> attachmentIds) {
    return reply(conversationId, author, body, channel, note, expectedLastSeq, template, attachmentIds, null);
  }

  /**
   * As above, answering the customer's message {@code replyTo} (or none when {@code null}): it must be
   * an inbound message of this conversation, else 400 and nothing is stored. WhatsApp and Telegram
   * show the reply quoting it (when it came in on the reply's channel).
   */
  public Future<Message> reply(long conversationId, Author author, String body, String channel, boolean note,
      Long expectedLastSeq, Template template, List<Long> attachmentIds, Long replyTo) {
    return reply(conversationId, author, body, channel, note, expectedLastSeq, template, attachmentIds, replyTo, null);
  }

  /**
   * As above, running {@code step} (when not null) in the reply's transaction after the message is
   * appended; its failure stores and sends nothing (an accepted draft claims itself there).
   */
  public Future<Message> reply(long conversationId, Author author, String body, String channel, boolean note,
      Long expectedLastSeq, Template template, List<Long> attachmentIds, Long replyTo, ReplyStep step) {
    return pool.withTransaction(tx -> botMayReply(tx, conversationId, author, note)
        .compose(ok -> noNewerReplies(tx, conversationId, author, expectedLastSeq))
        .compose(ok -> quotable(tx, conversationId, replyTo)).compose(ok -> tx
        .preparedQuery(ConversationSql.REPLY_TARGET)
        .execute(Tuple.of(conversationId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(HubError.notFound("conversation " + conversationId));
          }
          Row c = rows.iterator().next();
          String last = c.getString("last_inbound_channel");
          String via = channel != null ? channel : last != null ? last : channels.fallbackReplyChannel();
          if (via == null || (!note && !channels.serves(via))) {
            return Future.failedFuture(HubError.unreachable(via == null
                ? "The customer has not written on any channel yet; choose one to reply on."
                : "This hub has no " + via + " channel any more; reply on another channel."));
          }
          String kind = channels.addressKind(via);
          return tx.preparedQuery(ConversationSql.REPLY_ROUTE)
              .execute(Tuple.of(conversationId, via, c.getLong("customer_id"), kind))
              .compose(route -> {
                Row r = route.iterator().next();
                boolean live = channels.repliesLive(via);
                if (!note && !live && r.getString("address") == null) {
                  return Future.failedFuture(HubError.unreachable(
                      "The customer has no " + kind + " for " + via + "; reply on another channel."));
                }
                if (!note && !live && r.getLong("inbox_id") == null) {
                  return Future.failedFuture(HubError.unreachable("There is no enabled " + via + " inbox to send from."));
                }
                if (!note && !attachmentIds.isEmpty() && !carriesFiles(via)) {
                  return Future.failedFuture(HubError.invalid("Replies on " + via
                      + " cannot carry files; send the text alone or reply on another channel."));
                }
                return windowOpen(tx, conversationId, author, via, note, template)
                    .compose(open -> append(tx, conversationId, author, body, via, r.getLong("inbox_id"), note))
                    .compose(stored -> attachmentIds.isEmpty() ? Future.succeededFuture(stored)
                        : Attachments.claim(tx, stored.message().id(), author.id() == null ? -1 : author.id(),
                            attachmentIds)
                            .map(files -> withFiles(stored, files)))
                    .compose(stored -> template == null ? Future.succeededFuture(stored)
                        : tx.preparedQuery(ConversationSql.SET_TEMPLATE)
                            .execute(Tuple.of(stored.message().id(), json(template))).map(stored))
                    .compose(stored -> replyTo == null ? Future.succeededFuture(stored)
                        : tx.preparedQuery(ConversationSql.SET_REPLY_TO)
                            .execute(Tuple.of(stored.message().id(), replyTo))
                            .map(new MessageAppended(stored.scope(), stored.message().withReplyTo(replyTo))))
                    .compose(stored -> step == null ? Future.succeededFuture(stored)
                        : step.run(tx, stored.message()).map(stored));
              });
        })))
        .recover(PgFailures::recover)
        .map(stored -> {
          events.publish(stored);
          Message m = stored.message();
          if ("queued".equals(m.status())) {
            vertx.eventBus().send(DELIVERY_KICK, null);
          }
          return m;
        });
  }

  /**
   * A bot's reply after the conversation was handed to the humans (bot first, V18) is refused: 409
   * {@code handed_off}, nothing stored. Agents' replies, and bots in inboxes without bot first, pass.
   */
  private static Future<Void> botMayReply(SqlConnection tx, long conversationId, Author author, boolean note) {
    if (!"bot".equals(author.type()) || note) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(ConversationSql.BOT_TURN).execute(Tuple.of(conversationId)).compose(rows -> {
      Row r = rows.size() == 0 ? null : rows.iterator().next();
      if (r == null || r.getLong("bot_id") != null || r.getOffsetDateTime("handed_off_at") == null) {
        return Future.succeededFuture();
      }
      return Future.failedFuture(new HubError(409, "handed_off", "This conversation was handed to a human at "
          + r.getOffsetDateTime("handed_off_at").toInstant() + "; a bot may no longer reply in it until the "
          + "customer's next case (drafts for the agent are still welcome)."));
    });
  }

  /** Whether {@code replyTo} names a customer's message of this conversation (no quote at all passes). */
  private static Future<Void> quotable(SqlConnection tx, long conversationId, Long replyTo) {
    if (replyTo == null) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(ConversationSql.REPLY_TO_TARGET).execute(Tuple.of(replyTo, conversationId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(HubError.invalid("reply_to " + replyTo + " is not a message of this conversation"));
          }
          if (!"in".equals(rows.iterator().next().getString("direction"))) {
            return Future.failedFuture(HubError.invalid(
                "reply_to must name a message the customer wrote, not a reply, note or event"));
          }
          return Future.succeededFuture();
        });
  }

  private boolean carriesFiles(String via) {
    ChannelDescriptor d = channels.descriptor(via);
    return d != null && d.capabilities().outboundAttachments();
  }

  private static MessageAppended withFiles(MessageAppended stored, JsonArray files) {
    Message m = stored.message();
    return new MessageAppended(stored.scope(), new Message(m.id(), m.conversationId(), m.seq(), m.direction(),
        m.channel(), m.inboxId(), m.authorType(), m.authorId(), m.authorName(), m.body(), m.bodyHtml(), files,
        m.status(), m.error(), m.createdAt(), m.caseId(), m.replyToId()));
  }

  /** Whether a free-form reply may still go out on {@code via}; a template may when the channel has them. */
  private Future<Void> windowOpen(SqlConnection tx, long conversationId, Author author, String via, boolean note,
      Template template) {
    ChannelDescriptor d = channels.descriptor(via);
    if (note || d == null) {
      return Future.succeededFuture();
    }
    ChannelCapabilities can = d.capabilities();
    if (template != null) {
      return can.templates() ? Future.succeededFuture()
          : Future.failedFuture(HubError.invalid(via + " has no message templates; send a text reply."));
    }
    if (can.replyWindow() == null) {
      return Future.succeededFuture();
    }
    boolean human = "agent".equals(author.type());
    return tx.preparedQuery(ConversationSql.LAST_INBOUND).execute(Tuple.of(conversationId, via)).compose(rows -> {
      Row r = rows.iterator().next();
      Long seconds = r.getLong("seconds_since");
      if (can.mayReplyFreely(seconds == null ? null : Duration.ofSeconds(Math.max(0, seconds)), human)) {
        return Future.succeededFuture();
      }
      return Future.failedFuture(windowClosed(via, can, human, r.getOffsetDateTime("last_in")));
    });
  }

  private static HubError windowClosed(String via, ChannelCapabilities can, boolean human, OffsetDateTime lastIn) {
    String when = lastIn == null ? "The customer has not written on " + via + " yet"
        : "The customer last wrote on " + via + " at "
            + lastIn.atZoneSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")) + " UTC";
    Duration window = human && can.agentReplyWindow() != null ? can.agentReplyWindow() : can.replyWindow();
    String rule = lastIn == null ? "" : ", more than " + words(window) + " ago";
    String then = can.templates() ? "; " + via + " only allows an approved template message now."
        : can.agentReplyWindow() != null && !human
            ? "; after " + words(can.replyWindow()) + " only a human agent may answer (up to " + words(can.agentReplyWindow()) + ")."
            : "; " + via + " allows no reply until they write again.";
    return new HubError(422, "window_closed", when + rule + then);
  }

  private static String words(Duration d) {
    return d.toHours() % 24 == 0 && d.toDays() > 1 ? d.toDays() + " days" : d.toHours() + " hours";
  }

  private static io.vertx.core.json.JsonObject json(Template t) {
    return new io.vertx.core.json.JsonObject().put("name", t.name()).put("language", t.language())
        .put("parameters", new JsonArray(t.parameters()));
  }

  private static Future<Void> noNewerReplies(SqlConnection tx, long conversationId, Author author, Long expectedLastSeq) {
    if (expectedLastSeq == null) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(ConversationSql.LOCK_CONVERSATION).execute(Tuple.of(conversationId))
        .compose(locked -> tx.preparedQuery(ConversationSql.NEWER_REPLIES)
            .execute(Tuple.of(conversationId, expectedLastSeq, author.type(), author.id())))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture()
            : Future.failedFuture(new ReplyConflict(messages(rows))));
  }

  private Future<MessageAppended> append(SqlConnection tx, long conversationId, Author author, String body, String via,
      Long inbox, boolean note) {
    String status = note ? null : channels.repliesLive(via) ? "sent" : "queued";
    String direction = note ? "note" : "out";
    Tuple args = Tuple.of(conversationId, direction, via, inbox, author.type(), author.id(), author.name(), body)
        .addString(status);
    return tx.preparedQuery(ConversationSql.APPEND).execute(args).compose(appended -> {
      Row r = appended.iterator().next();
      Message m = new Message(r.getLong("message_id"), conversationId, r.getLong("seq"), direction, via, inbox,
          author.type(), author.id(), author.name(), body, null, new JsonArray(), status, null,
          r.getOffsetDateTime("created_at"), r.getLong("case_id"));
      MessageAppended stored = new MessageAppended(new ConversationScope(conversationId,
          r.getLong("conversation_inbox"), r.getLong("conversation_assignee")), m);
      if (!"queued".equals(status)) {
        return Future.succeededFuture(stored);
      }
      return tx.preparedQuery(ConversationSql.QUEUE_FOR_DELIVERY).execute(Tuple.of(m.id())).map(stored);
    });
  }

  public Future<Conversation> get(long id) {
    return pool.preparedQuery(ConversationSql.BY_ID).execute(Tuple.of(id))
        .recover(PgFailures::recover)
        .map(rows -> rows.size() == 0 ? null : conversation(rows.iterator().next()));
  }

  /** Who may see a conversation, or {@code null} when there is none. */
  public Future<ConversationScope> scope(long id) {
    return pool.preparedQuery(ConversationSql.SCOPE).execute(Tuple.of(id)).recover(PgFailures::recover).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row r = rows.iterator().next();
      return new ConversationScope(id, r.getLong("last_inbound_inbox"), r.getLong("assignee_id"));
    });
  }

  /**
   * One page of the inbox list: a view with its filters, an optional search (bounded: a few at a
   * time per node, 5 s each), sorted waiting-first or by recent activity, after a cursor.
   */
  public Future<ConversationPage> list(ConversationFilter f) {
    return views.list(f);
  }

  /**
   * How many conversations of {@code status} ({@code null}: all) each view holds: assigned to
   * {@code me}, unassigned, all, per team; counting only what {@code visibleTo} may see ({@code null}: all).
   */
  public Future<ViewCounts> counts(long me, String status, Long visibleTo) {
    return views.counts(me, status, visibleTo);
  }

  /** The timeline after {@code afterSeq}, oldest first; {@code customerView} hides notes and drafts. */
  public Future<List<Message>> messages(long conversationId, long afterSeq, int limit, boolean customerView) {
    String sql = customerView ? ConversationSql.VISIBLE_MESSAGES_AFTER : ConversationSql.MESSAGES_AFTER;
    return pool.preparedQuery(sql).execute(Tuple.of(conversationId, afterSeq, limit))
        .recover(PgFailures::recover)
        .map(ConversationService::messages);
  }

  public Future<Message> message(long id) {
    return pool.preparedQuery(ConversationSql.MESSAGE_BY_ID).execute(Tuple.of(id))
        .recover(PgFailures::recover)
        .map(rows -> rows.size() == 0 ? null : message(rows.iterator().next()));
  }

  /**
   * Applies an agent's change in one transaction; resolving closes the open case, and tags set here
   * join the tags catalogue. Announces the new state.
   */
  public Future<Conversation> update(long id, Patch p) {
    String[] tags = p.tags() == null ? null : p.tags().toArray(String[]::new);
    Tuple args = Tuple.tuple().addLong(id).addString(p.status()).addBoolean(p.assigneeGiven())
        .addLong(p.assigneeId()).addString(p.priority()).addArrayOfString(tags).addBoolean(p.teamGiven())
        .addLong(p.teamId()).addOffsetDateTime("snoozed".equals(p.status()) ? p.snoozedUntil() : null);
    return pool.withTransaction(tx -> tx.preparedQuery(ConversationSql.UPDATE).execute(args)
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(HubError.notFound("conversation " + id));
              }
              return Tags.register(tx, p.tags());
            })
            .compose(v -> "resolved".equals(p.status())
                ? tx.preparedQuery(ConversationSql.RESOLVE_CASE).execute(Tuple.of(id)).<Void>mapEmpty()
                : Future.<Void>succeededFuture()))
        .recover(PgFailures::recover)
        .compose(v -> get(id))
        .onSuccess(c -> events.publish(new ConversationChanged(c.scope(), c)));
  }

  /**
   * Wakes the snoozed conversations that are due (status back to open), each exactly once across
   * nodes, and announces each: {@link ConversationChanged}, and {@link SnoozeEnded} for its assignee's
   * notification. Returns how many woke.
   */
  public Future<Integer> wakeDue() {
    return pool.preparedQuery(ConversationSql.WAKE_DUE).execute(Tuple.of(WAKE_BATCH)).map(rows -> {
      rows.forEach(r -> get(r.getLong("id")).onSuccess(c -> {
        if (c != null) {
          events.publish(new ConversationChanged(c.scope(), c));
          events.publish(new SnoozeEnded(c.scope()));
        }
      }));
      return rows.rowCount();
    });
  }

  /** The conversation's cases (open→resolved cycles), oldest first. */
  public Future<List<SupportCase>> cases(long conversationId) {
    return pool.preparedQuery(ConversationSql.CASES).execute(Tuple.of(conversationId, MAX_CASES_LISTED))
        .recover(PgFailures::recover)
        .map(rows -> {
          List<SupportCase> out = new ArrayList<>(rows.size());
          rows.forEach(r -> out.add(new SupportCase(r.getLong("id"), r.getLong("number"),
              r.getOffsetDateTime("opened_at"), r.getOffsetDateTime("first_response_at"),
              r.getOffsetDateTime("resolved_at"), r.getOffsetDateTime("handed_off_at"))));
          return out;
        });
  }

  /** The conversation of the customer owning {@code identity}, or {@code null}. */
  public Future<ThreadRef> thread(Identity identity) {
    return pool.preparedQuery(ConversationSql.THREAD_BY_IDENTITY)
        .execute(Tuple.of(identity.kind(), identity.address()))
        .map(ConversationService::thread);
  }

  public Future<ThreadRef> threadOfCustomer(SqlClient client, long customerId) {
    return client.preparedQuery(ConversationSql.THREAD_BY_CUSTOMER).execute(Tuple.of(customerId))
        .map(ConversationService::thread);
  }

  private void announce(Appended a) {
    if (a.duplicate()) {
      return;
    }
    events.publish(new MessageAppended(a.scope(), a.message()));
    if (a.statusChanged() || a.message().seq() == 1) {
      get(a.message().conversationId())
          .onSuccess(c -> events.publish(new ConversationChanged(c.scope(), c)));
    }
  }

  private static ThreadRef thread(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row r = rows.iterator().next();
    return new ThreadRef(r.getLong("id"), r.getLong("customer_id"), r.getLong("last_seq"));
  }

  static Conversation conversation(Row r) {
    String[] tags = r.getArrayOfStrings("tags");
    return new Conversation(r.getLong("id"), r.getLong("customer_id"), r.getString("customer_name"),
        r.getString("email"), r.getString("phone"), r.getString("status"), r.getLong("assignee_id"),
        r.getString("priority"), tags == null ? List.of() : Arrays.asList(tags), r.getLong("last_seq"),
        r.getString("last_inbound_channel"), r.getString("last_body"), r.getString("last_direction"),
        r.getString("last_channel"), r.getOffsetDateTime("last_message_at"), r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("updated_at"), r.getLong("inbox_id"), r.getLong("team_id"),
        r.getOffsetDateTime("snoozed_until"), r.getOffsetDateTime("waiting_since"), r.getLong("bot_id"),
        r.getOffsetDateTime("handed_off_at"), r.getString("handoff_reason"));
  }

  private static List<Message> messages(RowSet<Row> rows) {
    List<Message> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(message(r)));
    return out;
  }

  static Message message(Row r) {
    Object attachments = r.getValue("attachments");
    return new Message(r.getLong("id"), r.getLong("conversation_id"), r.getLong("seq"), r.getString("direction"),
        r.getString("channel"), r.getLong("inbox_id"), r.getString("author_type"), r.getLong("author_id"),
        r.getString("author_name"), r.getString("body"), r.getString("body_html"),
        attachments instanceof JsonArray a ? a : new JsonArray(), r.getString("status"), r.getString("error"),
        r.getOffsetDateTime("created_at"), r.getLong("case_id"),
        r.getColumnIndex("reply_to_id") >= 0 ? r.getLong("reply_to_id") : null);
  }

  /** Someone else replied after the seq the author had seen: a conflict, carrying their replies, oldest first. */
  public static final class ReplyConflict extends HubError {
    private final List<Message> newer;

    public ReplyConflict(List<Message> newer) {
      super(409, "conflict", "Someone else replied in this conversation meanwhile.");
      this.newer = List.copyOf(newer);
    }

    public List<Message> newer() {
      return newer;
    }
  }
}
