package dev.switchboard.hub.kb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The knowledge base through its API and public pages. The embedder is configured but nothing
 * listens there: search must answer from full text alone, never fail.
 */
class KnowledgeBaseTest {

  private static final String PATH = "/api/v1/kb/articles";

  @RegisterExtension
  static final RunningHub node = new RunningHub("kb",
      c -> c.withEmbeddings("http://127.0.0.1:" + TestHub.freePort(), "secret"));
  static ApiClient agent;
  static KbClient visitor;
  static long inbox;

  @BeforeAll
  static void start() {
    Reply created = node.admin().post("/api/v1/agents", new JsonObject().put("email", "kim@example.com")
        .put("name", "Kim").put("password", "correct horse").put("role", "agent"));
    assertEquals(201, created.status(), created.text());
    agent = new ApiClient("http://localhost:" + node.config().httpPort()).login("kim@example.com", "correct horse");
    visitor = new KbClient(node.config().httpPort());
    Reply shop = node.admin().post("/api/v1/inboxes", new JsonObject().put("name", "Shop").put("channel", "web")
        .put("config", new JsonObject().put("allowed_origins", new JsonArray().add("https://shop.example"))));
    assertEquals(201, shop.status(), shop.text());
    inbox = shop.json().getLong("id");
  }

  @Test
  void anAdminWritesArticlesAgentsReadThemAndOnlyAdminsWrite() {
    Reply a = KbClient.create(node.admin(), "  Shipping times ", "We ship in **two** days.", false, "shipping",
        "delivery", "shipping");
    assertEquals(201, a.status(), a.text());
    JsonObject article = a.json();
    assertEquals("Shipping times", article.getString("title"));
    assertEquals(List.of("shipping", "delivery"), article.getJsonArray("tags").getList(), "trimmed, no duplicates");
    assertFalse(article.getBoolean("published"));
    long id = article.getLong("id");

    assertEquals("We ship in **two** days.", agent.get(PATH + "/" + id).json().getString("body"));
    assertTrue(agent.get(PATH).json().getJsonArray("articles").stream()
        .anyMatch(o -> ((JsonObject) o).getLong("id") == id), "agents see drafts too");
    assertEquals(403, agent.post(PATH, new JsonObject().put("title", "Mine")).status());
    assertEquals(403, agent.patch(PATH + "/" + id, new JsonObject().put("published", true)).status());
    assertEquals(403, agent.delete(PATH + "/" + id).status());

    Reply changed = node.admin().patch(PATH + "/" + id, new JsonObject().put("published", true));
    assertEquals(200, changed.status(), changed.text());
    assertTrue(changed.json().getBoolean("published"));
    assertEquals("Shipping times", changed.json().getString("title"), "fields left out keep their value");
    assertEquals(204, node.admin().delete(PATH + "/" + id).status());
    assertEquals(404, agent.get(PATH + "/" + id).status());
    assertEquals(404, node.admin().delete(PATH + "/" + id).status());
    assertEquals(404, node.admin().patch(PATH + "/" + id, new JsonObject().put("title", "x")).status());
  }

  @Test
  void badArticlesAreRefusedAndNothingIsStored() {
    int before = node.admin().get(PATH).json().getJsonArray("articles").size();
    List<JsonObject> bad = List.of(
        new JsonObject(),
        new JsonObject().put("title", "   "),
        new JsonObject().put("title", "x".repeat(201)),
        new JsonObject().put("title", 7),
        new JsonObject().put("title", "ok").put("body", "x".repeat(100_001)),
        new JsonObject().put("title", "ok").put("tags", "one"),
        new JsonObject().put("title", "ok").put("tags", new JsonArray().add("x".repeat(41))),
        new JsonObject().put("title", "ok").put("tags", new JsonArray(java.util.Collections.nCopies(21, "t"))),
        new JsonObject().put("title", "ok").put("published", "yes"),
        new JsonObject().put("title", "a\u0000b"));
    for (JsonObject body : bad) {
      Reply r = node.admin().post(PATH, body);
      assertEquals(400, r.status(), body.encode().substring(0, Math.min(80, body.encode().length())) + " " + r.text());
      assertTrue(r.json().getString("message") != null);
    }
    assertEquals(before, node.admin().get(PATH).json().getJsonArray("articles").size());
    assertEquals(201, KbClient.create(node.admin(), "x".repeat(200), "y".repeat(100_000), false).status(),
        "the largest article fits (beyond the API's usual 64 KB body)");
    long id = KbClient.create(node.admin(), "Patch me", "", false).json().getLong("id");
    assertEquals(400, node.admin().patch(PATH + "/" + id, new JsonObject()).status());
  }

