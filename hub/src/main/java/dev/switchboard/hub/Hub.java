package dev.switchboard.hub;

import dev.switchboard.hub.access.Visibility;
import dev.switchboard.hub.agent.AgentService;
import dev.switchboard.hub.api.HubRouter;
import dev.switchboard.hub.bots.BotAudit;
import dev.switchboard.hub.bots.BotDeliveryWorker;
import dev.switchboard.hub.bots.BotEventLog;
import dev.switchboard.hub.bots.BotEvents;
import dev.switchboard.hub.bots.BotFirst;
import dev.switchboard.hub.bots.BotTimeoutWorker;
import dev.switchboard.hub.bots.Handoffs;
import dev.switchboard.hub.bots.BotRetentionSweeper;
import dev.switchboard.hub.bots.Bots;
import dev.switchboard.hub.bots.Drafts;
import dev.switchboard.hub.bots.WebhookTarget;
import dev.switchboard.hub.canned.CannedResponses;
import dev.switchboard.hub.channel.Channels;
import dev.switchboard.hub.connect.ConnectorHost;
import dev.switchboard.hub.connect.ConnectorState;
import dev.switchboard.hub.connect.InboxSetupWorker;
import dev.switchboard.hub.conversation.Attachments;
import dev.switchboard.hub.conversation.ConversationService;
import dev.switchboard.hub.conversation.CustomerService;
import dev.switchboard.hub.conversation.SnoozeWaker;
import dev.switchboard.hub.conversation.UploadSweeper;
import dev.switchboard.hub.delivery.DeliveryWorker;
import dev.switchboard.hub.delivery.Receipts;
import dev.switchboard.hub.events.HubEvent.AgentSessionsEnded;
import dev.switchboard.hub.events.HubEvents;
import dev.switchboard.hub.inbox.InboxMembers;
import dev.switchboard.hub.inbox.InboxService;
import dev.switchboard.hub.intake.SetAsideStore;
import dev.switchboard.hub.kb.Articles;
import dev.switchboard.hub.kb.EmbeddingWorker;
import dev.switchboard.hub.kb.EmbeddingsClient;
import dev.switchboard.hub.kb.KbSearch;
import dev.switchboard.hub.limits.ClientAddress;
import dev.switchboard.hub.limits.ConnectionGuard;
import dev.switchboard.hub.limits.RateLimiter;
import dev.switchboard.hub.notify.Notifications;
import dev.switchboard.hub.notify.Notifier;
import dev.switchboard.hub.ops.Health;
import dev.switchboard.hub.ops.MeteredVertx;
import dev.switchboard.hub.ops.Metrics;
import dev.switchboard.hub.ops.MetricsEndpoint;
import dev.switchboard.hub.presence.PresenceService;
import dev.switchboard.hub.presence.PresenceSweeper;
import dev.switchboard.hub.realtime.Realtime;
import dev.switchboard.hub.routing.Assigner;
import dev.switchboard.hub.macros.Macros;
import dev.switchboard.hub.routing.AutoAssign;
import dev.switchboard.hub.routing.Capacity;
import dev.switchboard.hub.routing.RoutingReconciler;
import dev.switchboard.hub.routing.Teams;
import dev.switchboard.hub.store.Database;
import dev.switchboard.hub.store.HubSecret;
import dev.switchboard.hub.store.Lease;
import dev.switchboard.hub.store.TimedRedis;
import dev.switchboard.hub.tags.Tags;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hub node: its own Vert.x, PostgreSQL pool and Redis connections. Nodes share nothing but
 * PostgreSQL and Redis, so two {@code Hub}s in one JVM behave like two machines.
 */
public final class Hub {

  private static final Logger log = LoggerFactory.getLogger(Hub.class);

  private final Vertx vertx;
  private final HubConfig config;
  private final Metrics metrics;
  private Pool pool;
  private Redis redis;
  private Router router;
  private HubEvents events;
  private ConnectorHost connectors;
  private AgentService agents;
  private InboxService inboxes;
  private Articles articles;
  private Assigner assigner;
  private RoutingReconciler reconciler;
  private BotRetentionSweeper botRetention;
  private boolean firstAdminCreated;
  /**
   * Deployment ids of the background verticles (outbox delivery, bot audit, webhooks and retention,
   * presence sweep, snooze waker, routing reconcile).
   */
  private final List<String> workers = new CopyOnWriteArrayList<>();

