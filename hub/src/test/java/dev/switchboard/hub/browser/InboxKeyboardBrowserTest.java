package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An agent works the inbox from the keyboard on a 1366×768 laptop screen: j/k move through the
 * list, Enter opens, r goes to the reply box, Escape leaves it, a assigns to me, e resolves, ?
 * lists the shortcuts. All three panes fit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class InboxKeyboardBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final java.util.logging.Logger CDP_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

  @RegisterExtension
  static final RunningHub node = new RunningHub("keysui");

  private final Browsers browsers = new Browsers();
  private WebDriver agent;

  @BeforeAll
  void start() throws IOException {
    CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
    long inbox = node.admin().webInbox("Website chat");
    for (String text : List.of("first customer", "second customer", "third customer")) {
      try (WsClient visitor = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox=" + inbox)) {
        visitor.awaitType("hello");
        visitor.send(new JsonObject().put("type", "message").put("client_id", "1").put("body", text));
        visitor.awaitType("ack");
      }
    }
    agent = browsers.open(1366, 768);
  }

  @AfterAll
  void stop() {
    browsers.close();
  }

  @Test
  void jkMoveEnterOpensRRepliesAAssignsEResolves() {
    agent.get("http://127.0.0.1:" + node.config().httpPort() + "/inbox/");
    waitFor(d -> visible(d.findElement(By.id("email")))).sendKeys(node.config().adminEmail());
    agent.findElement(By.id("password")).sendKeys(node.config().adminPassword());
    agent.findElement(By.id("login-button")).click();
    waitFor(d -> d.findElements(By.cssSelector("#conversation-list .conversation-item")).size() == 3);
    waitFor(d -> "Live".equals(d.findElement(By.id("connection-status")).getText()));
    List<String> rows = agent.findElements(By.cssSelector("#conversation-list .conversation-item")).stream()
        .map(e -> e.getAttribute("data-id")).toList();

    // j, j, k: the highlight (focus) moves down twice and back up once
    press("j");
    assertEquals(rows.get(0), focusedRow());
    press("j");
    assertEquals(rows.get(1), focusedRow());
    press("k");
    assertEquals(rows.get(0), focusedRow());
    assertTrue((Boolean) js("return document.activeElement.matches(':focus-visible');"), "the focus is visible");

    // Enter opens it
    press(Keys.ENTER);
    long id = Long.parseLong(rows.get(0));
    waitFor(d -> d.findElement(By.cssSelector(".conversation-item.selected")).getAttribute("data-id").equals(rows.get(0)));
    waitFor(d -> d.findElements(By.cssSelector("#messages .message-body")).size() == 1);

    // r: into the reply box; Escape leaves it (and closes nothing)
    press("r");
    assertEquals("reply-input", js("return document.activeElement.id;"));
    press(Keys.ESCAPE);
    assertEquals("BODY", js("return document.activeElement.tagName;"));
    assertTrue(agent.findElement(By.id("conversation-view")).isDisplayed());

    // a: assigned to me
    press("a");
    long me = node.admin().get("/api/v1/me").json().getLong("id");
    waitFor(d -> Long.valueOf(me).equals(node.admin().get("/api/v1/conversations/" + id).json().getLong("assignee_id")));

    // e: resolved, on screen and on the hub
    press("e");
    waitFor(d -> "resolved".equals(d.findElement(By.id("conversation-status")).getText()));
    assertEquals("resolved", node.admin().get("/api/v1/conversations/" + id).json().getString("status"));

    // ?: the list of shortcuts; Escape closes it
    press("?");
    WebElement help = waitFor(d -> visible(d.findElement(By.id("shortcuts-help"))));
    assertTrue(help.getText().contains("Next / previous conversation"), help.getText());
    press(Keys.ESCAPE);
    waitFor(d -> d.findElements(By.id("shortcuts-help")).isEmpty());

    // 1366×768: list, conversation and side panel side by side, the composer's Send on screen
    for (String pane : List.of("conversation-list", "messages", "customer-panel", "send-button")) {
      assertTrue((Boolean) js("var r = document.getElementById('" + pane + "').getBoundingClientRect();"
          + "return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth + 1 && r.bottom <= window.innerHeight + 1;"),
          pane + " fits the screen");
    }
  }

  private void press(CharSequence key) {
    new Actions(agent).sendKeys(key).perform();
  }

  private String focusedRow() {
    return (String) js("var e = document.activeElement; return e && e.classList.contains('conversation-item') ? e.dataset.id : null;");
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
