package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The conversation's life from the inbox's header and composer, against the real API: a macro
 * from the menu replies, changes the status and tags in one step, and waits for "Send anyway" when
 * a colleague answered meanwhile; a snooze from the header wakes back into Open with a
 * notification; resolving ends case #1 and the customer's next message opens case #2 in the
 * timeline; assigning beyond an agent's capacity warns an admin and is refused to an agent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class InboxLifecycleBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  /** Holds the inbox's socket frames back on demand (as in ReplyCollisionBrowserTest), injected by DevTools. */
  private static final String HOLD_FRAMES = """
      (function () {
        var Native = window.WebSocket;
        window.__sbHold = false;
        window.__sbHeld = [];
        window.__sbRelease = function () { window.__sbHold = false; var h = window.__sbHeld; window.__sbHeld = [];
          h.forEach(function (f) { f(); }); };
        function Held(url, protocols) {
          var ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
          var handler = null;
          ws.addEventListener('message', function (e) {
            if (!handler) return;
            if (window.__sbHold) window.__sbHeld.push(function () { handler.call(ws, e); });
            else handler.call(ws, e);
          });
          Object.defineProperty(ws, 'onmessage', { get: function () { return handler; },
            set: function (h) { handler = h; } });
          return ws;
        }
        Held.prototype = Native.prototype;
        Held.CONNECTING = 0; Held.OPEN = 1; Held.CLOSING = 2; Held.CLOSED = 3;
        window.WebSocket = Held;
      })();""";

  @RegisterExtension
  static final RunningHub node = new RunningHub("lifecycleui");

  private final Browsers browsers = new Browsers();
  private final List<WsClient> visitors = new ArrayList<>();
  private long inbox;
  private long adminId;
  private ApiClient bea;
  private long ivy;
  private long team;
  private WebDriver agent;

  @BeforeAll
  void start() throws IOException {
    java.util.logging.Logger.getLogger("org.openqa.selenium.devtools").setLevel(java.util.logging.Level.SEVERE);
    ApiClient admin = node.admin();
    inbox = admin.webInbox("Website chat");
    adminId = admin.get("/api/v1/me").json().getLong("id");
    createAgent("bea", 5);
    bea = login("bea");
    ivy = createAgent("ivy", 1);
    team = admin.post("/api/v1/teams", new JsonObject().put("name", "Billing")).json().getLong("id");
    createAgent("dan", 5);
    agent = browsers.open(1366, 768);
    ((ChromeDriver) agent).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", HOLD_FRAMES));
    signIn(agent, node.config().adminEmail(), node.config().adminPassword());
  }

  @AfterAll
  void stop() {
    visitors.forEach(WsClient::close);
    browsers.close();
  }

  @Test
  void aMacroFromTheMenuRepliesSetsTheStatusAndTagsAndWaitsForSendAnywayAfterAColleaguesReply() {
    assertEquals(201, node.admin().post("/api/v1/tags", new JsonObject().put("name", "refund")).status());
    assertEquals(201, node.admin().post("/api/v1/macros", new JsonObject().put("name", "Refund sent").put("actions",
        new JsonArray().add(action("reply", "Your refund is on its way."))
            .add(action("add_tags", new JsonArray().add("refund"))).add(action("status", "pending")))).status());
    assertEquals(201, node.admin().post("/api/v1/macros", new JsonObject().put("name", "Thank them")
        .put("actions", new JsonArray().add(action("reply", "Thanks for waiting!")))).status());
    long id = visitorSays("Where is my refund?");
    openConversation(id, "Where is my refund?");

    runMacro("Refund sent");
    waitFor(d -> bodies().contains("Your refund is on its way."));
    waitFor(d -> "pending".equals(d.findElement(By.id("conversation-status")).getText()));
    waitFor(d -> d.findElements(By.cssSelector(".conversation-tags .tag-chip")).stream()
        .anyMatch(e -> e.getText().contains("refund")));
    JsonObject conv = conversation(id);
    assertEquals("pending", conv.getString("status"));
    assertEquals(new JsonArray().add("refund"), conv.getJsonArray("tags"));

    // Bea answers; this inbox has not heard of it when the macro runs
    js("window.__sbHold = true;");
    assertEquals(201, bea.post("/api/v1/conversations/" + id + "/messages",
        new JsonObject().put("body", "<b>Done</b>, it went out today.")).status());
    runMacro("Thank them");
    WebElement warning = waitFor(d -> visible(d.findElement(By.id("reply-conflict"))));
    assertTrue(warning.getText().contains("bea replied while you were writing"), warning.getText());
    assertTrue(warning.getText().contains("macro was not run"), warning.getText());
    assertTrue(warning.getText().contains("<b>Done</b>, it went out today."), "as text: " + warning.getText());
    assertEquals(0L, js("return document.querySelectorAll('#reply-conflict b, #messages b').length;"));
    assertTrue(messages(id).stream().noneMatch("Thanks for waiting!"::equals), "the macro did nothing");

    agent.findElement(By.id("send-anyway")).click();
    waitFor(d -> !d.findElement(By.id("reply-conflict")).isDisplayed());
    waitFor(d -> bodies().contains("Thanks for waiting!"));
    assertEquals(List.of("Where is my refund?", "Your refund is on its way.", "<b>Done</b>, it went out today.",
        "Thanks for waiting!"), messages(id));
    js("window.__sbRelease();");
  }

  @Test
  void aSnoozeFromTheHeaderWakesBackIntoOpenWithANotification() {
    long id = visitorSays("Call me back tomorrow");
    assertEquals(200, node.admin().patch("/api/v1/conversations/" + id, new JsonObject().put("assignee_id", adminId))
        .status());
    openConversation(id, "Call me back tomorrow");

    agent.findElement(By.id("snooze-button")).click();
    waitFor(d -> visible(d.findElement(By.cssSelector("#snooze-menu .menu-item")))).click();
    waitFor(d -> "snoozed".equals(d.findElement(By.id("conversation-status")).getText()));
    JsonObject snoozed = conversation(id);
    assertEquals("snoozed", snoozed.getString("status"));
    Instant until = Instant.parse(snoozed.getString("snoozed_until"));
    assertTrue(until.isAfter(Instant.now().plus(50, ChronoUnit.MINUTES)), "an hour: " + until);

    // leave it; it is not among the open ones any more
    agent.findElement(By.id("messages")).click();
    agent.findElement(By.id("messages")).sendKeys(Keys.ESCAPE);
    waitFor(d -> visible(d.findElement(By.id("empty-conversation"))));
    waitFor(d -> row(id) == null);

    // its time comes (a couple of seconds from now)
    String soon = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS).toString();
    assertEquals(200, node.admin().patch("/api/v1/conversations/" + id,
        new JsonObject().put("status", "snoozed").put("snoozed_until", soon)).status());
    waitFor(d -> row(id) != null);
    waitFor(d -> visible(d.findElement(By.id("notifications-badge"))));
    agent.findElement(By.id("notifications-button")).click();
    WebElement item = waitFor(d -> d.findElements(By.cssSelector("#notifications-list .notify-item.unread")).stream()
        .filter(e -> e.getText().contains("#" + id + " woke from its snooze")).findFirst().orElse(null));
    item.click();
    waitFor(d -> "open".equals(d.findElement(By.id("conversation-status")).getText()));
    assertEquals("open", conversation(id).getString("status"));
  }

  @Test
  void resolvingEndsTheCaseAndTheCustomersNextMessageOpensTheNextOne() {
    WsClient visitor = visitor();
    long id = say(visitor, "My order is late", 0);
    openConversation(id, "My order is late");
    // case numbers are the hub's ticket numbers, counted across conversations
    long first = caseNumbers(id).get(0);
    waitFor(d -> caseRows().equals(List.of("Case #" + first + " opened")));

    agent.findElement(By.id("resolve-button")).click();
    waitFor(d -> "resolved".equals(d.findElement(By.id("conversation-status")).getText()));
    waitFor(d -> caseRows().equals(List.of("Case #" + first + " opened", "Case #" + first + " resolved")));

    say(visitor, "It still has not arrived", 1);
    waitFor(d -> "open".equals(d.findElement(By.id("conversation-status")).getText()));
    List<Long> numbers = caseNumbers(id);
    assertEquals(2, numbers.size(), "the message opened a second case");
    long second = numbers.get(1);
    waitFor(d -> caseRows().equals(List.of("Case #" + first + " opened", "Case #" + first + " resolved",
        "Case #" + second + " opened")));
    assertEquals("It still has not arrived", js("var rows = Array.from(document.querySelectorAll("
        + "'#messages .case-boundary, #messages .message .message-body')); return rows[rows.length - 1].textContent;"),
        "the new message is in the second case");
    WebElement cases = waitFor(d -> {
      WebElement list = d.findElement(By.id("customer-cases"));
      return list.findElements(By.cssSelector(".case-item")).size() == 2 ? list : null;
    });
    assertTrue(cases.findElement(By.cssSelector(".case-item.open")).getText().contains("#" + second), cases.getText());
    assertTrue(cases.findElement(By.cssSelector(".case-item.resolved")).getText().contains("#" + first), cases.getText());
  }

  private List<Long> caseNumbers(long conversation) {
    return node.admin().get("/api/v1/conversations/" + conversation + "/cases").json().getJsonArray("cases").stream()
        .map(c -> ((JsonObject) c).getLong("number")).toList();
  }

  @Test
  void beyondAnAgentsCapacityAnAdminIsWarnedAndAnAgentIsRefused() throws IOException {
    long full = visitorSays("Ivy has this one");
    assertEquals(200, node.admin().patch("/api/v1/conversations/" + full, new JsonObject().put("assignee_id", ivy))
        .status());
    long admins = visitorSays("An admin gives this to Ivy");
    long agents = visitorSays("An agent tries to give this to Ivy");

    openConversation(admins, "An admin gives this to Ivy");
    new Select(agent.findElement(By.id("assignee-select"))).selectByValue(String.valueOf(ivy));
    WebElement warned = waitFor(d -> visible(d.findElement(By.cssSelector("#header-notice.warning"))));
    assertTrue(warned.getText().contains("over capacity"), warned.getText());
    assertEquals(ivy, conversation(admins).getLong("assignee_id"), "done, with a warning");

    // a macro that assigns: the same warning, under the composer
    assertEquals(201, node.admin().post("/api/v1/macros", new JsonObject().put("name", "Give to Ivy")
        .put("actions", new JsonArray().add(action("assign", ivy)))).status());
    long byMacro = visitorSays("A macro gives this to Ivy");
    openConversation(byMacro, "A macro gives this to Ivy");
    runMacro("Give to Ivy");
    WebElement macroWarned = waitFor(d -> visible(d.findElement(By.id("composer-notice"))));
    assertTrue(macroWarned.getText().contains("over capacity"), macroWarned.getText());
    assertEquals(ivy, conversation(byMacro).getLong("assignee_id"));

    WebDriver dan = browsers.open(1366, 768);
    signIn(dan, "dan@example.com", "dan-password");
    waitFor(dan, d -> {
      WebElement r = d.findElements(By.cssSelector("#conversation-list .conversation-item")).stream()
          .filter(e -> String.valueOf(agents).equals(e.getAttribute("data-id"))).findFirst().orElse(null);
      if (r == null) {
        return null;
      }
      r.click();
      return true;
    });
    waitFor(dan, d -> d.findElements(By.cssSelector("#assignee-select option")).stream()
        .anyMatch(o -> String.valueOf(ivy).equals(o.getAttribute("value"))));
    new Select(dan.findElement(By.id("assignee-select"))).selectByValue(String.valueOf(ivy));
    WebElement refused = waitFor(dan, d -> visible(d.findElement(By.cssSelector("#header-notice.error"))));
    assertTrue(refused.getText().contains("ivy"), refused.getText());
    assertNull(conversation(agents).getValue("assignee_id"), "nothing changed");
    waitFor(dan, d -> "".equals(new Select(d.findElement(By.id("assignee-select"))).getFirstSelectedOption()
        .getAttribute("value")));
  }

  @Test
  void theHeadersStatusTeamPriorityAndTagControlsChangeTheConversation() {
    long id = visitorSays("Billing question");
    openConversation(id, "Billing question");

    agent.findElement(By.id("status-pending")).click();
    waitFor(d -> "pending".equals(conversation(id).getString("status")));
    agent.findElement(By.id("status-open")).click();
    waitFor(d -> "open".equals(conversation(id).getString("status")));

    new Select(agent.findElement(By.id("team-select"))).selectByVisibleText("Billing");
    waitFor(d -> Long.valueOf(team).equals(conversation(id).getLong("team_id")));
    new Select(agent.findElement(By.id("priority-select"))).selectByValue("urgent");
    waitFor(d -> "urgent".equals(conversation(id).getString("priority")));

    // a tag nobody has used yet: typed in, it joins the catalogue
    WebElement tag = agent.findElement(By.id("tag-add"));
    tag.sendKeys("needs-invoice");
    tag.sendKeys(Keys.ENTER);
    waitFor(d -> new JsonArray().add("needs-invoice").equals(conversation(id).getJsonArray("tags")));
    waitFor(d -> d.findElements(By.cssSelector(".conversation-tags .tag-chip")).stream()
        .anyMatch(e -> e.getText().contains("needs-invoice")));
    assertEquals("", tag.getDomProperty("value"));
    assertTrue(node.admin().get("/api/v1/tags").json().getJsonArray("tags").stream()
        .anyMatch(t -> "needs-invoice".equals(((JsonObject) t).getString("name"))), "in the catalogue");
    agent.findElement(By.cssSelector("button[aria-label='Remove tag needs-invoice']")).click();
    waitFor(d -> conversation(id).getJsonArray("tags").isEmpty());
  }

  // ---------- helpers ----------

  private void runMacro(String name) {
    agent.findElement(By.id("macros-button")).click();
    waitFor(d -> d.findElements(By.cssSelector("#macros-menu .menu-item")).stream()
        .filter(e -> e.getText().equals(name)).findFirst().orElse(null)).click();
  }

  private void signIn(WebDriver driver, String email, String password) {
    driver.get("http://127.0.0.1:" + node.config().httpPort() + "/inbox/");
    waitFor(driver, d -> visible(d.findElement(By.id("email")))).sendKeys(email);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("login-button")).click();
    waitFor(driver, d -> "Live".equals(d.findElement(By.id("connection-status")).getText()));
  }

  /** Clicks the conversation's row in the list and waits for its first message. */
  private void openConversation(long id, String first) {
    waitFor(d -> row(id)).click();
    waitFor(d -> bodies().contains(first));
  }

  private WebElement row(long id) {
    return agent.findElements(By.cssSelector("#conversation-list .conversation-item")).stream()
        .filter(e -> String.valueOf(id).equals(e.getAttribute("data-id"))).findFirst().orElse(null);
  }

  private long createAgent(String name, int capacity) {
    Reply created = node.admin().post("/api/v1/agents", new JsonObject().put("email", name + "@example.com")
        .put("name", name).put("password", name + "-password").put("role", "agent"));
    assertEquals(201, created.status(), created.text());
    long id = created.json().getLong("id");
    Reply set = node.admin().patch("/api/v1/agents/" + id, new JsonObject().put("capacity", capacity));
    assertEquals(200, set.status(), set.text());
    return id;
  }

  private ApiClient login(String name) {
    return new ApiClient("http://localhost:" + node.config().httpPort()).login(name + "@example.com", name + "-password");
  }

  private WsClient visitor() {
    WsClient ws = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox=" + inbox);
    visitors.add(ws);
    ws.awaitType("hello");
    return ws;
  }

  /** A new visitor who writes once; their conversation's id. */
  private long visitorSays(String body) {
    return say(visitor(), body, 0);
  }

  private long say(WsClient ws, String body, int n) {
    ws.send(new JsonObject().put("type", "message").put("client_id", "c" + n).put("body", body));
    ws.await(f -> "ack".equals(f.getString("type")) && ("c" + n).equals(f.getString("client_id")));
    return n > 0 ? 0 : ws.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
        .getLong("conversation_id");
  }

  private static JsonObject action(String type, Object value) {
    return new JsonObject().put("type", type).put("value", value);
  }

  private JsonObject conversation(long id) {
    return node.admin().get("/api/v1/conversations/" + id).json();
  }

  private List<String> messages(long id) {
    return node.admin().get("/api/v1/conversations/" + id + "/messages").json().getJsonArray("messages").stream()
        .map(m -> (JsonObject) m).filter(m -> !"event".equals(m.getString("direction")))
        .map(m -> m.getString("body")).toList();
  }

  @SuppressWarnings("unchecked")
  private List<String> bodies() {
    return (List<String>) js("return Array.from(document.querySelectorAll('#messages .message .message-body'))"
        + ".map(function (b) { return b.textContent; });");
  }

  @SuppressWarnings("unchecked")
  private List<String> caseRows() {
    return (List<String>) js("return Array.from(document.querySelectorAll('#messages .case-boundary'))"
        + ".map(function (b) { return b.textContent; });");
  }

  private Object js(String script) {
    return ((JavascriptExecutor) agent).executeScript(script);
  }

  private static WebElement visible(WebElement e) {
    return e.isDisplayed() ? e : null;
  }

  private <T> T waitFor(Function<WebDriver, T> condition) {
    return waitFor(agent, condition);
  }

  private static <T> T waitFor(WebDriver driver, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT, Duration.ofMillis(50))
        .ignoring(StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .withMessage(() -> "page showed: " + ((String) ((JavascriptExecutor) driver)
            .executeScript("return document.body ? document.body.innerText : '';")).replaceAll("\\s+", " "))
        .until(d -> {
          T value = condition.apply(d);
          return value instanceof Boolean b && !b ? null : value;
        });
  }
}
