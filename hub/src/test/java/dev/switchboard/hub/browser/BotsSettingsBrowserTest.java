package dev.switchboard.hub.browser;

import static dev.switchboard.hub.browser.Page.visible;
import static dev.switchboard.hub.browser.Page.waitFor;
import static dev.switchboard.hub.browser.SettingsPages.assertInert;
import static dev.switchboard.hub.browser.SettingsPages.click;
import static dev.switchboard.hub.browser.SettingsPages.names;
import static dev.switchboard.hub.browser.SettingsPages.toast;
import static dev.switchboard.hub.browser.SettingsPages.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Settings → Bots in Chromium at 1366×768: an admin creates a bot (a private webhook URL refused
 * until allowed), sees its token and webhook secret once (a reload no longer shows them), rotates
 * them from the keyboard, edits its scopes, reads its audit log; the delivery log shows a dead delivery and Retry
 * sends it again; a disabled bot says why and is deleted after a confirmation; an agent has no Bots page. Hostile names stay text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class BotsSettingsBrowserTest {

  private static final String HOSTILE = "<img src=x onerror=alert(1)>";

  @RegisterExtension
  static final RunningHub node = new RunningHub("botsui");

  private final Browsers browsers = new Browsers();
  private HttpServer endpoint;
  private final AtomicInteger calls = new AtomicInteger();

  @BeforeAll
  void startEndpoint() throws IOException {
    endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    endpoint.createContext("/hook", exchange -> {
      exchange.getRequestBody().readAllBytes();
      calls.incrementAndGet();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    endpoint.start();
  }

  @AfterAll
  void stop() {
    browsers.close();
    endpoint.stop(0);
  }

  @Test
  void anAdminCreatesABotAndSeesItsCredentialsOnlyOnce() throws IOException {
    ApiClient api = node.admin();
    long inbox = api.webInbox("Shop chat");
    WebDriver admin = signedIn(api.token(), "#bots");
    click(admin, By.id("add-bot"));
    waitFor(admin, d -> "bot-name".equals(d.switchTo().activeElement().getDomAttribute("id")) ? true : null);
    type(admin.findElement(By.id("bot-name")), HOSTILE + " helper");
    type(admin.findElement(By.id("bot-url")), hook());
    assertTrue(admin.findElement(By.id("bot-scope-read")).isSelected(), "read is the default scope");
    admin.findElement(By.id("bot-scope-draft")).click();
    admin.findElement(By.xpath("//fieldset[legend='Inboxes it serves']//label[span='Shop chat']/input")).click();
    admin.findElement(By.cssSelector("#bot-form button[type=submit]")).click();
    WebElement refusal = waitFor(admin, d -> visible(d.findElement(By.cssSelector("#bot-form [role=alert]"))));
    assertTrue(refusal.getText().contains("private"), refusal.getText());
    assertTrue(bots().isEmpty(), "nothing stored");

    admin.findElement(By.id("bot-allow-private")).click();
    admin.findElement(By.cssSelector("#bot-form button[type=submit]")).click();
    String token = waitFor(admin, d -> visible(d.findElement(By.id("bot-token")))).getText();
    String secret = admin.findElement(By.id("bot-secret")).getText();
    assertTrue(token.startsWith("sbbot_"), token);
    assertTrue(secret.startsWith("whsec_"), secret);
    assertTrue(admin.findElement(By.id("bot-credentials")).getText().contains("shown only this once"));
    assertEquals(2, admin.findElements(By.cssSelector("#bot-credentials button")).stream()
        .filter(b -> b.getText().startsWith("Copy")).count());
    waitFor(admin, d -> names(d, ".bot-row .name").contains(HOSTILE + " helper"));
    assertInert(admin);

    JsonObject bot = bots().get(0);
    assertEquals(HOSTILE + " helper", bot.getString("name"));
    assertEquals(hook(), bot.getString("webhook_url"));
    assertEquals(java.util.Set.of("draft", "read"), new java.util.HashSet<>(bot.getJsonArray("scopes").getList()));
    assertEquals(new JsonArray().add(inbox), bot.getJsonArray("inbox_ids"));
    assertTrue(bot.getBoolean("allow_private_network"));
    assertFalse(bot.containsKey("token") || bot.containsKey("webhook_secret"), "never listed");
    // the token works: the call is the bot's, and lands in its audit log
    ApiClient asBot = new ApiClient(base()).withToken(token);
    assertNotEquals(401, asBot.get("/api/v1/conversations/424242").status());

    // the audit log is written in batches off the request path: the call is there once it is stored
    String auditPath = "/api/v1/bots/" + bot.getLong("id") + "/audit";
    waitFor(admin, d -> node.admin().get(auditPath).text().contains("/api/v1/conversations/424242") ? true : null);

    admin.navigate().refresh();
    waitFor(admin, d -> names(d, ".bot-row .name").contains(HOSTILE + " helper"));
    assertTrue(admin.findElements(By.id("bot-credentials")).isEmpty(), "gone after a reload");
    assertFalse(admin.getPageSource().contains(token) || admin.getPageSource().contains(secret));

    click(admin, By.xpath("//button[@aria-label='Audit log of " + HOSTILE + " helper']"));
    waitFor(admin, d -> names(d, ".audit-row .call").contains("GET /api/v1/conversations/424242") ? true : null);

    // rotate, from the keyboard: the confirmation takes the focus, Enter confirms
    // edit: other scopes, the same URL (not checked again)
    click(admin, By.xpath("//button[@aria-label='Edit " + HOSTILE + " helper']"));
    click(admin, By.id("bot-scope-draft"));
    click(admin, By.id("bot-scope-handoff"));
    admin.findElement(By.cssSelector("#bot-form button[type=submit]")).click();
    waitFor(admin, d -> toast(d).contains("Bot saved"));
    assertEquals(java.util.Set.of("handoff", "read"), new java.util.HashSet<>(bots().get(0).getJsonArray("scopes").getList()));
    assertEquals(hook(), bots().get(0).getString("webhook_url"));

    click(admin, By.id("bot-rotate"));
    WebElement yes = waitFor(admin, d -> visible(d.findElement(By.xpath("//button[normalize-space()='Yes, rotate']"))));
    waitFor(admin, d -> yes.equals(d.switchTo().activeElement()) ? true : null);
    admin.switchTo().activeElement().sendKeys(Keys.ENTER);
    String rotated = waitFor(admin, d -> visible(d.findElement(By.id("bot-token")))).getText();
    assertNotEquals(token, rotated);
    assertTrue(admin.findElement(By.id("bot-credentials-title")).getText().startsWith("New credentials"));
    assertEquals(401, asBot.get("/api/v1/conversations/424242").status(), "the old token stopped working");
    assertInert(admin);
  }

  @Test
  void theDeliveryLogShowsADeadDeliveryAndRetrySendsItAgain() throws Exception {
    ApiClient api = node.admin();
    long id = api.post("/api/v1/bots", new JsonObject().put("name", "Relay").put("webhook_url", hook())
        .put("allow_private_network", true).put("scopes", new JsonArray().add("read"))
        .put("inbox_ids", new JsonArray())).json().getLong("id");
    // sixty delivered earlier (more than a page), then one dead: eight failed tries take hours of
    // backoff, so it is written as the worker leaves it
    sql("""
        insert into bot_delivery (bot_id, seq, type, body, status, attempts, last_status_code, last_duration_ms,
                                  created_at, delivered_at)
        select $1, n, 'message.created', '{}', 'delivered', 1, 200, 12, now() - interval '2 hours', now() - interval '2 hours'
          from generate_series(2, 61) n""", id);
    sql("""
        insert into bot_delivery (bot_id, seq, type, body, status, attempts, max_attempts, last_status_code,
                                  last_duration_ms, last_error, created_at)
        values ($1, 1, 'message.created', '{"type":"message.created","timestamp":"2026-11-30T10:00:00Z","data":{}}',
                'dead', 8, 8, 503, 41, $2, now() - interval '1 hour')""", id, "HTTP 503 " + HOSTILE);
    long gone = api.post("/api/v1/bots", new JsonObject().put("name", "Gone bot").put("scopes", new JsonArray())
        .put("inbox_ids", new JsonArray())).json().getLong("id");
    sql("update bot set active = false, disabled_reason = '410 Gone: the bot was disabled' where id = $1", gone);

    WebDriver admin = signedIn(api.token(), "#bots");
    WebElement goneRow = waitFor(admin, d -> visible(d.findElement(
        By.xpath("//tr[contains(@class,'bot-row')][td[@class='name']='Gone bot']"))));
    assertTrue(goneRow.getText().contains("Disabled") && goneRow.getText().contains("410 Gone"), goneRow.getText());

    click(admin, By.xpath("//button[@aria-label='Delivery log of Relay']"));
    WebElement dead = waitFor(admin, d -> visible(d.findElement(By.cssSelector(".delivery-row[data-status=dead]"))));
    assertEquals("Dead", dead.findElement(By.cssSelector(".status")).getText());
    assertEquals("503", dead.findElement(By.cssSelector(".http")).getText());
    assertEquals("HTTP 503 " + HOSTILE, dead.findElement(By.cssSelector(".error")).getText());
    assertTrue(dead.getText().contains("8 of 8"), dead.getText());
    assertInert(admin);
    assertEquals(50, admin.findElements(By.cssSelector(".delivery-row")).size(), "a page at a time");
    click(admin, By.xpath("//button[normalize-space()='Older entries']"));
    waitFor(admin, d -> d.findElements(By.cssSelector(".delivery-row")).size() == 61 ? true : null);
    assertTrue(admin.findElements(By.xpath("//button[normalize-space()='Older entries']")).isEmpty());

    dead.findElement(By.cssSelector("button[aria-label='Retry event 1']")).click();
    waitFor(admin, d -> toast(d).contains("Event 1 queued again"));
    waitFor(admin, d -> d.findElements(By.cssSelector(".delivery-row[data-status=dead]")).isEmpty() ? true : null);
    // the worker sends it at once, and the log shows how that went by itself, older pages kept
    waitFor(admin, d -> calls.get() == 1 ? true : null);
    WebElement delivered = waitFor(admin, d -> {
      WebElement first = d.findElement(By.cssSelector(".delivery-row:first-child"));
      return "delivered".equals(first.getDomAttribute("data-status")) ? first : null;
    });
    assertEquals("1", delivered.findElements(By.tagName("td")).get(0).getText());
    assertEquals(61, admin.findElements(By.cssSelector(".delivery-row")).size());
    assertEquals("204", delivered.findElement(By.cssSelector(".http")).getText());
    assertEquals("9 of 9", delivered.findElements(By.tagName("td")).get(5).getText());
    assertTrue(delivered.findElements(By.cssSelector("button.retry")).isEmpty(), "nothing to retry");

    // a bot is deleted only after a second, explicit yes
    click(admin, By.xpath("//button[@aria-label='Edit Gone bot']"));
    click(admin, By.id("bot-delete"));
    click(admin, By.xpath("//button[normalize-space()='Yes, delete']"));
    waitFor(admin, d -> toast(d).contains("Bot deleted"));
    assertEquals(404, api.get("/api/v1/bots/" + gone).status());
    waitFor(admin, d -> names(d, ".bot-row .name").contains("Gone bot") ? null : true);
  }

  @Test
  void anAgentHasNoBotsPage() throws IOException {
    node.admin().post("/api/v1/agents", new JsonObject().put("email", "rui@example.com").put("name", "Rui")
        .put("password", "rui-first-password"));
    ApiClient rui = new ApiClient(base()).login("rui@example.com", "rui-first-password");
    WebDriver agent = signedIn(rui.token(), "#bots");
    waitFor(agent, d -> visible(d.findElement(By.id("profile-email"))));
    assertEquals(List.of("Profile"), names(agent, ".nav a"));
    assertTrue(agent.findElements(By.id("add-bot")).isEmpty());
    assertEquals(403, rui.get("/api/v1/bots").status());
  }

  private String hook() {
    return "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook";
  }

  private static List<JsonObject> bots() {
    return node.admin().get("/api/v1/bots").json().getJsonArray("bots").stream().map(b -> (JsonObject) b)
        .filter(b -> b.getString("name").endsWith(" helper")).toList();
  }

  private static void sql(String statement, Object... args) throws Exception {
    node.hub().pool().preparedQuery(statement).execute(Tuple.from(args)).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  /** A Chromium window at 1366×768 holding this token, as the inbox's login leaves it, on a settings section. */
  private WebDriver signedIn(String token, String section) throws IOException {
    WebDriver d = browsers.open();
    d.manage().window().setSize(new Dimension(1366, 768));
    d.get(base() + "/health");
    ((JavascriptExecutor) d).executeScript("localStorage.setItem('switchboard:token', arguments[0]);", token);
    d.get(base() + "/inbox/settings/" + section);
    waitFor(d, x -> visible(x.findElement(By.id("section-title"))));
    return d;
  }

  private static String base() {
    return "http://127.0.0.1:" + node.config().httpPort();
  }
}
