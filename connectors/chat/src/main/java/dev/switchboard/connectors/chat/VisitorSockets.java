package dev.switchboard.connectors.chat;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Open widget sockets per visitor on this node. A visitor has a few tabs; a script replaying one
 * token must not hold hundreds of sockets (and their watches) on a node.
 */
final class VisitorSockets {

  /** Tabs one person plausibly keeps open on one site. */
  static final int MAX_PER_VISITOR = 10;

  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  /** Counts one more socket for the visitor, unless they hold the maximum already. */
  boolean tryOpen(String visitorId) {
    boolean[] opened = {false};
    open.compute(visitorId, (id, n) -> {
      int count = n == null ? 0 : n;
      if (count >= MAX_PER_VISITOR) {
        return n;
      }
      opened[0] = true;
      return count + 1;
    });
    return opened[0];
  }

  void closed(String visitorId) {
    open.computeIfPresent(visitorId, (id, n) -> n <= 1 ? null : n - 1);
  }
}
