package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.TestHub;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * The whole visitor ⇄ agent loop in two real (headless Chromium) browsers: the widget embedded on
 * a host page of another origin, the agent inbox logged in through its form. Each step asserts what
 * the visitor or the agent would see on screen. The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class WidgetInboxBrowserTest {

  /** After a hub restart both pages reconnect on their own backoff (up to 5 s each) first. */
  private static final Duration RESTART_WAIT = Duration.ofSeconds(30);

  private static final String FIRST = "Hi, my order #1042 never arrived";
  private static final String TYPED = "Can you check the tracking please?";
  private static final String REPLY = "Sorry about that! Let me look it up.";
  private static final String NOTE = "INTERNAL: customer is a VIP, refund if needed";
  private static final String AFTER_NOTE = "Found it: it ships tomorrow.";
  private static final String HOSTILE = "<img src=x onerror=alert(1)>";
  private static final String WHILE_DOWN = "Are you still there? (sent while the hub was down)";
  private static final String AFTER_RESTART = "Yes, still here after the restart.";

  private HubConfig config;
  private Hub hub;
  private long inboxId;
  private final Browsers browsers = new Browsers();
  private ShopPage shop;
  private String hostPageUrl;
  private WidgetPage visitor;
  private InboxPage agent;
  private long conversationId;

  @BeforeAll
  void start() throws IOException {
    config = TestHub.config("browser");
    hub = TestHub.start(config);
    inboxId = ApiClient.admin(config).webInbox("Website chat");

    shop = ShopPage.embedding(config.httpPort(), inboxId);
    hostPageUrl = shop.url();

    visitor = new WidgetPage(browsers.open());
    agent = new InboxPage(browsers.open(), config);
  }

  @AfterAll
  void stop() {
    browsers.close();
    if (shop != null) {
      shop.close();
    }
    TestHub.stop(hub);
    if (config != null) {
      TestHub.dropAll(config);
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void agentSignsInThroughTheLoginFormAndGoesLive() {
    agent.signInAsAdmin();

    agent.waitFor(d -> d.findElement(By.id("conversation-list")).isDisplayed());
    assertFalse(agent.find(By.id("login")).isDisplayed(), "the login form goes away");
    agent.markLoaded();   // from here on the inbox is never reloaded: everything must arrive live
    assertTrue(agent.driver().findElements(By.cssSelector(".conversation-item")).isEmpty(), "no conversations yet");
  }

  @Test
  @Order(2)
  void visitorOnAnotherOriginSendsAMessageThatIsAcknowledged() {
    visitor.visit(hostPageUrl).open();
    visitor.send(FIRST);

    // shown at once (pending), then acknowledged by the hub: no longer faded, has its place (seq)
    visitor.waitFor(d -> visitor.messages().stream().anyMatch(m -> m.body().equals(FIRST)));
    WidgetPage.Message acked = visitor.waitFor(d -> visitor.messages().stream()
        .filter(m -> m.body().equals(FIRST) && !m.pending() && m.seq() != null).findFirst().orElse(null));
    assertTrue(acked.customer() && acked.visible(), "shown as the visitor's own message");
    assertEquals("", visitor.find("#sb-input").getDomProperty("value"),
        "the composer is cleared");
  }

  @Test
  @Order(3)
  void agentSeesTheNewConversationAppearLiveAndOpensIt() {
    // No reload: the list fills from the live socket.
    conversationId = agent.open(FIRST);
    agent.waitFor(d -> d.findElement(By.id("conversation-view")).isDisplayed());

    agent.waitFor(d -> agent.timeline().stream().anyMatch(m -> m.kind().equals("in") && m.body().equals(FIRST)));
    assertEquals(List.of(FIRST), agent.messages("in"));
    assertTrue(agent.notReloaded(), "the page was not reloaded");
  }

  @Test
  @Order(4)
  void visitorTypingShowsInTheInboxAndTheMessageArrives() {
    WebElement input = visitor.find("#sb-input");
    input.sendKeys(TYPED.substring(0, 12));
    WebElement indicator = agent.find(By.id("typing-indicator"));
    agent.waitFor(d -> indicator.isDisplayed() && indicator.getText().toLowerCase().contains("typing"));

    input.sendKeys(TYPED.substring(12));
    visitor.find("#sb-send").click();
    agent.waitFor(d -> agent.messages("in").contains(TYPED));
    agent.waitUntilHidden(By.id("typing-indicator"));
    assertEquals(List.of(FIRST, TYPED), agent.messages("in"));
  }

  @Test
  @Order(5)
  void agentReplyReachesTheVisitorLive() {
    replyFromInbox(REPLY, false);
    agent.waitFor(d -> agent.messages("out").contains(REPLY));

    WidgetPage.Message reply = visitor.waitFor(d -> visitor.messages().stream()
        .filter(m -> m.body().equals(REPLY)).findFirst().orElse(null));
    assertFalse(reply.customer(), "shown as the agent's message, not the visitor's");
    assertTrue(reply.visible());
  }

  @Test
  @Order(6)
  void privateNoteShowsAsANoteInTheInboxAndNeverInTheWidget() {
    replyFromInbox(NOTE, true);
    InboxPage.Message note = agent.waitFor(d -> agent.timeline().stream()
        .filter(m -> m.body().equals(NOTE)).findFirst().orElse(null));
    assertEquals("note", note.kind(), "shown as a private note");
    assertTrue(note.label().contains("Private note"), "labelled as a private note: " + note.label());

    // A public reply after the note: once the visitor has it, the note would have come before it.
    replyFromInbox(AFTER_NOTE, false);
    visitor.waitFor(d -> visitor.bodies().contains(AFTER_NOTE));
    assertWidgetNeverShowsNote();
    assertEquals(List.of(FIRST, TYPED, REPLY, AFTER_NOTE), visitor.bodies());
  }

  @Test
  @Order(7)
  void hostileTextShowsLiterallyOnBothSides() {
    visitor.send(HOSTILE);
    WidgetPage.Message shown = visitor.waitFor(d -> visitor.messages().stream()
        .filter(m -> m.body().equals(HOSTILE) && !m.pending()).findFirst().orElse(null));
    assertEquals(HOSTILE, shown.body());
    assertEquals(0, shown.images(), "no <img> element was created in the widget message");
    assertTrue(visitor.shadow().findElements(By.cssSelector("#sb-messages img")).isEmpty());

    InboxPage.Message inbound = agent.waitFor(d -> agent.timeline().stream()
        .filter(m -> m.body().equals(HOSTILE)).findFirst().orElse(null));
    assertEquals("in", inbound.kind());
    assertEquals(0, inbound.images(), "no <img> element was created in the inbox message");
    assertTrue(agent.driver().findElements(By.cssSelector("#messages img, #conversation-list img")).isEmpty());
    agent.waitFor(d -> d.findElements(By.cssSelector(".conversation-item[data-id='" + conversationId + "']"))
        .stream().anyMatch(e -> e.getText().contains(HOSTILE)));

    assertThrows(NoAlertPresentException.class, () -> visitor.driver().switchTo().alert(), "no alert in the visitor's page");
    assertThrows(NoAlertPresentException.class, () -> agent.driver().switchTo().alert(), "no alert in the inbox");
  }

  @Test
  @Order(8)
  void reloadingTheHostPageKeepsTheWholeHistoryOnceInOrder() {
    visitor.find("#sb-close").click();
    visitor.waitFor(d -> !visitor.find("#sb-panel").isDisplayed());
    visitor.driver().navigate().refresh();

    // history loads behind the closed launcher; messages already seen are not announced as unread
    visitor.waitFor(d -> visitor.messages().size() >= 5);
    assertFalse(visitor.find("#sb-panel").isDisplayed(), "stays closed after reload");
    assertFalse(visitor.find("#sb-unread").isDisplayed(), "no unread badge for old messages");
    visitor.open();
    List<String> expected = List.of(FIRST, TYPED, REPLY, AFTER_NOTE, HOSTILE);
    visitor.waitFor(d -> visitor.bodies().equals(expected));

    List<WidgetPage.Message> msgs = visitor.messages();
    assertEquals(List.of(true, true, false, false, true), msgs.stream().map(WidgetPage.Message::customer).toList(),
        "visitor and agent messages on their own sides");
    assertTrue(msgs.stream().noneMatch(WidgetPage.Message::pending), "nothing is left pending");
    List<Integer> seqs = msgs.stream().map(m -> Integer.parseInt(m.seq())).toList();
    assertEquals(seqs.stream().sorted().distinct().toList(), seqs, "in order, each once");
    assertWidgetNeverShowsNote();
    assertTrue(visitor.shadow().findElements(By.cssSelector("#sb-messages img")).isEmpty());
  }

  @Test
  @Order(9)
  void aMessageSentWhileTheHubIsDownIsDeliveredExactlyOnceAfterRestart() {
    visitor.markLoaded();
    TestHub.stop(hub);
    hub = null;
    agent.waitFor(d -> agent.connection().contains("Reconnecting"));
    visitor.waitFor(d -> visitor.find("#sb-status").getText().contains("Reconnecting"));

    visitor.send(WHILE_DOWN);
    WidgetPage.Message pending = visitor.waitFor(d -> visitor.messages().stream()
        .filter(m -> m.body().equals(WHILE_DOWN)).findFirst().orElse(null));
    assertTrue(pending.pending(), "shown as not yet sent while the hub is down");

    hub = TestHub.start(config);   // same port, same database: a restarted node

    visitor.waitFor(RESTART_WAIT, d -> visitor.messages().stream()
        .anyMatch(m -> m.body().equals(WHILE_DOWN) && !m.pending() && m.seq() != null));
    visitor.waitFor(d -> visitor.find("#sb-status").getText().isEmpty());
    // the inbox reconnects by itself and catches up, no reload
    agent.waitFor(RESTART_WAIT, d -> "Live".equals(agent.connection()));
    agent.waitFor(RESTART_WAIT, d -> agent.messages("in").contains(WHILE_DOWN));

    // and a reply after the restart reaches the visitor
    replyFromInbox(AFTER_RESTART, false);
    visitor.waitFor(d -> visitor.bodies().contains(AFTER_RESTART));
    agent.waitFor(d -> agent.messages("out").contains(AFTER_RESTART));

    assertTrue(agent.notReloaded(), "the page was not reloaded");
    assertTrue(visitor.notReloaded(), "the page was not reloaded");
    List<String> everything = List.of(FIRST, TYPED, REPLY, AFTER_NOTE, HOSTILE, WHILE_DOWN, AFTER_RESTART);
    assertEquals(everything, visitor.bodies(), "the widget shows every message exactly once, in order");
    assertTrue(visitor.messages().stream().noneMatch(WidgetPage.Message::pending));
    assertWidgetNeverShowsNote();
    assertEquals(List.of(FIRST, TYPED, HOSTILE, WHILE_DOWN), agent.messages("in"), "each customer message once");
    assertEquals(List.of(REPLY, AFTER_NOTE, AFTER_RESTART), agent.messages("out"));
    assertEquals(List.of(NOTE), agent.messages("note"));
    assertEquals(1, agent.timeline().stream().filter(m -> m.body().equals(WHILE_DOWN)).count());
    List<Integer> seqs = agent.timeline().stream().map(InboxPage.Message::seq).toList();
    assertEquals(seqs.stream().sorted().distinct().toList(), seqs, "inbox timeline in order, no duplicates");

    // what the hub stored agrees: one row for the message sent while it was down
    var stored = ApiClient.admin(config).get("/api/v1/conversations/" + conversationId + "/messages?after_seq=0");
    assertEquals(200, stored.status());
    long copies = stored.json().getJsonArray("messages").stream()
        .filter(o -> WHILE_DOWN.equals(((io.vertx.core.json.JsonObject) o).getString("body"))).count();
    assertEquals(1, copies, "stored exactly once");
  }

  // ---------------------------------------------------------------------------------------------

  private void assertWidgetNeverShowsNote() {
    assertFalse(visitor.allText().contains(NOTE), "the private note never reaches the visitor");
  }

  /** Writes a reply (or a private note) in the inbox's composer and waits until it is sent. */
  private void replyFromInbox(String text, boolean note) {
    WebElement toggle = agent.find(By.id("note-toggle"));
    if (toggle.isSelected() != note) {
      toggle.click();
    }
    agent.reply(text);
    // sent: the composer empties
    agent.waitFor(d -> "".equals(agent.draft()));
    if (note) {
      agent.click(By.id("note-toggle"));
    }
  }
}
