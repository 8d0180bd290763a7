package dev.switchboard.hub.kb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/v1/kb/search}: the knowledge base for a bot drafting on a server: published
 * articles with their bodies and public links, for bots with the read scope only.
 */
class BotKbSearchTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("kbbot");
  static long inbox;

  @BeforeAll
  static void start() {
    inbox = node.admin().webInbox("Shop");
  }

  @Test
  void aReadingBotFindsPublishedArticlesWithTheirBodiesAndLinks() {
    long refund = KbClient.create(node.admin(), "Refund policy", "Return it within **30 days** for a refund.", true)
        .json().getLong("id");
    KbClient.create(node.admin(), "Refund exceptions (draft)", "Sale items are not refunded.", false);
    KbClient.create(node.admin(), "Long refund guide", "refund ".repeat(2_000), true);
    ApiClient reader = bot("reader", "read");

    Reply r = reader.get("/api/v1/kb/search?q=refund&limit=5");
    assertEquals(200, r.status(), r.text());
    JsonArray results = r.json().getJsonArray("results");
    List<String> titles = results.stream().map(o -> ((JsonObject) o).getString("title")).toList();
    assertTrue(titles.contains("Refund policy") && titles.contains("Long refund guide"), titles.toString());
    assertFalse(titles.contains("Refund exceptions (draft)"), "a draft article is never found");
    JsonObject policy = results.stream().map(o -> (JsonObject) o).filter(o -> o.getLong("id") == refund)
        .findFirst().orElseThrow();
    assertEquals("Return it within **30 days** for a refund.", policy.getString("body"));
    assertEquals("/kb/articles/" + refund, policy.getString("url"));
    assertFalse(policy.getBoolean("body_truncated"));
    JsonObject guide = results.stream().map(o -> (JsonObject) o)
        .filter(o -> "Long refund guide".equals(o.getString("title"))).findFirst().orElseThrow();
    assertEquals(8_000, guide.getString("body").length());
    assertTrue(guide.getBoolean("body_truncated"));
    assertEquals(1, reader.get("/api/v1/kb/search?q=refund&limit=1").json().getJsonArray("results").size());

    assertEquals(400, reader.get("/api/v1/kb/search").status());
    assertEquals(400, reader.get("/api/v1/kb/search?q=" + "x".repeat(201)).status());
    assertEquals(200, node.admin().get("/api/v1/kb/search?q=refund").status(), "agents may search too");
  }

  @Test
  void aBotWithoutTheReadScopeMayNotSearch() {
    Reply r = bot("drafter-only", "draft").get("/api/v1/kb/search?q=refund");
    assertEquals(403, r.status(), r.text());
    assertEquals("forbidden", r.json().getString("error"));
    assertEquals(401, new ApiClient("http://localhost:" + node.config().httpPort()).withToken("sbbot_nope")
        .get("/api/v1/kb/search?q=refund").status());
  }

  private static ApiClient bot(String name, String... scopes) {
    Reply created = node.admin().post("/api/v1/bots", new JsonObject().put("name", name)
        .put("scopes", new JsonArray(List.of((Object[]) scopes))).put("inbox_ids", new JsonArray().add(inbox)));
    assertEquals(201, created.status(), created.text());
    return new ApiClient("http://localhost:" + node.config().httpPort()).withToken(created.json().getString("token"));
  }
}
