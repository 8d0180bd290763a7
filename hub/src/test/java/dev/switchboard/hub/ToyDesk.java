package dev.switchboard.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Predicate;

/**
 * Customers writing through the test connector ({@code toy}) to agents who go online: what the
 * routing, capacity and hand-off tests share. Everything goes through the hub's HTTP API.
 */
public final class ToyDesk {

  /** A conversation someone holds. */
  public static final Predicate<JsonObject> ASSIGNED = c -> c.getValue("assignee_id") != null;

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final RunningHub node;

  public ToyDesk(RunningHub node) {
    this.node = node;
  }

  /** A toy inbox routed to {@code team} with auto-assignment on. */
  public long inbox(String name, long team) {
    ApiClient.Reply created = node.admin().post("/api/v1/inboxes", new JsonObject().put("name", name).put("channel", "toy")
        .put("config", new JsonObject().put("account", "acme").put("api_key", "k").put("team_id", team)
            .put("auto_assign", true)));
    assertEquals(201, created.status(), created.text());
    return created.json().getLong("id");
  }

  /** The agent says they are online, as the inbox's presence menu does. */
  public void online(ApiClient agent) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url("/api/v1/me/presence"))
        .header("content-type", "application/json").header("authorization", "Bearer " + agent.token())
        .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"online\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(204, r.statusCode(), r.body());
  }

  /** A customer's message through the toy webhook (its id makes a repeat of the same text a retry). */
  public void write(long inbox, String phone, String text) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url("/webhooks/toy/" + inbox))
        .header("content-type", "application/json").header("x-toy-key", "k")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("from", phone).put("text", text)
            .put("id", phone + text).encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode() / 100 * 100, r.body());
  }

  /** The customer's conversation once {@code until} holds (polled: assignment follows the events). */
  public JsonObject conversation(String phone, Predicate<JsonObject> until) throws InterruptedException {
    JsonObject last = null;
    for (int i = 0; i < 100; i++) {
      ApiClient.Reply list = node.admin().get("/api/v1/conversations?status=all");
      assertEquals(200, list.status(), list.text());
      last = list.json().getJsonArray("conversations").stream().map(o -> (JsonObject) o)
          .filter(c -> phone.equals(c.getJsonObject("customer").getString("phone"))).findFirst().orElse(null);
      if (last != null && until.test(last)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("never true for " + phone + ": " + last);
  }

  private URI url(String path) {
    return URI.create("http://localhost:" + node.config().httpPort() + path);
  }
}
