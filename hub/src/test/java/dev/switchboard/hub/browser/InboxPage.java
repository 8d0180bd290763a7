package dev.switchboard.hub.browser;

import dev.switchboard.hub.HubConfig;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * A support agent's inbox ({@code /inbox/} of one hub node) in one browser window, driven the way
 * the agent uses it: sign in, open a conversation from the list, read the timeline, write in the
 * composer, run a macro, snooze. It only acts and reads; the tests assert. Selectors are the page's
 * own ids and classes.
 *
 * <pre>{@code
 * InboxPage inbox = new InboxPage(browsers.open(1366, 768), node.config()).signInAsAdmin();
 * inbox.open("Where is my refund?");
 * inbox.waitFor(d -> inbox.messages().contains("Where is my refund?"));
 * }</pre>
 *
 * <p>To see what happens while the inbox has not yet heard of something, call {@link #canHoldFrames()}
 * before signing in, then {@link #holdFrames()} and later {@link #release()}.
 */
final class InboxPage extends Page {

  /**
   * Lets a test hold the inbox's socket frames back (network latency, made long), injected by
   * DevTools, not by the page: while {@code window.__sbHold} is true, message frames queue until
   * {@code window.__sbRelease()}.
   */
  static final String HOLD_FRAMES = """
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

  private static final By ROWS = By.cssSelector("#conversation-list .conversation-item");

  private final HubConfig hub;

  /** The inbox of this hub node, in this window (nothing is loaded until {@link #signIn}). */
  InboxPage(WebDriver driver, HubConfig hub) {
    super(driver);
    this.hub = hub;
  }

  /** The inbox's address on its node. */
  String url() {
    return "http://127.0.0.1:" + hub.httpPort() + "/inbox/";
  }

  // ---------- before the page loads ----------

  /** Runs the script first in every page this window loads from now on (DevTools). */
  InboxPage beforeEachLoad(String script) {
    ((ChromeDriver) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    return this;
  }

  /** Makes {@link #holdFrames()} possible; call before {@link #signIn}. */
  InboxPage canHoldFrames() {
    return beforeEachLoad(HOLD_FRAMES);
  }

  /** From now on the inbox hears nothing new: frames wait until {@link #release()} (needs {@link #canHoldFrames()}). */
  void holdFrames() {
    js("window.__sbHold = true;");
  }

  /** Delivers the held frames, in order, and stops holding. */
  void release() {
    js("window.__sbRelease();");
  }

  // ---------- signing in ----------

  /** Opens the inbox, signs in through its form and waits until it is Live. */
  InboxPage signIn(String email, String password) {
    driver.get(url());
    shown(By.id("email")).sendKeys(email);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("login-button")).click();
    waitUntilLive();
    return this;
  }

  /** {@link #signIn} as the node's admin. */
  InboxPage signInAsAdmin() {
    return signIn(hub.adminEmail(), hub.adminPassword());
  }

  /** The connection status the header shows ("Live", "Reconnecting…"). */
  String connection() {
    return text(By.id("connection-status"));
  }

  void waitUntilLive() {
    waitFor(d -> "Live".equals(connection()));
  }

  // ---------- the list ----------

  /** The rows of the conversation list, now, top to bottom. */
  List<WebElement> rows() {
    return driver.findElements(ROWS);
  }

  /** The rows' visible text, now. */
  List<String> rowTexts() {
    return rows().stream().map(WebElement::getText).toList();
  }

  /** The conversation ids of the list's rows, now, top to bottom (their {@code data-id}). */
  List<String> rowIds() {
    return rows().stream().map(e -> e.getAttribute("data-id")).toList();
  }

  /** A part of a list row as it shows it: name, preview, time, waiting, assignee (its {@code item-*} span). */
  static String rowPart(WebElement row, String part) {
    return row.findElement(By.cssSelector(".item-" + part)).getText();
  }

  /** The conversation's row, or null if it is not listed now. */
  WebElement row(long conversationId) {
    return rows().stream().filter(e -> String.valueOf(conversationId).equals(e.getAttribute("data-id")))
        .findFirst().orElse(null);
  }

  /** Waits for the first row that shows this text, and returns it. */
  WebElement row(String text) {
    return waitFor(d -> rows().stream().filter(e -> e.getText().contains(text)).findFirst().orElse(null));
  }

  /** Clicks the conversation's row once it is listed (it does not wait for the conversation to show). */
  void open(long conversationId) {
    clickRow(conversationId, String.valueOf(conversationId));
  }

  /**
   * Clicks the first row that shows this text once it is listed; returns that conversation's id.
   * The list re-renders on every live event, so finding and clicking are one retried step.
   */
  long open(String text) {
    return clickRow(null, text);
  }

  private long clickRow(Long id, String text) {
    return Long.parseLong(waitFor(d -> {
      WebElement item = id != null ? row(id)
          : rows().stream().filter(e -> e.getText().contains(text)).findFirst().orElse(null);
      if (item == null) {
        return null;
      }
      String found = item.getAttribute("data-id");
      item.click();
      return found;
    }));
  }

  /** The number on a view's tab ("" while there is none): {@code count("mine")}, {@code count("team-7")}. */
  String count(String view) {
    List<WebElement> n = driver.findElements(By.cssSelector("#view-" + view + " .view-count"));
    return n.isEmpty() ? "" : n.get(0).getText();
  }

  /** Picks a view above the list ("mine", "unassigned", …: the {@code view-*} buttons). */
  void view(String name) {
    driver.findElement(By.id("view-" + name)).click();
  }

  // ---------- the open conversation ----------

  /** Opens the conversation from the list and waits until its timeline shows this text. */
  void open(long conversationId, String showing) {
    open(conversationId);
    waitFor(d -> messages().contains(showing));
  }

  /** The bodies of the messages in the open conversation's timeline (every kind), now, in order. */
  @SuppressWarnings("unchecked")
  List<String> messages() {
    return (List<String>) js("return Array.from(document.querySelectorAll('#messages .message .message-body'))"
        + ".map(function (b) { return b.textContent; });");
  }

  /** A message as the timeline shows it: kind is in, out, note, draft or event. */
  record Message(String kind, String body, int seq, String label, int images) {}

  /** The timeline's visible messages with their kind, place and label, now. */
  @SuppressWarnings("unchecked")
  List<Message> timeline() {
    Object raw = js("return Array.from(document.querySelectorAll('#messages .message')).map(function (n) {"
        + "  var b = n.querySelector('.message-body'), l = n.querySelector('.message-label');"
        + "  var kind = ['in', 'out', 'note', 'draft', 'event'].filter(function (k) {"
        + "    return n.classList.contains('message-' + k); })[0] || '';"
        + "  return {kind: kind, body: b ? b.textContent : '', seq: n.getAttribute('data-seq'),"
        + "    label: l ? l.textContent : '', images: n.querySelectorAll('img').length,"
        + "    visible: n.checkVisibility()};"
        + "}).filter(function (m) { return m.visible; });");
    return ((List<Map<String, Object>>) raw).stream().map(m -> new Message((String) m.get("kind"),
        (String) m.get("body"), Integer.parseInt((String) m.get("seq")), (String) m.get("label"),
        ((Number) m.get("images")).intValue())).toList();
  }

  /** The bodies of the timeline's visible messages of one kind (in, out, note), now. */
  List<String> messages(String kind) {
    return timeline().stream().filter(m -> m.kind().equals(kind)).map(Message::body).toList();
  }

  /** The open conversation's status as the header shows it. */
  String status() {
    return text(By.id("conversation-status"));
  }

  void waitForStatus(String status) {
    waitFor(d -> status.equals(status()));
  }

  /** Whether one of the open conversation's tag chips shows this text, now. */
  boolean tagged(String tag) {
    return driver.findElements(By.cssSelector(".conversation-tags .tag-chip")).stream()
        .anyMatch(e -> e.getText().contains(tag));
  }

  /** Snoozes the open conversation with the first choice of the header's menu (an hour). */
  void snooze() {
    driver.findElement(By.id("snooze-button")).click();
    shown(By.cssSelector("#snooze-menu .menu-item")).click();
  }

  /** Runs the macro of this name from the composer's menu. */
  void runMacro(String name) {
    driver.findElement(By.id("macros-button")).click();
    waitFor(d -> d.findElements(By.cssSelector("#macros-menu .menu-item")).stream()
        .filter(e -> e.getText().equals(name)).findFirst().orElse(null)).click();
  }

  // ---------- the composer ----------

  /** The reply box, once it is shown. */
  WebElement composer() {
    return shown(By.id("reply-input"));
  }

  /** What the reply box holds, now. */
  String draft() {
    return driver.findElement(By.id("reply-input")).getDomProperty("value");
  }

  /** Types into the reply box and presses Send (it does not wait: the hub may refuse). */
  void reply(String text) {
    composer().sendKeys(text);
    waitFor(d -> d.findElement(By.id("send-button")).isEnabled());
    driver.findElement(By.id("send-button")).click();
  }

  /** After a refused reply: "Send anyway". */
  void sendAnyway() {
    driver.findElement(By.id("send-anyway")).click();
  }

  // ---------- bot drafts (suggestions above the composer) ----------

  /** A bot's suggestion as shown: its label ("Suggested by …"), text and note. */
  record Suggestion(long id, String label, String body, String note) {}

  /** The suggestions shown above the composer, now, oldest first. */
  @SuppressWarnings("unchecked")
  List<Suggestion> suggestions() {
    Object raw = js("return Array.from(document.querySelectorAll('#drafts .draft')).filter(function (n) {"
        + "  return n.checkVisibility(); }).map(function (n) {"
        + "  var t = function (c) { var e = n.querySelector(c); return e ? e.textContent : null; };"
        + "  return {id: n.getAttribute('data-id'), label: t('.draft-label'), body: t('.draft-body'), note: t('.draft-note')};"
        + "});");
    return ((List<Map<String, Object>>) raw).stream().map(m -> new Suggestion(Long.parseLong((String) m.get("id")),
        (String) m.get("label"), (String) m.get("body"), (String) m.get("note"))).toList();
  }

  /** The button ({@code send}, {@code edit} or {@code dismiss}) of the suggestion showing this text. */
  WebElement suggestionButton(String body, String action) {
    return waitFor(d -> d.findElements(By.cssSelector("#drafts .draft")).stream()
        .filter(e -> e.findElement(By.cssSelector(".draft-body")).getText().equals(body))
        .map(e -> e.findElement(By.cssSelector(".draft-" + action)))
        .filter(WebElement::isEnabled).findFirst().orElse(null));
  }

  // ---------- elsewhere ----------

  /** Opens the notifications (the bell). */
  void openNotifications() {
    driver.findElement(By.id("notifications-button")).click();
  }

  /** Presses a key (or a character) wherever the focus is. */
  void press(CharSequence key) {
    new Actions(driver).sendKeys(key).perform();
  }
}
