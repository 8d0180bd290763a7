package dev.switchboard.connectors.meta;

import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Messenger or Instagram customer's name, which webhooks do not carry: asked of the Graph API
 * ({@code GET /{psid}?fields=first_name,last_name}; Instagram: {@code fields=name,username}) with the
 * page token, remembered per inbox and customer. A name that cannot be had is {@code null}: the
 * message is stored without it, never held up.
 */
final class ProfileNames {

  private static final int REMEMBERED = 10_000;
  private static final long TIMEOUT_MILLIS = 3_000;

  private final GraphClient graph;
  private final Map<String, String> names = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > REMEMBERED;
    }
  };

  ProfileNames(GraphClient graph) {
    this.graph = graph;
  }

  Future<String> of(MetaInbox inbox, String customer) {
    String key = inbox.id() + "\n" + customer;
    synchronized (names) {
      if (names.containsKey(key)) {
        return Future.succeededFuture(names.get(key));
      }
    }
    if (!customer.matches("[0-9]{1,40}")) {
      return Future.succeededFuture(null);
    }
    boolean instagram = MetaConnector.INSTAGRAM.equals(inbox.channel());
    String url = inbox.apiBaseUrl() + "/" + customer + "?fields=" + (instagram ? "name,username" : "first_name,last_name");
    return graph.get(url, inbox.accessToken())
        .timeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .map(profile -> {
          String name = instagram ? first(profile.getString("name"), profile.getString("username"))
              : join(profile.getString("first_name"), profile.getString("last_name"));
          synchronized (names) {
            names.put(key, name);
          }
          return name;
        })
        .otherwise((String) null);
  }

  private static String first(String a, String b) {
    return a != null && !a.isBlank() ? a.trim() : b != null && !b.isBlank() ? b.trim() : null;
  }

  private static String join(String first, String last) {
    String name = ((first == null ? "" : first.trim()) + " " + (last == null ? "" : last.trim())).trim();
    return name.isEmpty() ? null : name;
  }
}
