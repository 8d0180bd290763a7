package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * In the inbox: a colleague's reply that arrives while the agent is writing makes the hub refuse
 * the agent's reply; the inbox shows the colleague's words (as text) and sends only when the agent
 * says "Send anyway". A mention of the agent shows as a badge, in the title and in the list.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ReplyCollisionBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String FIRST = "Is my refund coming?";
  private static final String COLLEAGUE = "<img src=x onerror=alert(1)> Yes, it is on its way.";
  private static final String MINE = "Let me check that for you.";

  /**
   * Lets the test hold the inbox's socket frames back (network latency, made long): the agent
   * has not seen the colleague's reply when they press Send. Injected by DevTools, not by the page.
   */
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
  static final RunningHub node = new RunningHub("collisionui");

  private Path profile;
  private ChromeDriver agent;
  private ApiClient bea;
  private long conversation;

  @BeforeAll
  void start() throws IOException {
    System.setProperty("SE_AVOID_STATS", "true");
    java.util.logging.Logger.getLogger("org.openqa.selenium.devtools").setLevel(java.util.logging.Level.SEVERE);
    ApiClient admin = node.admin();
    long inbox = admin.webInbox("Website chat");
    assertEquals(201, admin.post("/api/v1/agents", new JsonObject().put("email", "bea@example.com")
        .put("name", "Bea").put("password", "bea-password")).status());
    bea = new ApiClient("http://localhost:" + node.config().httpPort()).login("bea@example.com", "bea-password");
    try (WsClient visitor = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox=" + inbox)) {
      visitor.awaitType("hello");
      visitor.send(new JsonObject().put("type", "message").put("client_id", "1").put("body", FIRST));
      visitor.awaitType("ack");
      conversation = visitor.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
          .getLong("conversation_id");
    }
    profile = Files.createTempDirectory("sb-chrome-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1366,768",
        "--user-data-dir=" + profile);
    agent = new ChromeDriver(new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
    agent.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", HOLD_FRAMES));
  }

  @AfterAll
  void stop() {
    if (agent != null) {
      agent.quit();
    }
    if (profile != null) {
      try (Stream<Path> paths = Files.walk(profile)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // best effort: a temp directory
      }
    }
  }

  @Test
  void aColleaguesReplyMeanwhileIsShownAndSendingAnywayIsTheAgentsChoice() {
    agent.get("http://127.0.0.1:" + node.config().httpPort() + "/inbox/");
    waitFor(d -> visible(d.findElement(By.id("email")))).sendKeys(node.config().adminEmail());
    agent.findElement(By.id("password")).sendKeys(node.config().adminPassword());
    agent.findElement(By.id("login-button")).click();
    waitFor(d -> {
      WebElement item = d.findElements(By.cssSelector("#conversation-list .conversation-item")).stream()
          .filter(e -> e.getText().contains(FIRST)).findFirst().orElse(null);
      if (item == null) {
        return null;
      }
      item.click();
      return true;
    });
    WebElement reply = waitFor(d -> visible(d.findElement(By.id("reply-input"))));
    waitFor(d -> bodies().contains(FIRST));

    // Bea answers; this agent's inbox has not heard of it yet when they press Send
    js("window.__sbHold = true;");
    String path = "/api/v1/conversations/" + conversation + "/messages";
    assertEquals(201, bea.post(path, new JsonObject().put("body", COLLEAGUE).put("expected_last_seq", 1)).status());
    reply.sendKeys(MINE);
    agent.findElement(By.id("send-button")).click();

    WebElement warning = waitFor(d -> visible(d.findElement(By.id("reply-conflict"))));
    assertTrue(warning.getText().contains("Bea replied while you were writing"), warning.getText());
    assertTrue(warning.getText().contains(COLLEAGUE), "the colleague's words, as text: " + warning.getText());
    assertEquals(0L, js("return document.querySelectorAll('#reply-conflict img, #messages img').length;"));
    waitFor(d -> bodies().contains(COLLEAGUE));
    assertEquals(List.of(FIRST, COLLEAGUE), messages(), "the agent's reply was not sent");
    assertEquals(MINE, reply.getDomProperty("value"), "and is kept in the composer");

    agent.findElement(By.id("send-anyway")).click();
    waitFor(d -> !d.findElement(By.id("reply-conflict")).isDisplayed());
    waitFor(d -> "".equals(d.findElement(By.id("reply-input")).getDomProperty("value")));
    assertEquals(List.of(FIRST, COLLEAGUE, MINE), messages());
    js("window.__sbRelease();");

    // Bea mentions this agent in a note: a badge, the title, the list
    assertEquals(201, bea.post(path, new JsonObject().put("body", "@admin can you approve the refund?")
        .put("private", true)).status());
    WebElement badge = waitFor(d -> visible(d.findElement(By.id("notifications-badge"))));
    assertEquals("1", badge.getText());
    waitFor(d -> d.getTitle().startsWith("\uD83D\uDD141 "));
    agent.findElement(By.id("notifications-button")).click();
    WebElement item = waitFor(d -> visible(d.findElement(By.cssSelector("#notifications-list .notify-item.unread"))));
    assertTrue(item.getText().contains("Bea mentioned you"), item.getText());
    assertTrue(item.getText().contains("can you approve the refund?"), item.getText());
    item.click();
    waitFor(d -> !d.findElement(By.id("notifications-badge")).isDisplayed());
    waitFor(d -> !d.getTitle().startsWith("\uD83D\uDD14"));
  }

  private List<String> messages() {
    return node.admin().get("/api/v1/conversations/" + conversation + "/messages").json().getJsonArray("messages")
        .stream().map(m -> ((JsonObject) m).getString("body")).toList();
  }

  @SuppressWarnings("unchecked")
  private List<String> bodies() {
    return (List<String>) js("return Array.from(document.querySelectorAll('#messages .message .message-body'))"
        + ".map(function (b) { return b.textContent; });");
  }

  private Object js(String script) {
    return ((JavascriptExecutor) agent).executeScript(script);
  }

  private <T> T waitFor(Function<WebDriver, T> condition) {
    return new WebDriverWait(agent, WAIT, Duration.ofMillis(50))
        .ignoring(StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .withMessage(() -> "page showed: " + ((String) js("return document.body ? document.body.innerText : '';"))
            .replaceAll("\\s+", " "))
        .until(condition::apply);
  }

  private static WebElement visible(WebElement e) {
    return e.isDisplayed() ? e : null;
  }
}
