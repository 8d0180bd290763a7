package dev.switchboard.connectors.meta;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WhatsApp inbox's approved message templates, from {@code GET {api}/{business_account_id}/
 * message_templates}, cached for {@link #TTL_MILLIS} per inbox (and dropped when its account or token
 * changes). Each as {@code {name, language, category, body, parameters}}: {@code parameters} is how
 * many {@code {{n}}} placeholders the body has.
 */
final class WhatsAppTemplates {

  static final long TTL_MILLIS = 5 * 60_000;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(\\d+)\\s*}}");

  /** {@code fingerprint} holds the token: never printed. */
  private record Entry(String fingerprint, long expires, Future<List<JsonObject>> templates) {
    @Override
    public String toString() {
      return "WhatsAppTemplates.Entry";
    }
  }

  private final GraphClient graph;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  WhatsAppTemplates(GraphClient graph) {
    this.graph = graph;
  }

  Future<List<JsonObject>> of(MetaInbox inbox) {
    if (inbox.businessAccountId() == null) {
      return Future.failedFuture(new IllegalStateException(
          "This WhatsApp inbox has no business_account_id; an admin must add it to list the approved templates."));
    }
    String fingerprint = inbox.businessAccountId() + "\n" + inbox.accessToken() + "\n" + inbox.apiBaseUrl();
    long now = System.currentTimeMillis();
    Entry entry = cache.compute(inbox.id(), (id, old) -> old != null && old.fingerprint().equals(fingerprint)
        && old.expires() > now && !old.templates().failed() ? old : new Entry(fingerprint, now + TTL_MILLIS, fetch(inbox)));
    return entry.templates();
  }

  private Future<List<JsonObject>> fetch(MetaInbox inbox) {
    String url = inbox.apiBaseUrl() + "/" + inbox.businessAccountId() + "/message_templates?limit=200";
    return graph.get(url, inbox.accessToken())
        .recover(e -> Future.failedFuture(new IllegalStateException(e instanceof GraphError g
            ? "Meta did not list the templates: " + GraphErrors.whatsapp(g) : "Meta could not be asked for the templates now.")))
        .map(answer -> {
          List<JsonObject> out = new ArrayList<>();
          for (Object o : answer.getJsonArray("data", new JsonArray())) {
            if (o instanceof JsonObject t && "APPROVED".equalsIgnoreCase(t.getString("status", ""))) {
              String body = body(t.getJsonArray("components", new JsonArray()));
              out.add(new JsonObject().put("name", t.getString("name")).put("language", t.getString("language"))
                  .put("category", t.getString("category")).put("body", body).put("parameters", count(body)));
            }
          }
          return out;
        });
  }

  private static String body(JsonArray components) {
    for (Object o : components) {
      if (o instanceof JsonObject c && "BODY".equalsIgnoreCase(c.getString("type", ""))) {
        return c.getString("text", "");
      }
    }
    return "";
  }

  private static int count(String body) {
    int max = 0;
    Matcher m = PLACEHOLDER.matcher(body);
    while (m.find()) {
      max = Math.max(max, Integer.parseInt(m.group(1)));
    }
    return max;
  }
}
