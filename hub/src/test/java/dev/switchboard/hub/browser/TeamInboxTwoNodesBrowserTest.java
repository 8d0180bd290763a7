package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningNodes;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A team's day on two hub nodes (one database, one Redis): Ana works in Chromium on node A, Ben on
 * node B, both in the team a web inbox routes to with auto-assignment, each with room for one
 * conversation. Customers write through node A's widget socket. Everything the agents do is
 * clicked and typed; what the test checks is what each of them sees, and what the customer gets.
 * The methods run in order and share the nodes, the browsers and the customers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(240)
class TeamInboxTwoNodesBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration RESTART_WAIT = Duration.ofSeconds(30);
  private static final String HOSTILE = "<img src=x onerror=alert(1)>";
  private static final String CANNED = "Your parcel is on its way; the tracking link follows by email.";
  private static final String MACRO_REPLY = "Is there anything else I can help you with?";

  /** Holds an inbox's socket frames back on demand (slow network), as in ReplyCollisionBrowserTest. */
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
  static final RunningNodes nodes = new RunningNodes("twonodesui");

  /** An agent in their browser, on their node. */
  private record Agent(String name, long id, WebDriver driver, int port) {}

  private final Browsers browsers = new Browsers();
  private final List<WsClient> visitors = new ArrayList<>();
  private ApiClient admin;
  private long inbox;
  private Agent ana;
  private Agent ben;

  // the customers and who holds what, learnt as the day goes on
  private WsClient parcel;
  private WsClient address;
  private long c1;
  private long c2;
  private long c3;
  private Agent first;     // holds c1, resolves it, then takes c3 from the queue
  private Agent second;    // holds c2
  private long wakesAt;

  @BeforeAll
  void start() throws IOException {
    java.util.logging.Logger.getLogger("org.openqa.selenium.devtools").setLevel(java.util.logging.Level.SEVERE);
    admin = ApiClient.admin(nodes.configA());
    long team = created(admin.post("/api/v1/teams", new JsonObject().put("name", "Front desk")));
    long anaId = agent("ana", "Ana", team);
    long benId = agent("ben", "Ben", team);
    inbox = created(admin.post("/api/v1/inboxes", new JsonObject().put("name", "Website chat").put("channel", "web")
        .put("config", new JsonObject().put("allowed_origins", new JsonArray().add("*")).put("team_id", team)
            .put("auto_assign", true))));
    created(admin.post("/api/v1/canned-responses", new JsonObject().put("shortcut", "parcel").put("body", CANNED)));
    assertEquals(201, admin.post("/api/v1/tags", new JsonObject().put("name", "followup")).status());
    created(admin.post("/api/v1/macros", new JsonObject().put("name", "Wrap up").put("actions", new JsonArray()
        .add(new JsonObject().put("type", "reply").put("value", MACRO_REPLY))
        .add(new JsonObject().put("type", "add_tags").put("value", new JsonArray().add("followup"))))));

    ana = new Agent("Ana", anaId, browsers.open(1366, 768), nodes.configA().httpPort());
    ben = new Agent("Ben", benId, browsers.open(1366, 768), nodes.configB().httpPort());
    for (Agent a : List.of(ana, ben)) {
      ((ChromeDriver) a.driver()).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", HOLD_FRAMES));
      signIn(a);
    }
  }

  @AfterAll
  void stop() {
    visitors.forEach(WsClient::close);
    browsers.close();
  }

  @Test
  @Order(1)
  void customersArriveLiveAndGoToTheAgentWithRoomThenWaitInTheQueueUntilASlotFrees() {
    for (Agent a : List.of(ana, ben)) {
      a.driver().findElement(By.id("view-mine")).click();
    }

    parcel = visitor();
    c1 = say(parcel, "Hi, my parcel never arrived", 0);
    first = holderOf(c1);
    second = first == ana ? ben : ana;
    waitFor(first, d -> row(first, c1) != null);
    waitFor(first, d -> "1".equals(count(first, "view-mine")));
    for (Agent a : List.of(ana, ben)) {
      waitFor(a, d -> "1".equals(count(a, "view-all")));   // live on both nodes
    }

    address = visitor();
    c2 = say(address, "Can I change my delivery address?", 0);
    assertEquals(second.id(), holderOf(c2).id(), "the agent with room takes it");
    waitFor(second, d -> row(second, c2) != null);
    waitFor(second, d -> "1".equals(count(second, "view-mine")));

    // both are full: the third customer waits, and both see the queue
    c3 = say(visitor(), "My lamp arrived broken, the zeppelin model", 0);
    for (Agent a : List.of(ana, ben)) {
      waitFor(a, d -> "1".equals(count(a, "view-unassigned")) && "3".equals(count(a, "view-all")));
    }
    assertEquals(null, conversation(c3).getValue("assignee_id"), "nobody has room");

    // the first agent resolves theirs: the waiting customer is theirs the moment the slot frees
    open(first, c1, "Hi, my parcel never arrived");
    first.driver().findElement(By.id("resolve-button")).click();
    waitFor(first, d -> "resolved".equals(d.findElement(By.id("conversation-status")).getText()));
    waitFor(first, d -> row(first, c3) != null);
    for (Agent a : List.of(ana, ben)) {
      waitFor(a, d -> "0".equals(count(a, "view-unassigned")));
    }
    assertEquals(first.id(), conversation(c3).getLong("assignee_id"));
  }

  @Test
  @Order(2)
  void aCannedResponseAndAMacroReachTheCustomerAndANoteNeverDoes() {
    Agent s = second;
    open(s, c2, "Can I change my delivery address?");
    WebElement input = s.driver().findElement(By.id("reply-input"));
    input.sendKeys("/parc");
    waitFor(s, d -> visible(d.findElement(By.id("canned-list"))));
    waitFor(s, d -> "/parcel".equals(d.findElement(By.cssSelector("#canned-list .canned-option.active .canned-shortcut"))
        .getText()));
    input.sendKeys(Keys.ENTER);
    waitFor(s, d -> CANNED.equals(d.findElement(By.id("reply-input")).getDomProperty("value")));
    input.sendKeys(Keys.ENTER);
    assertEquals(CANNED, agentReply(address).getString("body"));

    s.driver().findElement(By.id("note-toggle")).click();
    input.sendKeys("She sounded upset on the phone, be gentle");
    input.sendKeys(Keys.ENTER);
    waitFor(s, d -> d.findElements(By.cssSelector("#messages .message-note .message-body")).stream()
        .anyMatch(e -> e.getText().equals("She sounded upset on the phone, be gentle")));
    s.driver().findElement(By.id("note-toggle")).click();

    s.driver().findElement(By.id("macros-button")).click();
    waitFor(s, d -> d.findElements(By.cssSelector("#macros-menu .menu-item")).stream()
        .filter(e -> e.getText().equals("Wrap up")).findFirst().orElse(null)).click();
    waitFor(s, d -> bodies(s).contains(MACRO_REPLY));
    waitFor(s, d -> d.findElements(By.cssSelector(".conversation-tags .tag-chip")).stream()
        .anyMatch(e -> e.getText().contains("followup")));
    assertEquals(MACRO_REPLY, agentReply(address).getString("body"));
    assertTrue(address.drain(300).stream().noneMatch(f -> String.valueOf(f.getString("body")).contains("upset")),
        "the customer never gets the note");
  }

  @Test
  @Order(3)
  void whenBothAnswerTheSecondIsWarnedWithTheColleaguesReplyAndNothingOfTheirsIsSent() {
    Agent s = second;
    Agent f = first;
    f.driver().findElement(By.id("view-all")).click();
    open(f, c2, MACRO_REPLY);

    js(f, "window.__sbHold = true;");   // f's network is slow: s's reply has not reached f's page yet
    WebElement theirs = f.driver().findElement(By.id("reply-input"));
    theirs.sendKeys("I can change the address for you now.");
    WebElement mine = s.driver().findElement(By.id("reply-input"));
    mine.sendKeys("Done: the new address is on the order.");
    mine.sendKeys(Keys.ENTER);
    assertEquals("Done: the new address is on the order.", agentReply(address).getString("body"));

    f.driver().findElement(By.id("send-button")).click();
    WebElement warning = waitFor(f, d -> visible(d.findElement(By.id("reply-conflict"))));
    assertTrue(warning.getText().contains(s.name() + " replied while you were writing"), warning.getText());
    assertTrue(warning.getText().contains("Done: the new address is on the order."), warning.getText());
    f.driver().findElement(By.id("conflict-cancel")).click();
    waitFor(f, d -> !d.findElement(By.id("reply-conflict")).isDisplayed());
    js(f, "window.__sbRelease();");
    assertTrue(messages(c2).stream().noneMatch(m -> m.contains("I can change the address")), "not sent: " + messages(c2));
  }

  @Test
  @Order(4)
  void aReassignedConversationMovesToTheColleaguesMineOnTheOtherNodeAndASnoozeFromTheHeaderSleeps() {
    Agent s = second;
    Agent f = first;
    s.driver().findElement(By.id("resolve-button")).click();   // c2 is done: s has room again
    waitFor(s, d -> "resolved".equals(d.findElement(By.id("conversation-status")).getText()));
    waitFor(s, d -> "0".equals(count(s, "view-mine")));

    f.driver().findElement(By.id("view-mine")).click();
    open(f, c3, "My lamp arrived broken, the zeppelin model");
    new Select(f.driver().findElement(By.id("assignee-select"))).selectByValue(String.valueOf(s.id()));
    waitFor(s, d -> row(s, c3) != null);                      // live, through the other node
    waitFor(s, d -> "1".equals(count(s, "view-mine")));
    waitFor(f, d -> "0".equals(count(f, "view-mine")));
    assertEquals(s.id(), conversation(c3).getLong("assignee_id"));

    // s snoozes it until the next minute (at least 20 s away) from the header's time picker
    open(s, c3, "My lamp arrived broken, the zeppelin model");
    s.driver().findElement(By.id("snooze-button")).click();
    waitFor(s, d -> visible(d.findElement(By.id("snooze-at"))));
    wakesAt = ((Number) js(s, """
        var el = document.getElementById('snooze-at');
        var d = new Date(Date.now() + 20000); d.setSeconds(0, 0); d.setMinutes(d.getMinutes() + 1);
        var p = function (n) { return String(n).padStart(2, '0'); };
        var v = d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes());
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, v);
        el.dispatchEvent(new Event('input', { bubbles: true }));
        return d.getTime();""")).longValue();
    s.driver().findElement(By.cssSelector("#snooze-menu .snooze-pick button[type=submit]")).click();
    waitFor(s, d -> "snoozed".equals(d.findElement(By.id("conversation-status")).getText()));
    assertEquals("snoozed", conversation(c3).getString("status"));
    s.driver().findElement(By.id("messages")).click();
    s.driver().findElement(By.id("messages")).sendKeys(Keys.ESCAPE);   // let go of it: it leaves Mine
    waitFor(s, d -> row(s, c3) == null);
  }

  @Test
  @Order(5)
  void aResolvedConversationReopensWhenTheCustomerWritesAgain() {
    Agent f = first;
    f.driver().findElement(By.id("view-all")).click();
    new Select(f.driver().findElement(By.id("filter-status"))).selectByValue("all");
    open(f, c1, "Hi, my parcel never arrived");
    waitFor(f, d -> "resolved".equals(d.findElement(By.id("conversation-status")).getText()));
    say(parcel, "It still has not come, can you check again?", 1);
    waitFor(f, d -> bodies(f).contains("It still has not come, can you check again?"));
    waitFor(f, d -> "open".equals(d.findElement(By.id("conversation-status")).getText()));
    assertEquals("open", conversation(c1).getString("status"));
  }

  @Test
  @Order(6)
  void searchFindsACustomerByAWordFromTheirMessage() {
    WebDriver b = ben.driver();
    b.findElement(By.id("view-all")).click();
    new Select(b.findElement(By.id("filter-status"))).selectByValue("all");
    waitFor(ben, d -> rows(ben).size() >= 3);
    b.findElement(By.id("search")).sendKeys("zeppelin");
    waitFor(ben, d -> rows(ben).equals(List.of(String.valueOf(c3))));
    b.findElement(By.id("search")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    waitFor(ben, d -> rows(ben).size() >= 3);
  }

  @Test
  @Order(7)
  void theSnoozedConversationWakesOnItsOwnBackIntoItsAgentsMine() {
    Agent s = second;
    s.driver().findElement(By.id("view-mine")).click();
    new Select(s.driver().findElement(By.id("filter-status"))).selectByValue("open");
    Duration left = Duration.ofMillis(Math.max(0, wakesAt - System.currentTimeMillis())).plus(WAIT);
    // back in the open list as open (the row of a snoozed conversation it still had open says "snoozed")
    waitFor(s, left, d -> row(s, c3) != null && row(s, c3).getText().contains("open"));
    assertEquals("open", conversation(c3).getString("status"));
    assertEquals(s.id(), conversation(c3).getLong("assignee_id"));
  }

  @Test
  @Order(8)
  void afterNodeBRestartsBensPageReconnectsAndShowsWhatArrivedMeanwhileWithoutAReload() {
    WebDriver b = ben.driver();
    b.findElement(By.id("view-all")).click();
    new Select(b.findElement(By.id("filter-status"))).selectByValue("all");
    open(ben, c1, "It still has not come, can you check again?");
    js(ben, "window.__sbNotReloaded = true;");

    nodes.stopB();
    waitFor(ben, d -> d.findElement(By.id("connection-status")).getText().contains("Reconnecting"));
    say(parcel, "Hello? Anyone there?", 2);
    long c4 = say(visitor(), "New here: do you ship to Norway?", 0);
    nodes.startB();

    waitFor(ben, RESTART_WAIT, d -> "Live".equals(d.findElement(By.id("connection-status")).getText()));
    waitFor(ben, d -> bodies(ben).contains("Hello? Anyone there?"));
    waitFor(ben, d -> row(ben, c4) != null);
    assertEquals(Boolean.TRUE, js(ben, "return window.__sbNotReloaded === true;"), "the page was not reloaded");
  }

  @Test
  @Order(9)
  void aHostileNameAndMessageStayTextInBothBrowsers() {
    WsClient v = visitor();
    v.send(new JsonObject().put("type", "identify").put("name", HOSTILE));
    long id = say(v, HOSTILE, 0);
    for (Agent a : List.of(ana, ben)) {
      a.driver().findElement(By.id("view-all")).click();
      new Select(a.driver().findElement(By.id("filter-status"))).selectByValue("all");
      waitFor(a, d -> {
        WebElement r = row(a, id);
        return r != null && HOSTILE.equals(r.findElement(By.cssSelector(".item-name")).getText())
            && HOSTILE.equals(r.findElement(By.cssSelector(".item-preview")).getText());
      });
      open(a, id, HOSTILE);
      waitFor(a, d -> HOSTILE.equals(d.findElement(By.id("conversation-name")).getText()));
      assertEquals(0L, js(a, "return document.querySelectorAll('img').length;"), "no element made from the text");
      assertThrows(NoAlertPresentException.class, () -> a.driver().switchTo().alert(), "no alert in " + a.name() + "'s inbox");
    }
  }

  // ---------- helpers ----------

  private void signIn(Agent a) {
    a.driver().get("http://127.0.0.1:" + a.port() + "/inbox/");
    waitFor(a, d -> visible(d.findElement(By.id("email")))).sendKeys(a.name().toLowerCase() + "@example.com");
    a.driver().findElement(By.id("password")).sendKeys(a.name().toLowerCase() + "-password");
    a.driver().findElement(By.id("login-button")).click();
    waitFor(a, d -> "Live".equals(d.findElement(By.id("connection-status")).getText()));
  }

  private long agent(String login, String name, long team) {
    long id = created(admin.post("/api/v1/agents", new JsonObject().put("email", login + "@example.com")
        .put("name", name).put("password", login + "-password").put("role", "agent")));
    Reply set = admin.patch("/api/v1/agents/" + id, new JsonObject().put("capacity", 1)
        .put("team_ids", new JsonArray().add(team)));
    assertEquals(200, set.status(), set.text());
    return id;
  }

  private static long created(Reply r) {
    assertEquals(201, r.status(), r.text());
    return r.json().getLong("id");
  }

  /** Whoever auto-assignment gave the conversation to. */
  private Agent holderOf(long conversation) {
    Long id = waitFor(ana, d -> conversation(conversation).getLong("assignee_id"));
    return id == ana.id() ? ana : ben;
  }

  private WsClient visitor() {
    WsClient ws = WsClient.connect("ws://localhost:" + nodes.configA().httpPort() + "/ws/widget?inbox=" + inbox);
    visitors.add(ws);
    ws.awaitType("hello");
    return ws;
  }

  /** The visitor writes their n-th message; the conversation's id for the first. */
  private long say(WsClient ws, String body, int n) {
    ws.send(new JsonObject().put("type", "message").put("client_id", "c" + n).put("body", body));
    ws.await(f -> "ack".equals(f.getString("type")) && ("c" + n).equals(f.getString("client_id")));
    return n > 0 ? 0 : ws.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
        .getLong("conversation_id");
  }

  /** The next agent's message the visitor's widget socket gets. */
  private static JsonObject agentReply(WsClient ws) {
    return ws.await(f -> "message".equals(f.getString("type")) && f.getJsonObject("author") != null
        && "agent".equals(f.getJsonObject("author").getString("type")));
  }

  /** Clicks the conversation's row and waits for the text in its timeline. */
  private void open(Agent a, long id, String text) {
    waitFor(a, d -> row(a, id)).click();
    waitFor(a, d -> bodies(a).contains(text));
  }

  private static WebElement row(Agent a, long id) {
    return a.driver().findElements(By.cssSelector("#conversation-list .conversation-item")).stream()
        .filter(e -> String.valueOf(id).equals(e.getAttribute("data-id"))).findFirst().orElse(null);
  }

  private static List<String> rows(Agent a) {
    return a.driver().findElements(By.cssSelector("#conversation-list .conversation-item")).stream()
        .map(e -> e.getAttribute("data-id")).toList();
  }

  /** The number on a view's tab ("" while there is none). */
  private static String count(Agent a, String tab) {
    List<WebElement> n = a.driver().findElements(By.cssSelector("#" + tab + " .view-count"));
    return n.isEmpty() ? "" : n.get(0).getText();
  }

  private JsonObject conversation(long id) {
    return admin.get("/api/v1/conversations/" + id).json();
  }

  private List<String> messages(long id) {
    return admin.get("/api/v1/conversations/" + id + "/messages").json().getJsonArray("messages").stream()
        .map(m -> String.valueOf(((JsonObject) m).getString("body"))).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<String> bodies(Agent a) {
    return (List<String>) js(a, "return Array.from(document.querySelectorAll('#messages .message .message-body'))"
        + ".map(function (b) { return b.textContent; });");
  }

  private static Object js(Agent a, String script) {
    return ((JavascriptExecutor) a.driver()).executeScript(script);
  }

  private static WebElement visible(WebElement e) {
    return e.isDisplayed() ? e : null;
  }

  private static <T> T waitFor(Agent a, Function<WebDriver, T> condition) {
    return waitFor(a, WAIT, condition);
  }

  private static <T> T waitFor(Agent a, Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(a.driver(), timeout, Duration.ofMillis(50))
        .ignoring(StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .withMessage(() -> a.name() + "'s page showed: " + ((String) js(a, "return document.body ? document.body.innerText : '';"))
            .replaceAll("\\s+", " "))
        .until(d -> {
          T value = condition.apply(d);
          return value instanceof Boolean b && !b ? null : value;
        });
  }
}
