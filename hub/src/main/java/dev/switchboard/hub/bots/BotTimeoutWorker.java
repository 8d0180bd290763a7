package dev.switchboard.hub.bots;

import dev.switchboard.hub.store.DueWork;
import io.vertx.core.Future;

/**
 * Hands a conversation to the humans when its bot leaves the customer's message unanswered past the
 * inbox's {@code bot_timeout_seconds}. Runs on every node, like the snooze waker: the state is in
 * PostgreSQL (the bot's conversations whose customer waits, a small partial index), so a restart loses
 * no timer, and {@code sb_handoff} locks and re-checks each one, so exactly one node hands it off.
 */
public final class BotTimeoutWorker extends DueWork {

  /** A hand-off happens within about a second of its time. */
  public static final long TICK_MILLIS = 1_000;
  static final int BATCH = 100;

  private final Handoffs handoffs;

  public BotTimeoutWorker(Handoffs handoffs, long tickMillis) {
    super(tickMillis);
    this.handoffs = handoffs;
  }

  @Override
  protected Future<Integer> batch() {
    return handoffs.handOffDue(BATCH);
  }

  @Override
  protected int batchSize() {
    return BATCH;
  }

  @Override
  protected String what() {
    return "bot time-outs handed off";
  }
}
