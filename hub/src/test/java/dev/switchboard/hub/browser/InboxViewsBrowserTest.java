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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The list's views follow live changes (a colleague assigns a conversation to this agent: it leaves
 * Unassigned and is in Mine, no reload); the header sets priority and snoozes; a note's "@" offers
 * the colleagues to mention, and the one picked is notified.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class InboxViewsBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final java.util.logging.Logger CDP_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

  @RegisterExtension
  static final RunningHub node = new RunningHub("viewsui");

  private final Browsers browsers = new Browsers();
  private WebDriver agent;
  private ApiClient bea;

  @BeforeAll
  void start() throws IOException {
    CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
    long inbox = node.admin().webInbox("Website chat");
    assertEquals(201, node.admin().post("/api/v1/agents", new JsonObject().put("email", "bea@example.com")
        .put("name", "Bea").put("password", "bea-password")).status());
    bea = new ApiClient("http://localhost:" + node.config().httpPort()).login("bea@example.com", "bea-password");
    for (String text : List.of("Ann needs help", "Ben needs help")) {
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
  void viewsFollowLiveAssignmentsAndTheHeaderAndNotesDoTheirWork() {
    agent.get("http://127.0.0.1:" + node.config().httpPort() + "/inbox/");
    waitFor(d -> visible(d.findElement(By.id("email")))).sendKeys(node.config().adminEmail());
    agent.findElement(By.id("password")).sendKeys(node.config().adminPassword());
    agent.findElement(By.id("login-button")).click();
    waitFor(d -> "Live".equals(d.findElement(By.id("connection-status")).getText()));
    js("window.__sbNotReloaded = true;");

    agent.findElement(By.id("view-unassigned")).click();
    waitFor(d -> rowTexts().size() == 2);
    long ben = Long.parseLong(row("Ben needs help").getAttribute("data-id"));
    long me = node.admin().get("/api/v1/me").json().getLong("id");

    // Bea gives Ben to this agent: gone from Unassigned, there in Mine
    assertEquals(200, bea.patch("/api/v1/conversations/" + ben, new JsonObject().put("assignee_id", me)).status());
    waitFor(d -> rowTexts().size() == 1 && rowTexts().get(0).contains("Ann needs help"));
    agent.findElement(By.id("view-mine")).click();
    waitFor(d -> rowTexts().size() == 1 && rowTexts().get(0).contains("Ben needs help"));

    // open Ben: priority high, then snooze for an hour
    row("Ben needs help").click();
    waitFor(d -> "Ben needs help".equals(d.findElement(By.cssSelector("#messages .message-body")).getText()));
    new Select(agent.findElement(By.id("priority-select"))).selectByValue("high");
    waitFor(d -> "high".equals(conversation(ben).getString("priority")));
    waitFor(d -> row("Ben needs help").getText().contains("high"));
    agent.findElement(By.id("snooze-button")).click();
    waitFor(d -> visible(d.findElement(By.cssSelector("#snooze-menu .menu-item")))).click();
    waitFor(d -> "snoozed".equals(conversation(ben).getString("status")));
    waitFor(d -> "snoozed".equals(d.findElement(By.id("conversation-status")).getText()));

    // a note: "@be" offers Bea, Enter picks her, and she is notified
    agent.findElement(By.id("note-toggle")).click();
    WebElement input = agent.findElement(By.id("reply-input"));
    input.sendKeys("Please check this @be");
    waitFor(d -> visible(d.findElement(By.id("mention-list"))));
    assertEquals(List.of("@bea"), agent.findElements(By.cssSelector("#mention-list .canned-shortcut")).stream()
        .map(WebElement::getText).toList());
    input.sendKeys(Keys.ENTER);
    waitFor(d -> "Please check this @bea ".equals(d.findElement(By.id("reply-input")).getDomProperty("value")));
    input.sendKeys("thanks");
    input.sendKeys(Keys.ENTER);
    waitFor(d -> "".equals(d.findElement(By.id("reply-input")).getDomProperty("value")));
    waitFor(d -> d.findElements(By.cssSelector("#messages .message-note .message-body")).stream()
        .anyMatch(e -> e.getText().equals("Please check this @bea thanks")));
    waitFor(d -> bea.get("/api/v1/me/notifications").json().getInteger("unread") == 1);
    assertTrue((Boolean) js("return window.__sbNotReloaded === true;"), "all of it without a reload");
  }

  private JsonObject conversation(long id) {
    return node.admin().get("/api/v1/conversations/" + id).json();
  }

  private List<String> rowTexts() {
    return agent.findElements(By.cssSelector("#conversation-list .conversation-item")).stream()
        .map(WebElement::getText).toList();
  }

  private WebElement row(String text) {
    return waitFor(d -> d.findElements(By.cssSelector("#conversation-list .conversation-item")).stream()
        .filter(e -> e.getText().contains(text)).findFirst().orElse(null));
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
