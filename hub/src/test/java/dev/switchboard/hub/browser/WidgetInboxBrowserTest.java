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
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole visitor ⇄ agent loop in two real (headless Chromium) browsers: the widget embedded on
 * a host page of another origin, the agent inbox logged in through its form. Each step asserts what
 * the visitor or the agent would see on screen. The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class WidgetInboxBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  /** Held so the level set on it sticks (JUL keeps loggers weakly). */
  private static final java.util.logging.Logger CDP_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");
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
  private String inboxUrl;
  private WebDriver visitor;
  private WebDriver agent;
  private long conversationId;

  @BeforeAll
  void start() throws IOException {
    // we never use CDP; don't warn that this Selenium lacks the newest CDP version
    CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
    config = TestHub.config("browser");
    hub = TestHub.start(config);
    inboxId = ApiClient.admin(config).webInbox("Website chat");

    shop = ShopPage.embedding(config.httpPort(), inboxId);
    hostPageUrl = shop.url();
    inboxUrl = "http://127.0.0.1:" + config.httpPort() + "/inbox/";

    visitor = browsers.open();
    agent = browsers.open();
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
    agent.get(inboxUrl);
    WebElement email = waitFor(agent, d -> visible(d.findElement(By.id("email"))));
    email.sendKeys(config.adminEmail());
    agent.findElement(By.id("password")).sendKeys(config.adminPassword());
    agent.findElement(By.id("login-button")).click();

    waitFor(agent, d -> d.findElement(By.id("conversation-list")).isDisplayed());
    waitFor(agent, d -> "Live".equals(d.findElement(By.id("connection-status")).getText()));
    assertFalse(agent.findElement(By.id("login")).isDisplayed(), "the login form goes away");
    markPage(agent);   // from here on the inbox is never reloaded: everything must arrive live
    assertTrue(agent.findElements(By.cssSelector(".conversation-item")).isEmpty(), "no conversations yet");
  }

  @Test
  @Order(2)
  void visitorOnAnotherOriginSendsAMessageThatIsAcknowledged() {
    visitor.get(hostPageUrl);
    openWidget();
    sendFromWidget(FIRST);

    // shown at once (pending), then acknowledged by the hub: no longer faded, has its place (seq)
    waitFor(visitor, d -> widgetMessages().stream().anyMatch(m -> m.body().equals(FIRST)));
    WidgetMsg acked = waitFor(visitor, d -> widgetMessages().stream()
        .filter(m -> m.body().equals(FIRST) && !m.pending() && m.seq() != null).findFirst().orElse(null));
    assertTrue(acked.customer() && acked.visible(), "shown as the visitor's own message");
    assertEquals("", shadow().findElement(By.cssSelector("#sb-input")).getDomProperty("value"),
        "the composer is cleared");
  }

  @Test
  @Order(3)
  void agentSeesTheNewConversationAppearLiveAndOpensIt() {
    // No reload: the list fills from the live socket. It re-renders on every live event, so find
    // and click in one retried step.
    String id = waitFor(agent, d -> {
      WebElement item = d.findElements(By.cssSelector("#conversation-list .conversation-item")).stream()
          .filter(e -> e.getText().contains(FIRST)).findFirst().orElse(null);
      if (item == null) {
        return null;
      }
      String found = item.getAttribute("data-id");
      item.click();
      return found;
    });
    conversationId = Long.parseLong(id);
    waitFor(agent, d -> d.findElement(By.id("conversation-view")).isDisplayed());

    waitFor(agent, d -> inboxMessages().stream().anyMatch(m -> m.kind().equals("in") && m.body().equals(FIRST)));
    assertEquals(List.of(FIRST), inboxBodies("in"));
    assertNotReloaded(agent);
  }

  @Test
  @Order(4)
  void visitorTypingShowsInTheInboxAndTheMessageArrives() {
    WebElement input = shadow().findElement(By.cssSelector("#sb-input"));
    input.sendKeys(TYPED.substring(0, 12));
    WebElement indicator = agent.findElement(By.id("typing-indicator"));
    waitFor(agent, d -> indicator.isDisplayed() && indicator.getText().toLowerCase().contains("typing"));

    input.sendKeys(TYPED.substring(12));
    shadow().findElement(By.cssSelector("#sb-send")).click();
    waitFor(agent, d -> inboxBodies("in").contains(TYPED));
    waitFor(agent, d -> !d.findElement(By.id("typing-indicator")).isDisplayed());
    assertEquals(List.of(FIRST, TYPED), inboxBodies("in"));
  }

  @Test
  @Order(5)
  void agentReplyReachesTheVisitorLive() {
    replyFromInbox(REPLY, false);
    waitFor(agent, d -> inboxBodies("out").contains(REPLY));

    WidgetMsg reply = waitFor(visitor, d -> widgetMessages().stream()
        .filter(m -> m.body().equals(REPLY)).findFirst().orElse(null));
    assertFalse(reply.customer(), "shown as the agent's message, not the visitor's");
    assertTrue(reply.visible());
  }

  @Test
  @Order(6)
  void privateNoteShowsAsANoteInTheInboxAndNeverInTheWidget() {
    replyFromInbox(NOTE, true);
    InboxMsg note = waitFor(agent, d -> inboxMessages().stream()
        .filter(m -> m.body().equals(NOTE)).findFirst().orElse(null));
    assertEquals("note", note.kind(), "shown as a private note");
    assertTrue(note.label().contains("Private note"), "labelled as a private note: " + note.label());

    // A public reply after the note: once the visitor has it, the note would have come before it.
    replyFromInbox(AFTER_NOTE, false);
    waitFor(visitor, d -> widgetBodies().contains(AFTER_NOTE));
    assertWidgetNeverShowsNote();
    assertEquals(List.of(FIRST, TYPED, REPLY, AFTER_NOTE), widgetBodies());
  }

  @Test
  @Order(7)
  void hostileTextShowsLiterallyOnBothSides() {
    sendFromWidget(HOSTILE);
    WidgetMsg shown = waitFor(visitor, d -> widgetMessages().stream()
        .filter(m -> m.body().equals(HOSTILE) && !m.pending()).findFirst().orElse(null));
    assertEquals(HOSTILE, shown.body());
    assertEquals(0, shown.images(), "no <img> element was created in the widget message");
    assertTrue(shadow().findElements(By.cssSelector("#sb-messages img")).isEmpty());

    InboxMsg inbound = waitFor(agent, d -> inboxMessages().stream()
        .filter(m -> m.body().equals(HOSTILE)).findFirst().orElse(null));
    assertEquals("in", inbound.kind());
    assertEquals(0, inbound.images(), "no <img> element was created in the inbox message");
    assertTrue(agent.findElements(By.cssSelector("#messages img, #conversation-list img")).isEmpty());
    waitFor(agent, d -> d.findElements(By.cssSelector(".conversation-item[data-id='" + conversationId + "']"))
        .stream().anyMatch(e -> e.getText().contains(HOSTILE)));

    assertThrows(NoAlertPresentException.class, () -> visitor.switchTo().alert(), "no alert in the visitor's page");
    assertThrows(NoAlertPresentException.class, () -> agent.switchTo().alert(), "no alert in the inbox");
  }

  @Test
  @Order(8)
  void reloadingTheHostPageKeepsTheWholeHistoryOnceInOrder() {
    shadow().findElement(By.cssSelector("#sb-close")).click();
    waitFor(visitor, d -> !shadow().findElement(By.cssSelector("#sb-panel")).isDisplayed());
    visitor.navigate().refresh();

    // history loads behind the closed launcher; messages already seen are not announced as unread
    waitFor(visitor, d -> widgetMessages().size() >= 5);
    assertFalse(shadow().findElement(By.cssSelector("#sb-panel")).isDisplayed(), "stays closed after reload");
    assertFalse(shadow().findElement(By.cssSelector("#sb-unread")).isDisplayed(), "no unread badge for old messages");
    openWidget();
    List<String> expected = List.of(FIRST, TYPED, REPLY, AFTER_NOTE, HOSTILE);
    waitFor(visitor, d -> widgetBodies().equals(expected));

    List<WidgetMsg> msgs = widgetMessages();
    assertEquals(List.of(true, true, false, false, true), msgs.stream().map(WidgetMsg::customer).toList(),
        "visitor and agent messages on their own sides");
    assertTrue(msgs.stream().noneMatch(WidgetMsg::pending), "nothing is left pending");
    List<Integer> seqs = msgs.stream().map(m -> Integer.parseInt(m.seq())).toList();
    assertEquals(seqs.stream().sorted().distinct().toList(), seqs, "in order, each once");
    assertWidgetNeverShowsNote();
    assertTrue(shadow().findElements(By.cssSelector("#sb-messages img")).isEmpty());
  }

  @Test
  @Order(9)
  void aMessageSentWhileTheHubIsDownIsDeliveredExactlyOnceAfterRestart() {
    markPage(visitor);
    TestHub.stop(hub);
    hub = null;
    waitFor(agent, d -> d.findElement(By.id("connection-status")).getText().contains("Reconnecting"));
    waitFor(visitor, d -> shadow().findElement(By.cssSelector("#sb-status")).getText().contains("Reconnecting"));

    sendFromWidget(WHILE_DOWN);
    WidgetMsg pending = waitFor(visitor, d -> widgetMessages().stream()
        .filter(m -> m.body().equals(WHILE_DOWN)).findFirst().orElse(null));
    assertTrue(pending.pending(), "shown as not yet sent while the hub is down");

    hub = TestHub.start(config);   // same port, same database: a restarted node

    waitFor(visitor, RESTART_WAIT, d -> widgetMessages().stream()
        .anyMatch(m -> m.body().equals(WHILE_DOWN) && !m.pending() && m.seq() != null));
    waitFor(visitor, d -> shadow().findElement(By.cssSelector("#sb-status")).getText().isEmpty());
    // the inbox reconnects by itself and catches up, no reload
    waitFor(agent, RESTART_WAIT, d -> "Live".equals(d.findElement(By.id("connection-status")).getText()));
    waitFor(agent, RESTART_WAIT, d -> inboxBodies("in").contains(WHILE_DOWN));

    // and a reply after the restart reaches the visitor
    replyFromInbox(AFTER_RESTART, false);
    waitFor(visitor, d -> widgetBodies().contains(AFTER_RESTART));
    waitFor(agent, d -> inboxBodies("out").contains(AFTER_RESTART));

    assertNotReloaded(agent);
    assertNotReloaded(visitor);
    List<String> everything = List.of(FIRST, TYPED, REPLY, AFTER_NOTE, HOSTILE, WHILE_DOWN, AFTER_RESTART);
    assertEquals(everything, widgetBodies(), "the widget shows every message exactly once, in order");
    assertTrue(widgetMessages().stream().noneMatch(WidgetMsg::pending));
    assertWidgetNeverShowsNote();
    assertEquals(List.of(FIRST, TYPED, HOSTILE, WHILE_DOWN), inboxBodies("in"), "each customer message once");
    assertEquals(List.of(REPLY, AFTER_NOTE, AFTER_RESTART), inboxBodies("out"));
    assertEquals(List.of(NOTE), inboxBodies("note"));
    assertEquals(1, inboxMessages().stream().filter(m -> m.body().equals(WHILE_DOWN)).count());
    List<Integer> seqs = inboxMessages().stream().map(InboxMsg::seq).toList();
    assertEquals(seqs.stream().sorted().distinct().toList(), seqs, "inbox timeline in order, no duplicates");

    // what the hub stored agrees: one row for the message sent while it was down
    var stored = ApiClient.admin(config).get("/api/v1/conversations/" + conversationId + "/messages?after_seq=0");
    assertEquals(200, stored.status());
    long copies = stored.json().getJsonArray("messages").stream()
        .filter(o -> WHILE_DOWN.equals(((io.vertx.core.json.JsonObject) o).getString("body"))).count();
    assertEquals(1, copies, "stored exactly once");
  }

  // ---------------------------------------------------------------------------------------------
  // visitor side

  private SearchContext shadow() {
    return visitor.findElement(By.id("switchboard-widget")).getShadowRoot();
  }

  private void openWidget() {
    WebElement launcher = waitFor(visitor, d -> shadow().findElement(By.cssSelector("#sb-launcher")));
    // an open panel is restored after a reload; the launcher would close it again
    if (!shadow().findElement(By.cssSelector("#sb-panel")).isDisplayed()) {
      launcher.click();
    }
    waitFor(visitor, d -> shadow().findElement(By.cssSelector("#sb-panel")).isDisplayed());
    waitFor(visitor, d -> shadow().findElement(By.cssSelector("#sb-input")).isDisplayed());
  }

  private void sendFromWidget(String text) {
    WebElement input = shadow().findElement(By.cssSelector("#sb-input"));
    input.sendKeys(text);
    shadow().findElement(By.cssSelector("#sb-send")).click();
  }

  record WidgetMsg(String body, boolean customer, boolean pending, String seq, int images, boolean visible) {}

  @SuppressWarnings("unchecked")
  private List<WidgetMsg> widgetMessages() {
    Object raw = ((JavascriptExecutor) visitor).executeScript(
        "var host = document.getElementById('switchboard-widget');"
            + "if (!host || !host.shadowRoot) return [];"
            + "return Array.from(host.shadowRoot.querySelectorAll('#sb-messages .sb-msg')).map(function (n) {"
            + "  var b = n.querySelector('.sb-body');"
            + "  return {body: b ? b.textContent : '', customer: n.classList.contains('sb-customer'),"
            + "    pending: n.classList.contains('sb-pending'), seq: n.getAttribute('data-seq'),"
            + "    images: n.querySelectorAll('img').length, visible: n.checkVisibility()};"
            + "});");
    return ((List<Map<String, Object>>) raw).stream().map(m -> new WidgetMsg((String) m.get("body"),
        (Boolean) m.get("customer"), (Boolean) m.get("pending"), (String) m.get("seq"),
        ((Number) m.get("images")).intValue(), (Boolean) m.get("visible"))).toList();
  }

  private List<String> widgetBodies() {
    return widgetMessages().stream().map(WidgetMsg::body).toList();
  }

  private void assertWidgetNeverShowsNote() {
    String all = (String) ((JavascriptExecutor) visitor).executeScript(
        "return document.getElementById('switchboard-widget').shadowRoot.textContent + document.body.textContent;");
    assertFalse(all.contains(NOTE), "the private note never reaches the visitor");
  }

  // ---------------------------------------------------------------------------------------------
  // agent side

  private void replyFromInbox(String text, boolean note) {
    WebElement toggle = agent.findElement(By.id("note-toggle"));
    if (toggle.isSelected() != note) {
      toggle.click();
    }
    WebElement input = agent.findElement(By.id("reply-input"));
    input.sendKeys(text);
    waitFor(agent, d -> d.findElement(By.id("send-button")).isEnabled());
    agent.findElement(By.id("send-button")).click();
    // sent: the composer empties
    waitFor(agent, d -> "".equals(d.findElement(By.id("reply-input")).getDomProperty("value")));
    if (note) {
      agent.findElement(By.id("note-toggle")).click();
    }
  }

  record InboxMsg(String kind, String body, int seq, String label, int images) {}

  @SuppressWarnings("unchecked")
  private List<InboxMsg> inboxMessages() {
    Object raw = ((JavascriptExecutor) agent).executeScript(
        "return Array.from(document.querySelectorAll('#messages .message')).map(function (n) {"
            + "  var b = n.querySelector('.message-body'), l = n.querySelector('.message-label');"
            + "  var kind = ['in', 'out', 'note', 'draft', 'event'].filter(function (k) {"
            + "    return n.classList.contains('message-' + k); })[0] || '';"
            + "  return {kind: kind, body: b ? b.textContent : '', seq: n.getAttribute('data-seq'),"
            + "    label: l ? l.textContent : '', images: n.querySelectorAll('img').length,"
            + "    visible: n.checkVisibility()};"
            + "}).filter(function (m) { return m.visible; });");
    return ((List<Map<String, Object>>) raw).stream().map(m -> new InboxMsg((String) m.get("kind"),
        (String) m.get("body"), Integer.parseInt((String) m.get("seq")), (String) m.get("label"),
        ((Number) m.get("images")).intValue())).toList();
  }

  private List<String> inboxBodies(String kind) {
    return inboxMessages().stream().filter(m -> m.kind().equals(kind)).map(InboxMsg::body).toList();
  }

  // ---------------------------------------------------------------------------------------------
  // plumbing

  private static <T> T waitFor(WebDriver driver, Function<WebDriver, T> condition) {
    return waitFor(driver, WAIT, condition);
  }

  private static <T> T waitFor(WebDriver driver, Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(50))
        .ignoring(StaleElementReferenceException.class)
        .withMessage(() -> describe(driver))
        .until(condition::apply);
  }

  /** Leaves a mark in the page's JS state; a reload would wipe it. */
  private static void markPage(WebDriver driver) {
    ((JavascriptExecutor) driver).executeScript("window.__sbNotReloaded = true;");
  }

  private static void assertNotReloaded(WebDriver driver) {
    assertEquals(Boolean.TRUE, ((JavascriptExecutor) driver).executeScript("return window.__sbNotReloaded === true;"),
        "the page was not reloaded");
  }

  /** What the page showed when a wait gave up: its address and visible text. */
  private static String describe(WebDriver driver) {
    try {
      String text = (String) ((JavascriptExecutor) driver).executeScript(
          "var h = document.getElementById('switchboard-widget');"
              + "return (document.body ? document.body.innerText : '') + (h && h.shadowRoot ? ' | widget: '"
              + " + h.shadowRoot.querySelector('.sb-root').innerText : '');");
      return "page " + driver.getCurrentUrl() + " showed: " + text.replaceAll("\\s+", " ");
    } catch (RuntimeException e) {
      return "page " + driver.getCurrentUrl() + " (" + e.getMessage() + ")";
    }
  }

  private static WebElement visible(WebElement e) {
    return e.isDisplayed() ? e : null;
  }

}
