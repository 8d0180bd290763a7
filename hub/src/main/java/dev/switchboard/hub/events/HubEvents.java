package dev.switchboard.hub.events;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.redis.client.Redis;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's one event stream. A feature publishes a {@link HubEvent} after its commit; every
 * listener on every node sees it once: on this node through the event bus at once, on the others
 * through Redis pub/sub ({@link EventRelay}). Pub/sub may drop an event (a node resubscribing);
 * events about a timeline carry the conversation id and seq, so clients catch up with
 * {@code sync}, and PostgreSQL stays the truth.
 *
 * <pre>{@code
 * events.listen(HubEvent.MessageAppended.class, e -> ...);   // one kind
 * events.listen(e -> ...);                                   // everything
 * }</pre>
 */
public final class HubEvents implements Publisher {

  private static final Logger log = LoggerFactory.getLogger(HubEvents.class);

  /** Local event-bus address every node delivers its events on. */
  static final String ADDRESS = "sb.events";

  /** Local event-bus address of the events this node published itself (not those relayed from others). */
  static final String OWN_ADDRESS = "sb.events.own";

  /** A registered listener; {@link #stop()} unregisters it. */
  public interface Listener {
    Future<Void> stop();
  }

  private final Vertx vertx;
  private final EventRelay relay;
  /**
   * The listeners of each address behind ONE event-bus consumer: an event costs one delivery per
   * address, not one per listener (there are several, and every message is an event).
   */
  private final Listeners all = new Listeners(ADDRESS);
  private final Listeners own = new Listeners(OWN_ADDRESS);

  public HubEvents(Vertx vertx, Redis redis, String redisPrefix, String nodeId) {
    this.vertx = vertx;
    LocalCodec.register(vertx.eventBus());
    this.relay = new EventRelay(vertx, redis, redisPrefix + "events", nodeId, this::deliver);
  }

  /** Joins the other nodes (Redis connections for publishing and for the subscription). */
  public Future<Void> start() {
    return relay.start();
  }

  public void close() {
    relay.close();
  }

  @Override
  public void publish(HubEvent event) {
    deliver(event);
    vertx.eventBus().publish(OWN_ADDRESS, event, LocalCodec.LOCAL);
    relay.send(event);
  }

  /**
   * For this node's listeners only: what every node notices by itself (a presence key expiring is
   * seen by each node's own sweep), so telling the others would tell them twice.
   */
  public void publishLocally(HubEvent event) {
    deliver(event);
  }

  /** Every event, on the context of the first listener registered (listeners must not block). */
  public Listener listen(Handler<HubEvent> handler) {
    return all.add(handler);
  }

  /** Events of one kind. */
  public <T extends HubEvent> Listener listen(Class<T> kind, Handler<T> handler) {
    return listen(ofKind(kind, handler));
  }

  /**
   * Events of one kind that this node published ({@link #publish}), not those other nodes relayed:
   * for work that must happen once in the whole deployment (storing a notification), where every
   * node's {@link #listen} would do it once per node.
   */
  public <T extends HubEvent> Listener listenToOwn(Class<T> kind, Handler<T> handler) {
    return own.add(ofKind(kind, handler));
  }

  private static <T extends HubEvent> Handler<HubEvent> ofKind(Class<T> kind, Handler<T> handler) {
    return e -> {
      if (kind.isInstance(e)) {
        handler.handle(kind.cast(e));
      }
    };
  }

  /** The handlers of one address, called in turn by a single consumer; one failing stops no other. */
  private final class Listeners {
    private final String address;
    private final List<Handler<HubEvent>> handlers = new CopyOnWriteArrayList<>();
    private MessageConsumer<HubEvent> consumer;

    Listeners(String address) {
      this.address = address;
    }

    synchronized Listener add(Handler<HubEvent> handler) {
      handlers.add(handler);
      if (consumer == null) {
        consumer = vertx.eventBus().<HubEvent>localConsumer(address).handler(m -> {
          for (Handler<HubEvent> h : handlers) {
            try {
              h.handle(m.body());
            } catch (RuntimeException e) {
              log.warn("a listener of {} failed on {}: {}", address, m.body().getClass().getSimpleName(), e.toString());
            }
          }
        });
      }
      return () -> {
        handlers.remove(handler);
        return Future.succeededFuture();
      };
    }
  }

  private void deliver(HubEvent event) {
    vertx.eventBus().publish(ADDRESS, event, LocalCodec.LOCAL);
  }
}
