package dev.switchboard.hub.bots;

import dev.switchboard.hub.conversation.Conversation;
import dev.switchboard.hub.conversation.Message;
import dev.switchboard.hub.events.HubEvent.Assigned;
import dev.switchboard.hub.events.HubEvent.BotEventsStored;
import dev.switchboard.hub.events.HubEvent.ConversationChanged;
import dev.switchboard.hub.events.HubEvent.DraftDecided;
import dev.switchboard.hub.events.HubEvent.HandedOff;
import dev.switchboard.hub.events.HubEvent.MessageAppended;
import dev.switchboard.hub.events.HubEvents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns domain events into bot events in the outbox ({@code bot_delivery}): {@code message.created}
 * (inbound and outbound, never notes), {@code conversation.opened}, {@code conversation.assigned},
 * {@code conversation.resolved}, {@code conversation.handoff}, one row per active bot serving the
 * conversation's inbox; and {@code draft.accepted} (sent as is or edited) / {@code draft.dismissed} to
 * the one bot that drafted.
 *
 * <p>It hears only the events its own node published ({@link HubEvents#listenToOwn}), so each is
 * stored once in the deployment, and it never sits on the message's path: an event is queued in
 * memory and the queue is written every {@link #BATCH_MILLIS} ms in one transaction (the bots are
 * found by the statement itself, so nothing here goes stale when an admin changes a bot on another
 * node). Sending is the {@link BotDeliveryWorker}'s, so a slow or dead bot slows nothing but itself.
 * A batch the database refuses is tried again a few times, then given up on with an error that says
 * how many events were lost.
 */
public final class BotEvents {

  private static final Logger log = LoggerFactory.getLogger(BotEvents.class);

  static final long BATCH_MILLIS = 20;
  private static final int MAX_BATCH = 500;
  private static final int MAX_TRIES = 5;

  /** One event for the bots of an inbox, or only for bot {@code botId} when it is not null. */
  record Pending(Long inboxId, Long botId, String type, JsonObject data, Instant at) {

    Pending(long inboxId, String type, JsonObject data, Instant at) {
      this(inboxId, null, type, data, at);
    }
  }

  /** A conversation's state after a change, compared with what bots last saw of it. */
  record Snapshot(Conversation conversation, Instant at) {}

  private final Vertx vertx;
  private final Pool pool;
  private HubEvents hubEvents;
  private List<Pending> events = new ArrayList<>();
  private List<Snapshot> snapshots = new ArrayList<>();
  private boolean scheduled;

  public BotEvents(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  public void start(HubEvents hubEvents) {
    this.hubEvents = hubEvents;
    hubEvents.listenToOwn(MessageAppended.class, this::appended);
    hubEvents.listenToOwn(ConversationChanged.class, this::changed);
    hubEvents.listenToOwn(Assigned.class, this::assigned);
    hubEvents.listenToOwn(DraftDecided.class, this::decided);
    hubEvents.listenToOwn(HandedOff.class, this::handedOff);
  }

  /** The drafting bot hears what became of its draft, and (when sent) the reply as the agent sent it. */
  private void decided(DraftDecided e) {
    Draft d = e.draft();
    String type = Draft.DISMISSED.equals(d.status()) ? "draft.dismissed" : "draft.accepted";
    JsonObject data = new JsonObject()
        .put("conversation_id", d.conversationId())
        .put("inbox_id", e.scope().inboxId())
        .put("draft", d.toJson());
    if (e.message() != null) {
      data.put("message", e.message().toAgentJson());
    }
    add(new Pending(e.scope().inboxId(), d.botId(), type, data, Instant.now()), null);
  }

  private void handedOff(HandedOff e) {
    if (e.scope().inboxId() == null) {
      return;
    }
    JsonObject by = new JsonObject().put("type", e.byType());
    if (e.byId() != null) {
      by.put("id", e.byId());
    }
    if (e.byName() != null) {
      by.put("name", e.byName());
    }
    add(new Pending(e.scope().inboxId(), "conversation.handoff", new JsonObject()
        .put("conversation_id", e.scope().conversationId())
        .put("inbox_id", e.scope().inboxId())
        .put("bot_id", e.botId())
        .put("cause", e.cause())
        .put("reason", e.reason())
        .put("by", by), Instant.now()), null);
  }

  private void appended(MessageAppended e) {
    Message m = e.message();
    if (!m.customerVisible() || e.scope().inboxId() == null) {
      return;
    }
    add(new Pending(e.scope().inboxId(), "message.created", new JsonObject()
        .put("conversation_id", m.conversationId())
        .put("inbox_id", e.scope().inboxId())
        .put("message", m.toAgentJson()), Instant.now()), null);
  }

  private void changed(ConversationChanged e) {
    if (e.scope().inboxId() != null) {
      add(null, new Snapshot(e.conversation(), Instant.now()));
    }
  }

  private void assigned(Assigned e) {
    if (e.scope().inboxId() == null || e.scope().assigneeId() == null) {
      return;
    }
    add(new Pending(e.scope().inboxId(), "conversation.assigned", new JsonObject()
        .put("conversation_id", e.scope().conversationId())
        .put("inbox_id", e.scope().inboxId())
        .put("assignee_id", e.scope().assigneeId())
        .put("previous_assignee_id", e.previousAssigneeId())
        .put("by", e.byAgentId() == null ? null : new JsonObject().put("agent_id", e.byAgentId())
            .put("name", e.byName())), Instant.now()), null);
  }

  private synchronized void add(Pending event, Snapshot snapshot) {
    if (event != null) {
      events.add(event);
    }
    if (snapshot != null) {
      snapshots.add(snapshot);
    }
    if (events.size() + snapshots.size() >= MAX_BATCH) {
      flush();
    } else if (!scheduled) {
      scheduled = true;
      vertx.setTimer(BATCH_MILLIS, t -> flush());
    }
  }

  private synchronized void flush() {
    scheduled = false;
    if (events.isEmpty() && snapshots.isEmpty()) {
      return;
    }
    List<Pending> batch = events;
    List<Snapshot> states = snapshots;
    events = new ArrayList<>();
    snapshots = new ArrayList<>();
    write(batch, states, 1);
  }

  private void write(List<Pending> batch, List<Snapshot> states, int attempt) {
    pool.withTransaction(tx -> transitions(tx, states).compose(more -> {
      List<Pending> all = new ArrayList<>(batch);
      all.addAll(more);
      return enqueue(tx, all);
    })).onSuccess(stored -> {
      if (stored.webhooks()) {
        vertx.eventBus().publish(BotDeliveryWorker.KICK, null);
      }
      if (!stored.botIds().isEmpty()) {
        hubEvents.publish(new BotEventsStored(stored.botIds()));
      }
    }).onFailure(e -> {
      if (attempt < MAX_TRIES) {
        vertx.setTimer(200L * attempt * attempt, t -> write(batch, states, attempt + 1));
      } else {
        log.error("bot events: {} events and {} conversation changes lost after {} tries: {}", batch.size(),
            states.size(), attempt, e.toString());
      }
    });
  }

  /** The opened and resolved events among the snapshots. */
  private Future<List<Pending>> transitions(SqlConnection tx, List<Snapshot> states) {
    if (states.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    int n = states.size();
    Long[] ids = new Long[n];
    String[] statuses = new String[n];
    OffsetDateTime[] updated = new OffsetDateTime[n];
    Long[] inboxes = new Long[n];
    for (int i = 0; i < n; i++) {
      Conversation c = states.get(i).conversation();
      ids[i] = c.id();
      statuses[i] = c.status();
      updated[i] = c.updatedAt() != null ? c.updatedAt() : OffsetDateTime.now(ZoneOffset.UTC);
      inboxes[i] = c.inboxId();
    }
    return tx.preparedQuery(BotSql.STATUS_TRANSITIONS).execute(Tuple.of(ids, statuses, updated, inboxes))
        .map(rows -> {
          List<Pending> out = new ArrayList<>();
          for (Row r : rows) {
            String now = r.getString("status");
            String before = r.getString("before");
            String type = "open".equals(now) && (before == null || "resolved".equals(before)) ? "conversation.opened"
                : "resolved".equals(now) ? "conversation.resolved" : null;
            if (type == null) {
              continue;
            }
            long id = r.getLong("conversation_id");
            Snapshot s = states.stream().filter(x -> x.conversation().id() == id).reduce((a, b) -> b).orElseThrow();
            out.add(new Pending(s.conversation().inboxId(), type, new JsonObject()
                .put("conversation_id", id)
                .put("inbox_id", s.conversation().inboxId())
                .put("conversation", s.conversation().toJson(false)), s.at()));
          }
          return out;
        });
  }

  /** What a batch stored: for which bots, and whether any of it is for a webhook. */
  record Stored(List<Long> botIds, boolean webhooks) {}

  private static Future<Stored> enqueue(SqlConnection tx, List<Pending> all) {
    if (all.isEmpty()) {
      return Future.succeededFuture(new Stored(List.of(), false));
    }
    int n = all.size();
    Long[] inboxes = new Long[n];
    Long[] targets = new Long[n];
    String[] types = new String[n];
    String[] data = new String[n];
    String[] ats = new String[n];
    for (int i = 0; i < n; i++) {
      Pending p = all.get(i);
      inboxes[i] = p.inboxId();
      targets[i] = p.botId();
      types[i] = p.type();
      data[i] = p.data().encode();
      ats[i] = p.at().toString();
    }
    return tx.preparedQuery(BotSql.ENQUEUE).execute(Tuple.of(inboxes, types, data, ats, targets)).map(rows -> {
      java.util.Set<Long> bots = new java.util.TreeSet<>();
      boolean webhooks = false;
      for (Row r : rows) {
        bots.add(r.getLong("bot_id"));
        webhooks |= "pending".equals(r.getString("status"));
      }
      return new Stored(List.copyOf(bots), webhooks);
    });
  }
}
