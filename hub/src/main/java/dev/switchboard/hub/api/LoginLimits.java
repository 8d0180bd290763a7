package dev.switchboard.hub.api;

import dev.switchboard.hub.limits.RateLimiter;
import io.vertx.core.Future;

/**
 * The budgets a login attempt must fit in before any password is hashed, counted in Redis so they
 * hold across nodes. Per address and email slows guessing one password; per address stops one
 * address from spraying many emails; everywhere caps what a botnet of addresses can make all the
 * nodes hash together. Checked narrowest first, so an address refused on its own budget does not
 * use up everyone else's. A successful login gives its per-address and global count back: an office
 * behind one address signing in at nine is not an attack.
 */
final class LoginLimits {

  static final int WINDOW_SECONDS = 300;
  /** Per address and email in 5 minutes. */
  static final int PER_ADDRESS_AND_EMAIL = 10;
  /** Per address in 5 minutes, whatever the email. */
  static final int PER_ADDRESS = 30;
  /** On all nodes together, per minute. */
  static final int EVERYWHERE_PER_MINUTE = 300;

  private final RateLimiter limiter;

  LoginLimits(RateLimiter limiter) {
    this.limiter = limiter;
  }

  /** {@code true} when the attempt fits every budget. */
  Future<Boolean> admit(String address, String email) {
    return limiter.allow("login:" + address + ":" + email, PER_ADDRESS_AND_EMAIL, WINDOW_SECONDS)
        .compose(ok -> ok ? limiter.allow(perAddress(address), PER_ADDRESS, WINDOW_SECONDS) : Future.succeededFuture(false))
        .compose(ok -> ok ? limiter.allow(EVERYWHERE, EVERYWHERE_PER_MINUTE, 60) : Future.succeededFuture(false));
  }

  /** After a correct password. */
  Future<Void> succeeded(String address) {
    return Future.all(limiter.refund(perAddress(address)), limiter.refund(EVERYWHERE)).mapEmpty();
  }

  private static final String EVERYWHERE = "login-all";

  private static String perAddress(String address) {
    return "login-address:" + address;
  }
}