  @Test
  void hostileMarkdownIsRenderedInertOnThePageAndInThePreview() {
    String body = """
        # Help

        <script>alert('x')</script>

        [click](javascript:alert(1)) and [docs](https://docs.example/help)

        <img src=x onerror="alert(2)">

        <a href="https://evil.example" onclick="alert(3)">raw</a>
        """;
    long id = KbClient.create(node.admin(), "<b>Bold</b> & \"quoted\"", body, true).json().getLong("id");
    KbClient.Page page = visitor.get("/kb/articles/" + id, null);
    assertEquals(200, page.status());
    String html = page.body();
    assertTrue(page.response().headers().firstValue("content-security-policy").orElse("").contains("script-src 'self'"));
    assertTrue(html.contains("<title>&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;</title>"), html);
    assertTrue(html.contains("<h1>&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;</h1>"), html);
    assertInert(html);
    assertTrue(html.contains("&lt;script&gt;alert('x')&lt;/script&gt;"), "raw HTML is shown as text: " + html);
    var docs = Jsoup.parse(html).select("a[href]");
    assertEquals(1, docs.size(), "only the Markdown link to https stays a link: " + docs);
    assertEquals("https://docs.example/help", docs.get(0).attr("href"));
    assertEquals("nofollow noopener", docs.get(0).attr("rel"));
    assertTrue(html.contains("<h1>Help</h1>"), html);

    Reply preview = agent.post("/api/v1/kb/preview", new JsonObject().put("body", body));
    assertEquals(200, preview.status(), preview.text());
    String p = preview.json().getString("html");
    assertInert(p);
    assertTrue(p.contains("rel=\"nofollow noopener\""), p);
  }

  /** No element that runs script: no script or img, no on* attribute, no javascript: URL. */
  static void assertInert(String html) {
    Document doc = Jsoup.parse(html);
    assertTrue(doc.select("script, img, iframe, object").isEmpty(), html);
    for (Element e : doc.getAllElements()) {
      for (Attribute a : e.attributes()) {
        assertFalse(a.getKey().toLowerCase().startsWith("on"), a + " in " + html);
        assertFalse(a.getValue().toLowerCase().contains("javascript:"), a + " in " + html);
      }
    }
  }

  @Test
  void draftsHaveNoPublicPageAndAreNeverFound() {
    long draft = KbClient.create(node.admin(), "Secret roadmap", "Launching the zeppelin line", false).json()
        .getLong("id");
    assertEquals(404, visitor.get("/kb/articles/" + draft, null).status());
    assertEquals(List.of(), visitor.titles(inbox, "zeppelin"));
    node.admin().patch(PATH + "/" + draft, new JsonObject().put("published", true));
    assertEquals(List.of("Secret roadmap"), visitor.titles(inbox, "zeppelin"));
    assertEquals(200, visitor.get("/kb/articles/" + draft, null).status());
  }

  @Test
  void fullTextRanksTitleAboveTagsAboveBodyAndAnswersWithoutTheEmbedder() {
    KbClient.create(node.admin(), "Returning a kayak", "Pack it well.", true);
    KbClient.create(node.admin(), "Care guide", "Rinse your kayak with fresh water.", true);
    KbClient.create(node.admin(), "Paddles", "Carbon or aluminium.", true, "kayak");
    KbClient.create(node.admin(), "Tents", "Four seasons.", true);
    assertEquals(List.of("Returning a kayak", "Paddles", "Care guide"), visitor.titles(inbox, "kayaks"),
        "stemmed; title (A) over tags (B) over body (C); the embedder is down and search still answers");
    assertEquals("Returning a kayak", visitor.titles(inbox, "how do I return my kayak?").get(0),
        "a question's extra words do not hide the article");
    assertEquals(List.of(), visitor.titles(inbox, "the"));
    assertEquals(List.of(), visitor.titles(inbox, ""));

    JsonObject hit = new JsonArray(visitor.search(inbox, "tents", null).body()).getJsonObject(0);
    assertEquals("Four seasons.", hit.getString("snippet"));
    assertEquals("/kb/articles/" + hit.getLong("id"), hit.getString("url"));
  }

  @Test
  void searchFollowsTheInboxsAllowedOriginsAndRefusesBadInput() {
    KbClient.Page allowed = visitor.search(inbox, "anything", "https://shop.example");
    assertEquals(200, allowed.status(), allowed.body());
    assertEquals("https://shop.example",
        allowed.response().headers().firstValue("access-control-allow-origin").orElse(null));
    KbClient.Page other = visitor.search(inbox, "anything", "https://evil.example");
    assertEquals(403, other.status(), other.body());
    assertTrue(other.response().headers().firstValue("access-control-allow-origin").isEmpty());
    assertEquals(404, visitor.search(999_999, "anything", null).status());
    assertEquals(404, visitor.get("/kb/search?inbox=abc&q=x", null).status());
    assertEquals(400, visitor.search(inbox, "x".repeat(201), null).status());
    assertEquals(400, visitor.get("/kb/search?inbox=" + inbox, null).status());
  }
}
