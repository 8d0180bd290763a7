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
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

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

  private static final Duration RESTART_WAIT = Duration.ofSeconds(30);
  private static final String HOSTILE = "<img src=x onerror=alert(1)>";
  private static final String CANNED = "Your parcel is on its way; the tracking link follows by email.";
  private static final String MACRO_REPLY = "Is there anything else I can help you with?";

  @RegisterExtension
  static final RunningNodes nodes = new RunningNodes("twonodesui");

  /** An agent in their browser, signed in to their node's inbox. */
  private record Agent(String name, long id, InboxPage inbox) {}

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

    ana = new Agent("Ana", anaId, new InboxPage(browsers.open(1366, 768), nodes.configA()).canHoldFrames()
        .signIn("ana@example.com", "ana-password"));
    ben = new Agent("Ben", benId, new InboxPage(browsers.open(1366, 768), nodes.configB()).canHoldFrames()
        .signIn("ben@example.com", "ben-password"));
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
      a.inbox().view("mine");
    }

    parcel = visitor();
    c1 = say(parcel, "Hi, my parcel never arrived", 0);
    first = holderOf(c1);
    second = first == ana ? ben : ana;
    InboxPage f = first.inbox();
    InboxPage s = second.inbox();
    f.waitFor(d -> f.row(c1) != null);
    f.waitFor(d -> "1".equals(f.count("mine")));
    for (Agent a : List.of(ana, ben)) {
      a.inbox().waitFor(d -> "1".equals(a.inbox().count("all")));   // live on both nodes
    }

    address = visitor();
    c2 = say(address, "Can I change my delivery address?", 0);
    assertEquals(second.id(), holderOf(c2).id(), "the agent with room takes it");
    s.waitFor(d -> s.row(c2) != null);
    s.waitFor(d -> "1".equals(s.count("mine")));

    // both are full: the third customer waits, and both see the queue
    c3 = say(visitor(), "My lamp arrived broken, the zeppelin model", 0);
    for (Agent a : List.of(ana, ben)) {
      a.inbox().waitFor(d -> "1".equals(a.inbox().count("unassigned")) && "3".equals(a.inbox().count("all")));
    }
    assertEquals(null, conversation(c3).getValue("assignee_id"), "nobody has room");

    // the first agent resolves theirs: the waiting customer is theirs the moment the slot frees
    f.open(c1, "Hi, my parcel never arrived");
    f.click(By.id("resolve-button"));
    f.waitForStatus("resolved");
    f.waitFor(d -> f.row(c3) != null);
    for (Agent a : List.of(ana, ben)) {
      a.inbox().waitFor(d -> "0".equals(a.inbox().count("unassigned")));
    }
    assertEquals(first.id(), conversation(c3).getLong("assignee_id"));
  }

  @Test
  @Order(2)
  void aCannedResponseAndAMacroReachTheCustomerAndANoteNeverDoes() {
    InboxPage s = second.inbox();
    s.open(c2, "Can I change my delivery address?");
    WebElement input = s.find(By.id("reply-input"));
    input.sendKeys("/parc");
    s.shown(By.id("canned-list"));
    s.waitFor(d -> "/parcel".equals(d.findElement(By.cssSelector("#canned-list .canned-option.active .canned-shortcut"))
        .getText()));
    input.sendKeys(Keys.ENTER);
    s.waitFor(d -> CANNED.equals(s.draft()));
    input.sendKeys(Keys.ENTER);
    assertEquals(CANNED, agentReply(address).getString("body"));

    s.click(By.id("note-toggle"));
    input.sendKeys("She sounded upset on the phone, be gentle");
    input.sendKeys(Keys.ENTER);
    s.waitFor(d -> d.findElements(By.cssSelector("#messages .message-note .message-body")).stream()
        .anyMatch(e -> e.getText().equals("She sounded upset on the phone, be gentle")));
    s.click(By.id("note-toggle"));

    s.runMacro("Wrap up");
    s.waitFor(d -> s.messages().contains(MACRO_REPLY));
    s.waitFor(d -> s.tagged("followup"));
    assertEquals(MACRO_REPLY, agentReply(address).getString("body"));
    assertTrue(address.drain(300).stream().noneMatch(m -> String.valueOf(m.getString("body")).contains("upset")),
        "the customer never gets the note");
  }

  @Test
  @Order(3)
  void whenBothAnswerTheSecondIsWarnedWithTheColleaguesReplyAndNothingOfTheirsIsSent() {
    InboxPage s = second.inbox();
    InboxPage f = first.inbox();
    f.view("all");
    f.open(c2, MACRO_REPLY);

    f.holdFrames();   // f's network is slow: s's reply has not reached f's page yet
    WebElement theirs = f.find(By.id("reply-input"));
    theirs.sendKeys("I can change the address for you now.");
    WebElement mine = s.find(By.id("reply-input"));
    mine.sendKeys("Done: the new address is on the order.");
    mine.sendKeys(Keys.ENTER);
    assertEquals("Done: the new address is on the order.", agentReply(address).getString("body"));

    f.click(By.id("send-button"));
    WebElement warning = f.shown(By.id("reply-conflict"));
    assertTrue(warning.getText().contains(second.name() + " replied while you were writing"), warning.getText());
    assertTrue(warning.getText().contains("Done: the new address is on the order."), warning.getText());
    f.click(By.id("conflict-cancel"));
    f.waitUntilHidden(By.id("reply-conflict"));
    f.release();
    assertTrue(messages(c2).stream().noneMatch(m -> m.contains("I can change the address")), "not sent: " + messages(c2));
  }

  @Test
  @Order(4)
  void aReassignedConversationMovesToTheColleaguesMineOnTheOtherNodeAndASnoozeFromTheHeaderSleeps() {
    InboxPage s = second.inbox();
    InboxPage f = first.inbox();
    s.click(By.id("resolve-button"));   // c2 is done: s has room again
    s.waitForStatus("resolved");
    s.waitFor(d -> "0".equals(s.count("mine")));

    f.view("mine");
    f.open(c3, "My lamp arrived broken, the zeppelin model");
    f.select(By.id("assignee-select"), String.valueOf(second.id()));
    s.waitFor(d -> s.row(c3) != null);                      // live, through the other node
    s.waitFor(d -> "1".equals(s.count("mine")));
    f.waitFor(d -> "0".equals(f.count("mine")));
    assertEquals(second.id(), conversation(c3).getLong("assignee_id"));

    // s snoozes it until the next minute (at least 20 s away) from the header's time picker
    s.open(c3, "My lamp arrived broken, the zeppelin model");
    s.click(By.id("snooze-button"));
    s.shown(By.id("snooze-at"));
    wakesAt = ((Number) s.js("""
        var el = document.getElementById('snooze-at');
        var d = new Date(Date.now() + 20000); d.setSeconds(0, 0); d.setMinutes(d.getMinutes() + 1);
        var p = function (n) { return String(n).padStart(2, '0'); };
        var v = d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes());
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, v);
        el.dispatchEvent(new Event('input', { bubbles: true }));
        return d.getTime();""")).longValue();
    s.click(By.cssSelector("#snooze-menu .snooze-pick button[type=submit]"));
    s.waitForStatus("snoozed");
    assertEquals("snoozed", conversation(c3).getString("status"));
    s.click(By.id("messages"));
    s.find(By.id("messages")).sendKeys(Keys.ESCAPE);   // let go of it: it leaves Mine
    s.waitFor(d -> s.row(c3) == null);
  }

  @Test
  @Order(5)
  void aResolvedConversationReopensWhenTheCustomerWritesAgain() {
    InboxPage f = first.inbox();
    everything(f);
    f.open(c1, "Hi, my parcel never arrived");
    f.waitForStatus("resolved");
    say(parcel, "It still has not come, can you check again?", 1);
    f.waitFor(d -> f.messages().contains("It still has not come, can you check again?"));
    f.waitForStatus("open");
    assertEquals("open", conversation(c1).getString("status"));
  }

  @Test
  @Order(6)
  void searchFindsACustomerByAWordFromTheirMessage() {
    InboxPage b = ben.inbox();
    everything(b);
    b.waitFor(d -> b.rowIds().size() >= 3);
    b.find(By.id("search")).sendKeys("zeppelin");
    b.waitFor(d -> b.rowIds().equals(List.of(String.valueOf(c3))));
    b.find(By.id("search")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    b.waitFor(d -> b.rowIds().size() >= 3);
  }

  @Test
  @Order(7)
  void theSnoozedConversationWakesOnItsOwnBackIntoItsAgentsMine() {
    InboxPage s = second.inbox();
    s.view("mine");
    s.select(By.id("filter-status"), "open");
    Duration left = Duration.ofMillis(Math.max(0, wakesAt - System.currentTimeMillis())).plus(Page.WAIT);
    s.waitFor(left, d -> s.row(c3) != null);
    assertEquals("open", conversation(c3).getString("status"));
    assertEquals(second.id(), conversation(c3).getLong("assignee_id"));
  }

  @Test
  @Order(8)
  void afterNodeBRestartsBensPageReconnectsAndShowsWhatArrivedMeanwhileWithoutAReload() {
    InboxPage b = ben.inbox();
    everything(b);
    b.open(c1, "It still has not come, can you check again?");
    b.markLoaded();

    nodes.stopB();
    b.waitFor(d -> b.connection().contains("Reconnecting"));
    say(parcel, "Hello? Anyone there?", 2);
    long c4 = say(visitor(), "New here: do you ship to Norway?", 0);
    nodes.startB();

    b.waitFor(RESTART_WAIT, d -> "Live".equals(b.connection()));
    b.waitFor(d -> b.messages().contains("Hello? Anyone there?"));
    b.waitFor(d -> b.row(c4) != null);
    assertTrue(b.notReloaded(), "the page was not reloaded");
  }

  @Test
  @Order(9)
  void aHostileNameAndMessageStayTextInBothBrowsers() {
    WsClient v = visitor();
    v.send(new JsonObject().put("type", "identify").put("name", HOSTILE));
    long id = say(v, HOSTILE, 0);
    for (Agent a : List.of(ana, ben)) {
      InboxPage p = a.inbox();
      everything(p);
      p.waitFor(d -> {
        WebElement r = p.row(id);
        return r != null && HOSTILE.equals(InboxPage.rowPart(r, "name")) && HOSTILE.equals(InboxPage.rowPart(r, "preview"));
      });
      p.open(id, HOSTILE);
      p.waitFor(d -> HOSTILE.equals(p.text(By.id("conversation-name"))));
      assertEquals(0L, p.js("return document.querySelectorAll('img').length;"), "no element made from the text");
      assertThrows(NoAlertPresentException.class, () -> p.driver().switchTo().alert(), "no alert in " + a.name() + "'s inbox");
    }
  }

  // ---------- helpers ----------

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

  /** The inbox lists every conversation: the All view, any status. */
  private static void everything(InboxPage inbox) {
    inbox.view("all");
    inbox.select(By.id("filter-status"), "all");
  }

  /** Whoever auto-assignment gave the conversation to. */
  private Agent holderOf(long conversation) {
    Long id = ana.inbox().waitFor(d -> conversation(conversation).getLong("assignee_id"));
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

  private JsonObject conversation(long id) {
    return admin.get("/api/v1/conversations/" + id).json();
  }

  private List<String> messages(long id) {
    return admin.get("/api/v1/conversations/" + id + "/messages").json().getJsonArray("messages").stream()
        .map(m -> String.valueOf(((JsonObject) m).getString("body"))).toList();
  }
}
