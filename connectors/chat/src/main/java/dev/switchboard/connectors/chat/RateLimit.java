package dev.switchboard.connectors.chat;

/** A token bucket: {@code perSecond} sustained, {@code burst} at once. One per socket, on its event loop. */
final class RateLimit {

  private final double perSecond;
  private final double burst;
  private double tokens;
  private long last = System.nanoTime();

  RateLimit(double perSecond, double burst) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
  }

  boolean tryTake() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
    last = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
