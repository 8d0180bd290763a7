package dev.switchboard.connectors.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What a channel can do, so the hub and the inbox UI never guess by its name.
 *
 * @param replyWindow         how long after the customer's last message the business may still write
 *                            freely (WhatsApp: 24 h), or {@code null} for no limit
 * @param typing              the customer sees the agent typing (and the agent the customer)
 * @param outboundAttachments replies may carry files
 * @param templates           the channel has provider-approved message templates (needed outside the window)
 * @param replies             how a reply reaches the customer
 * @param agentReplyWindow    how long a reply written by a human agent (never a bot) may still go out
 *                            after the customer's last message, when that is longer than
 *                            {@code replyWindow} (Messenger's {@code HUMAN_AGENT} tag: 7 days), or {@code null}
 */
public record ChannelCapabilities(Duration replyWindow, boolean typing, boolean outboundAttachments,
    boolean templates, Replies replies, Duration agentReplyWindow) {

  /** How replies reach customers. */
  public enum Replies {
    /** Through the hub's outbox and the connector's {@link Connector#deliver}: queued, retried, receipted. */
    OUTBOX,
    /**
     * Through the connector's own live socket, which watches the conversation
     * ({@link ConnectorContext#watch}): a reply is sent as soon as it is stored, nothing is queued,
     * and the customer needs no address to be reached.
     */
    LIVE_SOCKET
  }

  public ChannelCapabilities {
    Objects.requireNonNull(replies, "replies");
    if (replyWindow != null && (replyWindow.isNegative() || replyWindow.isZero())) {
      throw new IllegalArgumentException("a reply window must be positive (or null for none)");
    }
    if (agentReplyWindow != null && (replyWindow == null || agentReplyWindow.compareTo(replyWindow) <= 0)) {
      throw new IllegalArgumentException("an agent reply window extends a reply window: longer than it, or null");
    }
  }

  public ChannelCapabilities(Duration replyWindow, boolean typing, boolean outboundAttachments, boolean templates,
      Replies replies) {
    this(replyWindow, typing, outboundAttachments, templates, replies, null);
  }

  /**
   * Whether a free-form reply may still go out {@code sinceCustomer} after the customer's last
   * message on this channel ({@code null}: they never wrote on it); {@code byHumanAgent} for replies
   * an agent wrote (not a bot's), which {@link #agentReplyWindow} may allow for longer.
   */
  public boolean mayReplyFreely(Duration sinceCustomer, boolean byHumanAgent) {
    if (replyWindow == null) {
      return true;
    }
    if (sinceCustomer == null) {
      return false;
    }
    Duration window = byHumanAgent && agentReplyWindow != null ? agentReplyWindow : replyWindow;
    return sinceCustomer.compareTo(window) <= 0;
  }

  /** A channel replied to through the outbox, without window, typing, attachments or templates. */
  public static ChannelCapabilities outbox() {
    return new ChannelCapabilities(null, false, false, false, Replies.OUTBOX);
  }

  public ChannelCapabilities withReplyWindow(Duration window) {
    return new ChannelCapabilities(window, typing, outboundAttachments, templates, replies, agentReplyWindow);
  }

  public ChannelCapabilities withTyping() {
    return new ChannelCapabilities(replyWindow, true, outboundAttachments, templates, replies, agentReplyWindow);
  }

  public ChannelCapabilities withOutboundAttachments() {
    return new ChannelCapabilities(replyWindow, typing, true, templates, replies, agentReplyWindow);
  }

  public ChannelCapabilities withTemplates() {
    return new ChannelCapabilities(replyWindow, typing, outboundAttachments, true, replies, agentReplyWindow);
  }

  public ChannelCapabilities repliedThrough(Replies path) {
    return new ChannelCapabilities(replyWindow, typing, outboundAttachments, templates, path, agentReplyWindow);
  }

  /** Human agents' replies may go out this long after the customer's last message (see {@link #agentReplyWindow}). */
  public ChannelCapabilities withAgentReplyWindow(Duration window) {
    return new ChannelCapabilities(replyWindow, typing, outboundAttachments, templates, replies, window);
  }
}
