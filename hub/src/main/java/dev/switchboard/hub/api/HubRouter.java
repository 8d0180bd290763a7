package dev.switchboard.hub.api;

import dev.switchboard.hub.HubError;
import dev.switchboard.hub.access.Visibility;
import dev.switchboard.hub.agent.AgentService;
import dev.switchboard.hub.bots.BotAudit;
import dev.switchboard.hub.bots.BotEventLog;
import dev.switchboard.hub.bots.Bots;
import dev.switchboard.hub.bots.Drafts;
import dev.switchboard.hub.bots.Handoffs;
import dev.switchboard.hub.canned.CannedResponses;
import dev.switchboard.hub.channel.Channels;
import dev.switchboard.hub.conversation.Attachments;
import dev.switchboard.hub.conversation.ConversationService;
import dev.switchboard.hub.conversation.CustomerService;
import dev.switchboard.hub.events.HubEvents;
import dev.switchboard.hub.inbox.InboxMembers;
import dev.switchboard.hub.inbox.InboxService;
import dev.switchboard.hub.intake.SetAsideStore;
import dev.switchboard.hub.kb.Articles;
import dev.switchboard.hub.kb.KbSearch;
import dev.switchboard.hub.limits.ClientAddress;
import dev.switchboard.hub.limits.RateLimiter;
import dev.switchboard.hub.notify.Notifications;
import dev.switchboard.hub.ops.Health;
import dev.switchboard.hub.ops.Metrics;
import dev.switchboard.hub.ops.MetricsEndpoint;
import dev.switchboard.hub.presence.PresenceService;
import dev.switchboard.hub.macros.Macros;
import dev.switchboard.hub.routing.AutoAssign;
import dev.switchboard.hub.routing.Capacity;
import dev.switchboard.hub.routing.Teams;
import dev.switchboard.hub.tags.Tags;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;

/** The hub's HTTP surface, in the order of DESIGN.md's public contract. */
public final class HubRouter {

  /** Every REST and webhook body is limited to 64 KB. */
  public static final long MAX_BODY_BYTES = 64 * 1024;

  /** What the routes need. */
  public record Services(
      AgentService agents,
      ConversationService conversations,
      CustomerService customers,
      InboxService inboxes,
      InboxMembers inboxMembers,
      Attachments attachments,
      PresenceService presence,
      HubEvents events,
      Visibility visibility,
      Metrics metrics,
      MetricsEndpoint metricsEndpoint,
      RateLimiter limiter,
      ClientAddress addresses,
      Health health,
      SetAsideStore setAside,
      Channels channels,
      CannedResponses canned,
      Notifications notifications,
      Teams teams,
      AutoAssign routing,
      Capacity capacity,
      Tags tags,
      Macros macros,
      Bots bots,
      BotAudit botAudit,
      BotEventLog botEvents,
      Drafts drafts,
      Articles articles,
      KbSearch kbSearch,
      Handoffs handoffs) {}

  private HubRouter() {}

