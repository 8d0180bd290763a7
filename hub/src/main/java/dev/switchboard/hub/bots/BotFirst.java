package dev.switchboard.hub.bots;

import dev.switchboard.hub.conversation.Message;
import dev.switchboard.hub.events.HubEvent.Assigned;
import dev.switchboard.hub.events.HubEvent.MessageAppended;
import dev.switchboard.hub.events.HubEvents;
import dev.switchboard.hub.inbox.BotFirstConfig;
import dev.switchboard.hub.inbox.InboxService;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's own hand-offs in bot-first inboxes, as a listener of the events its node published (so
 * each is looked at once in the deployment): a customer message holding one of the inbox's
 * {@code handoff_words}, and an agent taking the conversation (a reply, or assigning it). A customer
 * message in an inbox without a {@code bot_id} costs one look at the cached config and nothing else;
 * an agent's reply or assignment one locked read of its conversation.
 */
public final class BotFirst {

  private static final Logger log = LoggerFactory.getLogger(BotFirst.class);

  private final InboxService inboxes;
  private final Handoffs handoffs;

  public BotFirst(InboxService inboxes, Handoffs handoffs) {
    this.inboxes = inboxes;
    this.handoffs = handoffs;
  }

  public void start(HubEvents events) {
    events.listenToOwn(MessageAppended.class, e -> logged(appended(e)));
    events.listenToOwn(Assigned.class, e -> logged(assigned(e)));
  }

  private Future<?> appended(MessageAppended e) {
    Message m = e.message();
    boolean inbound = "in".equals(m.direction());
    boolean agentReply = "out".equals(m.direction()) && "agent".equals(m.authorType());
    if (!(inbound || agentReply) || e.scope().inboxId() == null) {
      return Future.succeededFuture();
    }
    if (agentReply) {
      // the agent answered: the customer's wait ended with it, not at the hand-off. Whatever the
      // inbox says now (its bot removed, the customer since on another inbox): a conversation still
      // with a bot is the agent's from here; sb_handoff does nothing to one without
      return handoffs.handOff(m.conversationId(), null, Handoffs.Cause.AGENT, m.authorName() + " replied",
          new Handoffs.By("agent", m.authorId(), m.authorName()), false);
    }
    return botFirst(e.scope().inboxId()).compose(config -> {
      if (config == null) {
        return Future.succeededFuture();
      }
      String word = config.handoffWord(m.body());
      return word == null ? Future.succeededFuture()
          : handoffs.handOff(m.conversationId(), null, Handoffs.Cause.CUSTOMER_ASKED,
              "the customer asked for a person (\u201c" + word + "\u201d)", Handoffs.By.HUB, true);
    });
  }

  private Future<?> assigned(Assigned e) {
    if (e.byAgentId() == null || e.scope().assigneeId() == null || e.scope().inboxId() == null) {
      return Future.succeededFuture();
    }
    // as with a reply: an agent's assignment ends a bot's turn whatever the inbox's config says now
    return handoffs.handOff(e.scope().conversationId(), null, Handoffs.Cause.AGENT,
        (e.byName() == null ? "an agent" : e.byName()) + " assigned it",
        new Handoffs.By("agent", e.byAgentId(), e.byName()), true);
  }

  /** The inbox's bot-first config when it names a bot ({@code null} otherwise), from the inboxes' short cache. */
  private Future<BotFirstConfig> botFirst(long inboxId) {
    return inboxes.enabled(String.valueOf(inboxId))
        .map(inbox -> {
          BotFirstConfig c = BotFirstConfig.of(inbox.config());
          return c.botId() == null ? null : c;
        })
        .otherwise((BotFirstConfig) null);
  }

  private static void logged(Future<?> work) {
    work.onFailure(e -> log.warn("could not hand a conversation off: {}", e.toString()));
  }
}
