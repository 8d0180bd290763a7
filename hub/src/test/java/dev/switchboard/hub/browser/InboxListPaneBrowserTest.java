package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The list pane against the real list API: pages of 50 with "Load more" (keyset cursor), the two
 * sorts, the waiting time on rows, a team's tab with its count, and the tag and priority filters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class InboxListPaneBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final int CUSTOMERS = 53;

  @RegisterExtension
  static final RunningHub node = new RunningHub("listpaneui");

  private final Browsers browsers = new Browsers();
  private final List<Long> ids = new ArrayList<>();   // in the order the customers wrote
  private long team;
  private WebDriver agent;

  @BeforeAll
  void start() throws IOException {
    ApiClient admin = node.admin();
    long inbox = admin.webInbox("Website chat");
    team = admin.post("/api/v1/teams", new JsonObject().put("name", "Billing")).json().getLong("id");
    for (int i = 0; i < CUSTOMERS; i++) {
      try (WsClient visitor = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox=" + inbox)) {
        visitor.awaitType("hello");
        visitor.send(new JsonObject().put("type", "message").put("client_id", "1").put("body", "Question number " + i));
        visitor.awaitType("ack");
        ids.add(visitor.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
            .getLong("conversation_id"));
      }
    }
    for (int i : new int[] {3, 40}) {
      assertEquals(200, admin.patch("/api/v1/conversations/" + ids.get(i), new JsonObject().put("team_id", team)).status());
    }
    assertEquals(201, admin.post("/api/v1/tags", new JsonObject().put("name", "vip")).status());
    assertEquals(200, admin.patch("/api/v1/conversations/" + ids.get(7), new JsonObject()
        .put("tags", new JsonArray().add("vip")).put("priority", "urgent")).status());
    agent = browsers.open(1366, 768);
  }

  @AfterAll
  void stop() {
    browsers.close();
  }

  @Test
  void pagesSortsTeamsAndFiltersComeFromTheHub() {
    agent.get("http://127.0.0.1:" + node.config().httpPort() + "/inbox/");
    waitFor(d -> visible(d.findElement(By.id("email")))).sendKeys(node.config().adminEmail());
    agent.findElement(By.id("password")).sendKeys(node.config().adminPassword());
    agent.findElement(By.id("login-button")).click();
    waitFor(d -> "Live".equals(d.findElement(By.id("connection-status")).getText()));

    // waiting first: the customer who wrote first is on top, with how long they have waited
    waitFor(d -> rows().size() == 50);
    assertEquals(String.valueOf(ids.get(0)), rows().get(0));
    WebElement top = agent.findElement(By.cssSelector("#conversation-list .conversation-item .item-waiting"));
    assertTrue(top.getText().startsWith("waiting "), top.getText());
    waitFor(d -> String.valueOf(CUSTOMERS).equals(d.findElement(By.cssSelector("#view-all .view-count")).getText()));
    waitFor(d -> String.valueOf(CUSTOMERS).equals(d.findElement(By.cssSelector("#view-unassigned .view-count")).getText()));

    agent.findElement(By.id("load-more")).click();
    waitFor(d -> rows().size() == CUSTOMERS);
    assertEquals(ids.stream().map(String::valueOf).toList(), rows(), "each once, in waiting order");
    assertTrue(agent.findElements(By.id("load-more")).isEmpty(), "nothing more to load");

    new Select(agent.findElement(By.id("sort"))).selectByValue("recent");
    waitFor(d -> rows().size() == 50 && rows().get(0).equals(String.valueOf(ids.get(CUSTOMERS - 1))));

    // the team's tab: its count, and only its conversations
    WebElement tab = waitFor(d -> d.findElement(By.id("view-team-" + team)));
    waitFor(d -> "2".equals(tab.findElement(By.cssSelector(".view-count")).getText()));
    tab.click();
    waitFor(d -> rows().equals(List.of(String.valueOf(ids.get(40)), String.valueOf(ids.get(3)))));

    agent.findElement(By.id("view-all")).click();
    new Select(agent.findElement(By.id("filter-tag"))).selectByValue("vip");
    waitFor(d -> rows().equals(List.of(String.valueOf(ids.get(7)))));
    new Select(agent.findElement(By.id("filter-tag"))).selectByValue("");
    new Select(agent.findElement(By.id("filter-priority"))).selectByValue("urgent");
    waitFor(d -> rows().equals(List.of(String.valueOf(ids.get(7)))));
    new Select(agent.findElement(By.id("filter-priority"))).selectByValue("");
    waitFor(d -> rows().size() == 50);
  }

  private List<String> rows() {
    return agent.findElements(By.cssSelector("#conversation-list .conversation-item")).stream()
        .map(e -> e.getAttribute("data-id")).toList();
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
        .until(d -> {
          T value = condition.apply(d);
          return value instanceof Boolean b && !b ? null : value;
        });
  }

  private static WebElement visible(WebElement e) {
    return e.isDisplayed() ? e : null;
  }
}
