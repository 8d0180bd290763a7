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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

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

  @RegisterExtension
  static final RunningHub node = new RunningHub("lifecycleui");

  private final Browsers browsers = new Browsers();
  private final List<WsClient> visitors = new ArrayList<>();
  private long inboxId;
  private long adminId;
  private ApiClient bea;
  private long ivy;
  private long team;
  private InboxPage inbox;

  @BeforeAll
  void start() throws IOException {
    ApiClient admin = node.admin();
    inboxId = admin.webInbox("Website chat");
    adminId = admin.get("/api/v1/me").json().getLong("id");
    createAgent("bea", 5);
    bea = login("bea");
    ivy = createAgent("ivy", 1);
    team = admin.post("/api/v1/teams", new JsonObject().put("name", "Billing")).json().getLong("id");
    createAgent("dan", 5);
    inbox = new InboxPage(browsers.open(1366, 768), node.config()).canHoldFrames().signInAsAdmin();
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
    inbox.open(id, "Where is my refund?");

    inbox.runMacro("Refund sent");
    inbox.waitFor(d -> inbox.messages().contains("Your refund is on its way."));
    inbox.waitForStatus("pending");
    inbox.waitFor(d -> inbox.tagged("refund"));
    JsonObject conv = conversation(id);
    assertEquals("pending", conv.getString("status"));
    assertEquals(new JsonArray().add("refund"), conv.getJsonArray("tags"));

    // Bea answers; this inbox has not heard of it when the macro runs
    inbox.holdFrames();
    assertEquals(201, bea.post("/api/v1/conversations/" + id + "/messages",
        new JsonObject().put("body", "<b>Done</b>, it went out today.")).status());
    inbox.runMacro("Thank them");
    WebElement warning = inbox.shown(By.id("reply-conflict"));
    assertTrue(warning.getText().contains("bea replied while you were writing"), warning.getText());
    assertTrue(warning.getText().contains("macro was not run"), warning.getText());
    assertTrue(warning.getText().contains("<b>Done</b>, it went out today."), "as text: " + warning.getText());
    assertEquals(0L, inbox.js("return document.querySelectorAll('#reply-conflict b, #messages b').length;"));
    assertTrue(messages(id).stream().noneMatch("Thanks for waiting!"::equals), "the macro did nothing");

    inbox.sendAnyway();
    inbox.waitUntilHidden(By.id("reply-conflict"));
    inbox.waitFor(d -> inbox.messages().contains("Thanks for waiting!"));
    assertEquals(List.of("Where is my refund?", "Your refund is on its way.", "<b>Done</b>, it went out today.",
        "Thanks for waiting!"), messages(id));
    inbox.release();
  }

  @Test
  void aSnoozeFromTheHeaderWakesBackIntoOpenWithANotification() {
    long id = visitorSays("Call me back tomorrow");
    assertEquals(200, node.admin().patch("/api/v1/conversations/" + id, new JsonObject().put("assignee_id", adminId))
        .status());
    inbox.open(id, "Call me back tomorrow");

    inbox.snooze();
    inbox.waitForStatus("snoozed");
    JsonObject snoozed = conversation(id);
    assertEquals("snoozed", snoozed.getString("status"));
    Instant until = Instant.parse(snoozed.getString("snoozed_until"));
    assertTrue(until.isAfter(Instant.now().plus(50, ChronoUnit.MINUTES)), "an hour: " + until);

    // leave it; it is not among the open ones any more
    inbox.click(By.id("messages"));
    inbox.find(By.id("messages")).sendKeys(Keys.ESCAPE);
    inbox.shown(By.id("empty-conversation"));
    inbox.waitFor(d -> inbox.row(id) == null);

    // its time comes (a couple of seconds from now)
    String soon = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS).toString();
    assertEquals(200, node.admin().patch("/api/v1/conversations/" + id,
        new JsonObject().put("status", "snoozed").put("snoozed_until", soon)).status());
    inbox.waitFor(d -> inbox.row(id) != null);
    inbox.shown(By.id("notifications-badge"));
    inbox.openNotifications();
    WebElement item = inbox.waitFor(d -> d.findElements(By.cssSelector("#notifications-list .notify-item.unread")).stream()
        .filter(e -> e.getText().contains("#" + id + " woke from its snooze")).findFirst().orElse(null));
    item.click();
    inbox.waitForStatus("open");
    assertEquals("open", conversation(id).getString("status"));
  }

  @Test
  void resolvingEndsTheCaseAndTheCustomersNextMessageOpensTheNextOne() {
    WsClient visitor = visitor();
    long id = say(visitor, "My order is late", 0);
    inbox.open(id, "My order is late");
    // case numbers are the hub's ticket numbers, counted across conversations
    long first = caseNumbers(id).get(0);
    inbox.waitFor(d -> caseRows().equals(List.of("Case #" + first + " opened")));

    inbox.click(By.id("resolve-button"));
    inbox.waitForStatus("resolved");
    inbox.waitFor(d -> caseRows().equals(List.of("Case #" + first + " opened", "Case #" + first + " resolved")));

    say(visitor, "It still has not arrived", 1);
    inbox.waitForStatus("open");
    List<Long> numbers = caseNumbers(id);
    assertEquals(2, numbers.size(), "the message opened a second case");
    long second = numbers.get(1);
    inbox.waitFor(d -> caseRows().equals(List.of("Case #" + first + " opened", "Case #" + first + " resolved",
        "Case #" + second + " opened")));
    assertEquals("It still has not arrived", inbox.js("var rows = Array.from(document.querySelectorAll("
        + "'#messages .case-boundary, #messages .message .message-body')); return rows[rows.length - 1].textContent;"),
        "the new message is in the second case");
    WebElement cases = inbox.waitFor(d -> {
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

    inbox.open(admins, "An admin gives this to Ivy");
    inbox.select(By.id("assignee-select"), String.valueOf(ivy));
    WebElement warned = inbox.shown(By.cssSelector("#header-notice.warning"));
    assertTrue(warned.getText().contains("over capacity"), warned.getText());
    assertEquals(ivy, conversation(admins).getLong("assignee_id"), "done, with a warning");

    // a macro that assigns: the same warning, under the composer
    assertEquals(201, node.admin().post("/api/v1/macros", new JsonObject().put("name", "Give to Ivy")
        .put("actions", new JsonArray().add(action("assign", ivy)))).status());
    long byMacro = visitorSays("A macro gives this to Ivy");
    inbox.open(byMacro, "A macro gives this to Ivy");
    inbox.runMacro("Give to Ivy");
    WebElement macroWarned = inbox.shown(By.id("composer-notice"));
    assertTrue(macroWarned.getText().contains("over capacity"), macroWarned.getText());
    assertEquals(ivy, conversation(byMacro).getLong("assignee_id"));

    InboxPage dan = new InboxPage(browsers.open(1366, 768), node.config()).signIn("dan@example.com", "dan-password");
    dan.open(agents);
    dan.waitFor(d -> d.findElements(By.cssSelector("#assignee-select option")).stream()
        .anyMatch(o -> String.valueOf(ivy).equals(o.getAttribute("value"))));
    dan.select(By.id("assignee-select"), String.valueOf(ivy));
    WebElement refused = dan.shown(By.cssSelector("#header-notice.error"));
    assertTrue(refused.getText().contains("ivy"), refused.getText());
    assertNull(conversation(agents).getValue("assignee_id"), "nothing changed");
    dan.waitFor(d -> "".equals(new Select(d.findElement(By.id("assignee-select"))).getFirstSelectedOption()
        .getAttribute("value")));
  }

  @Test
  void theHeadersStatusTeamPriorityAndTagControlsChangeTheConversation() {
    long id = visitorSays("Billing question");
    inbox.open(id, "Billing question");

    inbox.click(By.id("status-pending"));
    inbox.waitFor(d -> "pending".equals(conversation(id).getString("status")));
    inbox.click(By.id("status-open"));
    inbox.waitFor(d -> "open".equals(conversation(id).getString("status")));

    new Select(inbox.find(By.id("team-select"))).selectByVisibleText("Billing");
    inbox.waitFor(d -> Long.valueOf(team).equals(conversation(id).getLong("team_id")));
    inbox.select(By.id("priority-select"), "urgent");
    inbox.waitFor(d -> "urgent".equals(conversation(id).getString("priority")));

    // a tag nobody has used yet: typed in, it joins the catalogue
    WebElement tag = inbox.find(By.id("tag-add"));
    tag.sendKeys("needs-invoice");
    tag.sendKeys(Keys.ENTER);
    inbox.waitFor(d -> new JsonArray().add("needs-invoice").equals(conversation(id).getJsonArray("tags")));
    inbox.waitFor(d -> inbox.tagged("needs-invoice"));
    assertEquals("", tag.getDomProperty("value"));
    assertTrue(node.admin().get("/api/v1/tags").json().getJsonArray("tags").stream()
        .anyMatch(t -> "needs-invoice".equals(((JsonObject) t).getString("name"))), "in the catalogue");
    inbox.click(By.cssSelector("button[aria-label='Remove tag needs-invoice']"));
    inbox.waitFor(d -> conversation(id).getJsonArray("tags").isEmpty());
  }

  // ---------- helpers ----------

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
    WsClient ws = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox=" + inboxId);
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
  private List<String> caseRows() {
    return (List<String>) inbox.js("return Array.from(document.querySelectorAll('#messages .case-boundary'))"
        + ".map(function (b) { return b.textContent; });");
  }
}