  /** Core routes; connectors add theirs afterwards, then {@link #finish} adds the fall-backs. */
  public static Router create(Vertx vertx, Services s) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      ctx.response().putHeader("x-content-type-options", "nosniff").putHeader("referrer-policy", "no-referrer");
      ctx.next();
    });
    // a bot's token passes the BotGate here: its scopes, inboxes and audit, for every API route
    BearerAuth auth = new BearerAuth(s.agents(), s.limiter(), s.bots(), new BotGate(s.conversations(), s.botAudit()));
    // an upload's body may be larger than the API's: it is read only after the caller is known
    AttachmentRoutes attachments = new AttachmentRoutes(s.attachments(), s.conversations(), s.visibility());
    // (routes of their own: Vert.x wants a body handler first on any one route)
    router.post("/api/v1/attachments").handler(ctx -> {
      ctx.request().pause();
      // refused before the body was read (401, 429): let the rest of it drain rather than stall the connection
      ctx.addHeadersEndHandler(v -> ctx.request().resume());
      ctx.next();
    });
    router.post("/api/v1/attachments").handler(auth);
    router.post("/api/v1/attachments").handler(BodyHandler.create(false).setBodyLimit(Attachments.MAX_BYTES));
    router.post("/api/v1/attachments").handler(attachments::upload);
    // articles are larger than other bodies; the first body handler a request meets is the one that reads
    router.route("/api/v1/kb/*").handler(BodyHandler.create(false).setBodyLimit(KbRoutes.MAX_BODY_BYTES));
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.route("/api/*").handler(ctx -> {
      if (ctx.queryParams().entries().stream().anyMatch(e -> Requests.hasNul(e.getKey()) || Requests.hasNul(e.getValue()))) {
        ctx.fail(Requests.nul());
      } else {
        ctx.next();
      }
    });
    router.route("/webhooks/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));

    StaticPages pages = new StaticPages(s.inboxes());
    router.get("/health").handler(s.health());
    router.get("/metrics").handler(s.metricsEndpoint());
    router.get("/widget.js").handler(pages.widget());
    router.get("/demo").handler(pages.demo());
    router.get("/demo.css").handler(pages.demoCss());
    // an exact route also matches its trailing-slash form: only redirect the bare path
    router.get("/inbox").handler(ctx -> {
      if (ctx.request().path().endsWith("/")) {
        ctx.next();
      } else {
        ctx.redirect("/inbox/");
      }
    });
    router.get("/inbox/*").handler(ctx -> {
      ctx.response().putHeader("content-security-policy", StaticPages.CSP).putHeader("x-frame-options", "DENY");
      ctx.next();
    });
    router.get("/inbox/vendor/:name").handler(new VendorModules());
    router.get("/inbox/*").handler(StaticHandler.create("webroot/inbox").setCachingEnabled(false)
        .setIndexPage("index.html"));
    KbPages kbPages = new KbPages(s.articles(), s.kbSearch(), s.inboxes(), s.limiter(), s.addresses());
    router.get("/kb/search").handler(kbPages::search);
    router.get("/kb/kb.css").handler(kbPages::css);
    router.get("/kb/articles/:id").handler(kbPages::page);
    router.get("/ws/agent").handler(new AgentSocket(vertx, s.agents(), s.conversations(), s.presence(),
        s.events(), s.visibility(), s.metrics()));
    router.get("/ws/bot").handler(new BotSocket(vertx, s.bots(), s.botEvents(), s.events()));

    router.get("/api/v1/openapi.json").handler(pages.openapi());
    AgentRoutes agents = new AgentRoutes(s.agents(), s.presence(), s.limiter(), s.addresses(), s.teams(),
        s.routing());
    router.post("/api/v1/auth/login").handler(agents::login);
    router.route("/api/v1/*").handler(auth);
    router.post("/api/v1/auth/logout").handler(agents::logout);
    router.get("/api/v1/me").handler(agents::me);
    router.patch("/api/v1/me").handler(agents::updateMe);
    router.put("/api/v1/me/presence").handler(agents::setPresence);
    NotificationRoutes notifications = new NotificationRoutes(s.notifications());
    router.get("/api/v1/me/notifications").handler(notifications::list);
    router.post("/api/v1/me/notifications/read").handler(notifications::read);
    router.get("/api/v1/agents").handler(agents::list);
    router.post("/api/v1/agents").handler(agents::create);
    router.patch("/api/v1/agents/:id").handler(agents::update);

    TeamRoutes teams = new TeamRoutes(s.teams(), s.routing());
    router.get("/api/v1/teams").handler(teams::list);
    router.post("/api/v1/teams").handler(teams::create);
    router.patch("/api/v1/teams/:id").handler(teams::update);
    router.delete("/api/v1/teams/:id").handler(teams::delete);

    ConversationChanges changes = new ConversationChanges(s.conversations(), s.agents(), s.teams(), s.capacity(),
        s.events());
    ConversationRoutes conversations = new ConversationRoutes(s.conversations(), s.presence(), s.visibility(),
        s.metrics(), s.channels(), changes);
    MacroRoutes macros = new MacroRoutes(s.macros(), s.conversations(), conversations, changes, s.metrics());
    router.get("/api/v1/conversations").handler(conversations::list);
    router.get("/api/v1/conversations/counts").handler(conversations::counts);
    router.get("/api/v1/conversations/:id").handler(conversations::get);
    router.patch("/api/v1/conversations/:id").handler(conversations::update);
    router.get("/api/v1/conversations/:id/messages").handler(conversations::messages);
    router.post("/api/v1/conversations/:id/messages").handler(conversations::reply);
    router.get("/api/v1/conversations/:id/cases").handler(conversations::cases);
    router.post("/api/v1/conversations/:id/macros/:macroId").handler(macros::run);
    router.post("/api/v1/conversations/:id/handoff").handler(new HandoffRoutes(s.handoffs(), s.conversations())::handOff);

    DraftRoutes drafts = new DraftRoutes(s.drafts(), conversations, s.conversations(), s.visibility(), s.metrics());
    router.get("/api/v1/conversations/:id/drafts").handler(drafts::list);
    router.post("/api/v1/conversations/:id/drafts").handler(drafts::create);
    router.post("/api/v1/drafts/:id/accept").handler(drafts::accept);
    router.post("/api/v1/drafts/:id/dismiss").handler(drafts::dismiss);

    CustomerRoutes customers = new CustomerRoutes(s.customers(), s.presence());
    router.get("/api/v1/customers/:id").handler(customers::get);
    router.post("/api/v1/customers/:id/merge").handler(customers::merge);

    router.get("/api/v1/attachments/:id").handler(attachments::get);

    router.get("/api/v1/channels").handler(new ChannelRoutes(s.channels())::list);

    InboxRoutes inboxes = new InboxRoutes(s.inboxes(), s.inboxMembers(), s.visibility(), s.events(), s.channels(),
        s.bots());
    router.get("/api/v1/inboxes").handler(inboxes::list);
    router.post("/api/v1/inboxes").handler(inboxes::create);
    router.get("/api/v1/inboxes/:id").handler(inboxes::get);
    router.get("/api/v1/inboxes/:id/templates").handler(inboxes::templates);
    router.patch("/api/v1/inboxes/:id").handler(inboxes::update);
    router.delete("/api/v1/inboxes/:id").handler(inboxes::delete);

    BotRoutes bots = new BotRoutes(s.bots(), s.drafts());
    router.get("/api/v1/bots").handler(bots::list);
    router.post("/api/v1/bots").handler(bots::create);
    router.get("/api/v1/bots/:id").handler(bots::get);
    router.patch("/api/v1/bots/:id").handler(bots::update);
    router.delete("/api/v1/bots/:id").handler(bots::delete);
    router.post("/api/v1/bots/:id/rotate").handler(bots::rotate);
    router.get("/api/v1/bots/:id/audit").handler(bots::audit);
    router.get("/api/v1/bots/:id/deliveries").handler(bots::deliveries);
    router.post("/api/v1/bots/:id/deliveries/:deliveryId/retry").handler(bots::retry);

    router.get("/api/v1/set-aside").handler(new SetAsideRoutes(s.setAside())::list);

    CannedResponseRoutes canned = new CannedResponseRoutes(s.canned());
    router.get("/api/v1/canned-responses").handler(canned::list);
    router.post("/api/v1/canned-responses").handler(canned::create);
    router.patch("/api/v1/canned-responses/:id").handler(canned::update);
    router.delete("/api/v1/canned-responses/:id").handler(canned::delete);

    router.get("/api/v1/macros").handler(macros::list);
    router.post("/api/v1/macros").handler(macros::create);
    router.patch("/api/v1/macros/:id").handler(macros::update);
    router.delete("/api/v1/macros/:id").handler(macros::delete);

    TagRoutes tags = new TagRoutes(s.tags());
    router.get("/api/v1/tags").handler(tags::list);
    router.post("/api/v1/tags").handler(tags::create);
    router.delete("/api/v1/tags/:name").handler(tags::delete);

    KbRoutes kb = new KbRoutes(s.articles(), s.kbSearch());
    router.get("/api/v1/kb/search").handler(kb::search);
    router.get("/api/v1/kb/articles").handler(kb::list);
    router.post("/api/v1/kb/articles").handler(kb::create);
    router.get("/api/v1/kb/articles/:id").handler(kb::get);
    router.patch("/api/v1/kb/articles/:id").handler(kb::update);
    router.delete("/api/v1/kb/articles/:id").handler(kb::delete);
    router.post("/api/v1/kb/preview").handler(kb::preview);
    return router;
  }

  /** After the connectors' routes: JSON errors for everything, and a JSON 404. */
  public static void finish(Router router, Metrics metrics) {
    router.route().last().handler(ctx -> ctx.fail(HubError.notFound(
        ctx.request().method() == HttpMethod.GET ? ctx.request().path() : "route")));
    ApiErrors errors = new ApiErrors(metrics);
    router.route().failureHandler(errors);
    router.errorHandler(404, errors);
    router.errorHandler(405, errors);
    router.errorHandler(413, errors);
  }
}