  private Hub(Metrics metrics, HubConfig config) {
    this.metrics = metrics;
    this.vertx = MeteredVertx.create(metrics, config.nodeId());
    this.config = config;
  }

  public static Future<Hub> start(HubConfig config) {
    Hub hub = new Hub(new Metrics(), config);
    // complete outside the node's own Vert.x: on failure it is closed, and its threads are gone
    io.vertx.core.Promise<Hub> started = io.vertx.core.Promise.promise();
    hub.boot().onComplete(done -> {
      if (done.succeeded()) {
        started.complete(hub);
      } else {
        log.error("hub node failed to start: {}", done.cause().toString());
        hub.stop().onComplete(v -> started.fail(done.cause()));
      }
    });
    return started.future();
  }

  private Future<Void> boot() {
    return Database.migrate(vertx, config).compose(v -> {
      pool = Database.pool(vertx, config);
      return HubSecret.load(pool);
    }).compose(hubSecret -> {
      redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.redisUrl())
          .setMaxPoolSize(16).setMaxPoolWaiting(2048).setPoolName("redis"));
      RedisAPI redisApi = new TimedRedis(RedisAPI.api(redis));
      events = new HubEvents(vertx, redis, config.redisPrefix(), config.nodeId());
      Realtime realtime = new Realtime(vertx, events);
      Channels channels = Channels.discover();
      ConversationService conversations = new ConversationService(vertx, pool, events, channels);
      PresenceService presence = new PresenceService(redisApi, events, conversations::scope, config.redisPrefix());
      CustomerService customers = new CustomerService(pool, conversations, events);
      agents = new AgentService(vertx, pool, agentId -> events.publish(new AgentSessionsEnded(agentId)));
      InboxMembers inboxMembers = new InboxMembers(pool);
      Visibility visibility = new Visibility(inboxMembers);
      RateLimiter limiter = new RateLimiter(redisApi, config.redisPrefix());
      ClientAddress addresses = ClientAddress.trusting(config.trustedProxies());
      ConnectionGuard connectionGuard = new ConnectionGuard(vertx, addresses, config.maxConnectionsPerAddress());
      inboxes = new InboxService(pool, channels);
      SetAsideStore setAside = new SetAsideStore(pool);
      Notifications notifications = new Notifications(pool);
      Teams teams = new Teams(pool);
      Tags tags = new Tags(pool);
      assigner = new Assigner(redisApi, config.redisPrefix());
      // away keeps what the agent holds (no new ones); offline hands it back
      AutoAssign routing = new AutoAssign(assigner, teams, inboxes, conversations, presence, false, events);
      Attachments attachments = new Attachments(pool);
      WebhookTarget webhookTargets = new WebhookTarget(vertx, config.allowPrivateWebhooks());
      Bots bots = new Bots(pool, hubSecret, webhookTargets);
      BotAudit botAudit = new BotAudit(pool);
      articles = new Articles(pool);
      Handoffs handoffs = new Handoffs(pool, conversations, events);
      EmbeddingsClient embeddings = EmbeddingsClient.http(vertx, config.embeddingsUrl(), config.embeddingsSecret());
      router = HubRouter.create(vertx, new HubRouter.Services(agents, conversations, customers, inboxes,
          inboxMembers, attachments, presence, events, visibility, metrics,
          new MetricsEndpoint(metrics, config.metricsToken()), limiter, addresses, new Health(pool, redisApi),
          setAside, channels, new CannedResponses(pool), notifications, teams, routing, new Capacity(assigner, teams),
          tags, new Macros(pool, agents, teams, tags), bots, botAudit, new BotEventLog(pool),
          new Drafts(pool, conversations, events), articles,
          new KbSearch(pool, embeddings), handoffs));
      router.route().order(-1).handler(connectionGuard::rearmAfterResponse);
      Receipts receipts = new Receipts(vertx, pool, conversations, events);
      realtime.start();
      new Notifier(events, notifications, agents, visibility).start();
      new BotEvents(vertx, pool).start(events);
      new BotFirst(inboxes, handoffs).start(events);
      return events.start()
          .compose(x -> visibility.start(vertx, events))
          .compose(x -> routing.start(events))
          .compose(x -> {
            byte[] secret = hubSecret;
            connectors = new ConnectorHost(vertx, router, config.publicUrl(), secret, new ConnectorHost.Services(
                inboxes, conversations, customers, realtime, presence, receipts, new ConnectorState(pool), limiter, addresses, metrics,
                setAside), channels);
            return connectors.start();
          })
          .compose(x -> {
            HubRouter.finish(router, metrics);
            metrics.widgetSockets(connectors::openSockets);
            // background work, once the connectors it hands messages to are up
            return deploy(new DeliveryWorker(pool, channels, receipts, metrics));
          })
          .compose(x -> deploy(botAudit))
          .compose(x -> deploy(new BotDeliveryWorker(pool, bots, webhookTargets)))
          .compose(x -> {
            botRetention = new BotRetentionSweeper(pool, new Lease(redisApi, config.redisPrefix(), "bot-retention"),
                config.nodeId(), config.botRetention(), BotRetentionSweeper.PERIOD_MILLIS);
            return deploy(botRetention);
          })
          .compose(x -> deploy(new PresenceSweeper(presence)))
          .compose(x -> deploy(new InboxSetupWorker(inboxes, channels)))
          .compose(x -> deploy(new SnoozeWaker(conversations, SnoozeWaker.TICK_MILLIS)))
          .compose(x -> deploy(new BotTimeoutWorker(handoffs, BotTimeoutWorker.TICK_MILLIS)))
          .compose(x -> deploy(new UploadSweeper(attachments, UploadSweeper.TICK_MILLIS)))
          .compose(x -> deploy(new EmbeddingWorker(pool, embeddings)))
          .compose(x -> {
            reconciler = new RoutingReconciler(routing, assigner, config.nodeId(), RoutingReconciler.PERIOD_MILLIS);
            return deploy(reconciler);
          })
          .compose(x -> agents.ensureFirstAdmin(config.adminEmail(), config.adminPassword()))
          .map(created -> firstAdminCreated = created)
          .compose(x -> vertx.deployVerticle(() -> new HttpVerticle(router, config.httpPort(), connectionGuard),
              new DeploymentOptions().setInstances(Math.max(1, Runtime.getRuntime().availableProcessors()))))
          .onSuccess(x -> log.info("hub node {} listening on {}", config.nodeId(), config.httpPort()))
          .mapEmpty();
    });
  }

  /** Background work lives in verticles; {@link #stop} undeploys them before what they use closes. */
  private Future<Void> deploy(VerticleBase worker) {
    return vertx.deployVerticle(worker).map(id -> {
      workers.add(id);
      return null;
    });
  }

  /** Stops serving and closes every connection; what was committed stays committed. */
  public Future<Void> stop() {
    Future<Void> workersStopped = Future.join(workers.stream().map(vertx::undeploy).toList()).mapEmpty();
    return workersStopped
        .eventually(() -> connectors == null ? Future.succeededFuture() : connectors.stop())
        .eventually(() -> {
          if (events != null) {
            events.close();
          }
          return vertx.close();
        });
  }

  public Vertx vertx() {
    return vertx;
  }

  public HubConfig config() {
    return config;
  }

  public Pool pool() {
    return pool;
  }

  /** Every route this node serves, the connectors' included (the OpenAPI contract test reads it). */
  public Router router() {
    return router;
  }

  public AgentService agents() {
    return agents;
  }

  public InboxService inboxes() {
    return inboxes;
  }

  /** The knowledge base's articles. */
  public Articles articles() {
    return articles;
  }

  /** This node's assignment decisions (Redis). */
  public Assigner assigner() {
    return assigner;
  }

  /** This node's periodic reconcile of routing's Redis state (tests run it at once). */
  public RoutingReconciler reconciler() {
    return reconciler;
  }

  /** This node's sweeper of old bot deliveries and audit entries (tests run it at once). */
  public BotRetentionSweeper botRetention() {
    return botRetention;
  }

  /** This node's event stream: any feature (or test) may listen. */
  public HubEvents events() {
    return events;
  }

  /** Whether this node created the first admin (the database had no agent). */
  public boolean firstAdminCreated() {
    return firstAdminCreated;
  }
}
