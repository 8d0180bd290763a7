package dev.switchboard.hub.bots;

import java.util.Map;

/**
 * How long the bot outbox and audit log keep their rows, in days: delivered events (and those only
 * stored for {@code /ws/bot} catch-up), dead-lettered events, and audit entries. Pending events are
 * never deleted, whatever their age.
 *
 * @param deliveredDays {@code SWITCHBOARD_BOT_DELIVERED_RETENTION_DAYS}, default 14
 * @param deadDays {@code SWITCHBOARD_BOT_DEAD_RETENTION_DAYS}, default 30 (long enough to find and retry them)
 * @param auditDays {@code SWITCHBOARD_BOT_AUDIT_RETENTION_DAYS}, default 30
 */
public record BotRetention(int deliveredDays, int deadDays, int auditDays) {

  public static final BotRetention DEFAULT = new BotRetention(14, 30, 30);

  public BotRetention {
    for (int days : new int[] {deliveredDays, deadDays, auditDays}) {
      if (days < 1 || days > 36_500) {
        throw new IllegalArgumentException("bot retention periods are whole days from 1 to 36500, got " + days);
      }
    }
  }

  public static BotRetention fromEnvironment(Map<String, String> env) {
    return new BotRetention(
        days(env, "SWITCHBOARD_BOT_DELIVERED_RETENTION_DAYS", DEFAULT.deliveredDays),
        days(env, "SWITCHBOARD_BOT_DEAD_RETENTION_DAYS", DEFAULT.deadDays),
        days(env, "SWITCHBOARD_BOT_AUDIT_RETENTION_DAYS", DEFAULT.auditDays));
  }

  private static int days(Map<String, String> env, String name, int fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number of days, got " + v);
    }
  }
}
