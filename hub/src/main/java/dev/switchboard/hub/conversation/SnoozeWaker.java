package dev.switchboard.hub.conversation;

import dev.switchboard.hub.store.DueWork;
import io.vertx.core.Future;

/**
 * Wakes snoozed conversations when their time comes, on every node: the statement that wakes them
 * skips rows another node holds and re-checks the status, so each wakes exactly once.
 */
public final class SnoozeWaker extends DueWork {

  /** A snooze ends within about a second of its time; a tick with nothing due reads one index page. */
  public static final long TICK_MILLIS = 1_000;

  private final ConversationService conversations;

  public SnoozeWaker(ConversationService conversations, long tickMillis) {
    super(tickMillis);
    this.conversations = conversations;
  }

  @Override
  protected Future<Integer> batch() {
    return conversations.wakeDue();
  }

  @Override
  protected int batchSize() {
    return ConversationService.WAKE_BATCH;
  }

  @Override
  protected String what() {
    return "snoozed conversations woken";
  }
}
