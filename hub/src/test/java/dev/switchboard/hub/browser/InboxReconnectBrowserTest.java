package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.TestHub;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Never stale: the hub node restarts (same port, same database) and, while the inbox is still
 * cut off, a customer writes in the open conversation and another customer in one that is not
 * open. Once the inbox reconnects by itself it shows both, with no page reload.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class InboxReconnectBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration RESTART_WAIT = Duration.ofSeconds(30);
  private static final java.util.logging.Logger CDP_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

  /** Holds the inbox's socket offline while the test says so (a network that is still down). */
  private static final String GATE = """
      (function () {
        var Native = window.WebSocket;
        window.__sbOffline = false;
        function Gated(url, protocols) {
          if (window.__sbOffline && /\\/ws\\/agent/.test(url)) throw new Error('offline');
          return protocols === undefined ? new Native(url) : new Native(url, protocols);
        }
        Gated.prototype = Native.prototype;
        Gated.CONNECTING = 0; Gated.OPEN = 1; Gated.CLOSING = 2; Gated.CLOSED = 3;
        window.WebSocket = Gated;
      })();""";

  private HubConfig config;
  private Hub hub;
  private final Browsers browsers = new Browsers();
  private WebDriver agent;
  private long inbox;

  @BeforeAll
  void start() throws IOException {
    CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
    config = TestHub.config("reconnectui");
    hub = TestHub.start(config);
    inbox = ApiClient.admin(config).webInbox("Website chat");
    agent = browsers.open();
    ((ChromeDriver) agent).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", GATE));
  }

  @AfterAll
  void stop() {
    browsers.close();
    TestHub.stop(hub);
    if (config != null) {
      TestHub.dropAll(config);
    }
  }

  @Test
  void messagesSentWhileTheInboxWasCutOffAppearAfterAHubRestartWithoutAReload() {
    String[] ann = visitorWrites(null, "Ann: hello?");
    visitorWrites(null, "Ben: anyone?");

    agent.get("http://127.0.0.1:" + config.httpPort() + "/inbox/");
    waitFor(WAIT, d -> visible(d.findElement(By.id("email")))).sendKeys(config.adminEmail());
    agent.findElement(By.id("password")).sendKeys(config.adminPassword());
    agent.findElement(By.id("login-button")).click();
    waitFor(WAIT, d -> "Live".equals(d.findElement(By.id("connection-status")).getText()));
    row("Ann: hello?").click();
    waitFor(WAIT, d -> bodies().equals(List.of("Ann: hello?")));
    js("window.__sbNotReloaded = true;");

    js("window.__sbOffline = true;");
    TestHub.stop(hub);
    waitFor(WAIT, d -> d.findElement(By.id("connection-status")).getText().contains("Reconnecting"));
    hub = TestHub.start(config);

    visitorWrites(ann[0], "Ann: still waiting");
    visitorWrites(null, "Cleo: new here");
    js("window.__sbOffline = false;");

    waitFor(RESTART_WAIT, d -> "Live".equals(d.findElement(By.id("connection-status")).getText()));
    waitFor(WAIT, d -> bodies().equals(List.of("Ann: hello?", "Ann: still waiting")));
    assertTrue(row("Cleo: new here").isDisplayed(), "a conversation begun meanwhile is listed");
    assertEquals(Boolean.TRUE, js("return window.__sbNotReloaded === true;"), "the page was not reloaded");
  }

  /** A visitor (returning when a token is given) writes; answers their token and conversation. */
  private String[] visitorWrites(String visitorToken, String text) {
    String url = "ws://localhost:" + config.httpPort() + "/ws/widget?inbox=" + inbox
        + (visitorToken == null ? "" : "&visitor=" + visitorToken);
    try (WsClient visitor = WsClient.connect(url)) {
      JsonObject hello = visitor.awaitType("hello");
      visitor.send(new JsonObject().put("type", "message").put("client_id", text).put("body", text));
      visitor.awaitType("ack");
      return new String[] {hello.getString("visitor")};
    }
  }

  private WebElement row(String text) {
    return waitFor(WAIT, d -> d.findElements(By.cssSelector("#conversation-list .conversation-item")).stream()
        .filter(e -> e.getText().contains(text)).findFirst().orElse(null));
  }

  @SuppressWarnings("unchecked")
  private List<String> bodies() {
    return (List<String>) js("return Array.from(document.querySelectorAll('#messages .message .message-body'))"
        + ".map(function (b) { return b.textContent; });");
  }

  private Object js(String script) {
    return ((JavascriptExecutor) agent).executeScript(script);
  }

  private <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(agent, timeout, Duration.ofMillis(50))
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
