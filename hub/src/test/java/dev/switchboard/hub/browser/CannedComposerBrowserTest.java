package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
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
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An agent answers with a canned response from the composer: "/gre" lists the matching ones,
 * the keyboard picks "greeting", its body replaces "/gre", and the visitor's widget shows it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class CannedComposerBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final java.util.logging.Logger CDP_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

  private static final String GREETING = "Hello! Thanks for reaching out <b>today</b>, how can I help?";
  private static final String GREAT = "Great news: your order has shipped.";
  private static final String GOODBYE = "Glad I could help. Have a nice day!";
  private static final String FIRST = "Hi, is anyone there?";

  @RegisterExtension
  static final RunningHub node = new RunningHub("cannedui");

  private final Browsers browsers = new Browsers();
  private ShopPage shop;
  private WebDriver visitor;
  private WebDriver agent;

  @BeforeAll
  void start() throws IOException {
    CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
    ApiClient admin = node.admin();
    long inboxId = admin.webInbox("Website chat");
    for (String[] c : new String[][] {{"greeting", GREETING}, {"great", GREAT}, {"goodbye", GOODBYE}}) {
      assertEquals(201, admin.post("/api/v1/canned-responses",
          new JsonObject().put("shortcut", c[0]).put("body", c[1])).status());
    }
    shop = ShopPage.embedding(node.config().httpPort(), inboxId);
    visitor = browsers.open();
    agent = browsers.open();
  }

  @AfterAll
  void stop() {
    browsers.close();
    if (shop != null) {
      shop.close();
    }
  }

  @Test
  void agentPicksACannedResponseByShortcutAndTheVisitorGetsItsBody() {
    // the visitor writes first, so there is a conversation to answer
    visitor.get(shop.url());
    WebElement launcher = waitFor(visitor, d -> shadow().findElement(By.cssSelector("#sb-launcher")));
    launcher.click();
    WebElement widgetInput = waitFor(visitor, d -> visible(shadow().findElement(By.cssSelector("#sb-input"))));
    widgetInput.sendKeys(FIRST);
    shadow().findElement(By.cssSelector("#sb-send")).click();

    agent.get("http://127.0.0.1:" + node.config().httpPort() + "/inbox/");
    waitFor(agent, d -> visible(d.findElement(By.id("email")))).sendKeys(node.config().adminEmail());
    agent.findElement(By.id("password")).sendKeys(node.config().adminPassword());
    agent.findElement(By.id("login-button")).click();
    waitFor(agent, d -> {
      WebElement item = d.findElements(By.cssSelector("#conversation-list .conversation-item")).stream()
          .filter(e -> e.getText().contains(FIRST)).findFirst().orElse(null);
      if (item == null) {
        return null;
      }
      item.click();
      return true;
    });
    WebElement reply = waitFor(agent, d -> visible(d.findElement(By.id("reply-input"))));

    // "/gre" lists great and greeting, by shortcut; goodbye does not match
    reply.sendKeys("/gre");
    WebElement list = waitFor(agent, d -> visible(d.findElement(By.id("canned-list"))));
    assertEquals(List.of("/great", "/greeting"), options());
    assertTrue(list.getText().contains(GREETING), "the body is shown as text: " + list.getText());

    // Escape closes the list and keeps what was typed; typing again opens it
    reply.sendKeys(Keys.ESCAPE);
    waitFor(agent, d -> !d.findElement(By.id("canned-list")).isDisplayed());
    assertEquals("/gre", reply.getDomProperty("value"));
    reply.sendKeys("e");
    waitFor(agent, d -> List.of("/greeting").equals(options()));
    reply.sendKeys(Keys.BACK_SPACE);
    waitFor(agent, d -> List.of("/great", "/greeting").equals(options()));

    // arrow down to greeting, Enter picks it (and does not send)
    reply.sendKeys(Keys.ARROW_DOWN);
    waitFor(agent, d -> "/greeting".equals(d.findElement(By.cssSelector("#canned-list .canned-option.active .canned-shortcut")).getText()));
    reply.sendKeys(Keys.ENTER);
    waitFor(agent, d -> GREETING.equals(d.findElement(By.id("reply-input")).getDomProperty("value")));
    assertTrue(!agent.findElement(By.id("canned-list")).isDisplayed(), "the list closes");

    // Enter now sends, as always
    reply.sendKeys(Keys.ENTER);
    waitFor(agent, d -> "".equals(d.findElement(By.id("reply-input")).getDomProperty("value")));
    waitFor(visitor, d -> widgetBodies().contains(GREETING));
    waitFor(agent, d -> agentBodies().contains(GREETING));

    // a click works as well
    reply.sendKeys("/goo");
    waitFor(agent, d -> List.of("/goodbye").equals(options()));
    agent.findElement(By.cssSelector("#canned-list .canned-option")).click();
    waitFor(agent, d -> GOODBYE.equals(d.findElement(By.id("reply-input")).getDomProperty("value")));
  }

  private List<String> options() {
    return agent.findElements(By.cssSelector("#canned-list .canned-shortcut")).stream().map(WebElement::getText)
        .toList();
  }

  private SearchContext shadow() {
    return visitor.findElement(By.id("switchboard-widget")).getShadowRoot();
  }

  @SuppressWarnings("unchecked")
  private List<String> widgetBodies() {
    return (List<String>) ((JavascriptExecutor) visitor).executeScript(
        "var host = document.getElementById('switchboard-widget');"
            + "if (!host || !host.shadowRoot) return [];"
            + "return Array.from(host.shadowRoot.querySelectorAll('#sb-messages .sb-msg .sb-body'))"
            + ".map(function (b) { return b.textContent; });");
  }

  @SuppressWarnings("unchecked")
  private List<String> agentBodies() {
    return (List<String>) ((JavascriptExecutor) agent).executeScript(
        "return Array.from(document.querySelectorAll('#messages .message .message-body'))"
            + ".map(function (b) { return b.textContent; });");
  }

  private static <T> T waitFor(WebDriver driver, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT, Duration.ofMillis(50))
        .ignoring(StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .withMessage(() -> "page " + driver.getCurrentUrl() + " showed: " + ((String) ((JavascriptExecutor) driver)
            .executeScript("return document.body ? document.body.innerText : '';")).replaceAll("\\s+", " "))
        .until(condition::apply);
  }

  private static WebElement visible(WebElement e) {
    return e.isDisplayed() ? e : null;
  }

}
