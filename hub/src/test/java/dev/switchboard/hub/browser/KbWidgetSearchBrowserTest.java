package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A visitor on a shop's page searches the help articles from the widget, before any chat, and opens
 * one: titles arrive as text (a hostile one stays text), drafts are never offered, and the article
 * page on the hub shows the title escaped. Headless Chromium, as {@link WidgetResetBrowserTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class KbWidgetSearchBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String HOSTILE = "<img src=x onerror=alert(1)> Returns & refunds";

  private HubConfig config;
  private Hub hub;
  private long inboxId;
  private final Browsers browsers = new Browsers();
  private ShopPage shop;
  private WebDriver visitor;

  @BeforeAll
  void start() throws IOException {
    config = TestHub.config("browserkb");
    hub = TestHub.start(config);
    ApiClient admin = ApiClient.admin(config);
    inboxId = admin.webInbox("Website chat");
    for (Object[] a : List.of(new Object[] {HOSTILE, "Send returns within 30 days.", true},
        new Object[] {"Returns for staff", "Internal returns process.", false},
        new Object[] {"Shipping", "Two days.", true})) {
      assertEquals(201, admin.post("/api/v1/kb/articles", new JsonObject().put("title", a[0]).put("body", a[1])
          .put("published", a[2]).put("tags", new JsonArray())).status());
    }
    shop = ShopPage.embedding(config.httpPort(), inboxId);
    visitor = browsers.open();
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

  @Test
  void aVisitorFindsAPublishedArticleFromTheWidgetAndOpensItsPage() {
    visitor.get(shop.url());
    WebElement launcher = waitFor(d -> shadow().findElement(By.cssSelector("#sb-launcher")));
    launcher.click();
    WebElement search = waitFor(d -> shadow().findElement(By.cssSelector("#sb-search")));
    search.sendKeys("returns");
    List<WebElement> links = waitFor(d -> {
      List<WebElement> found = shadow().findElements(By.cssSelector("#sb-results a"));
      return found.isEmpty() ? null : found;
    });
    assertEquals(1, links.size(), "the draft is not offered");
    WebElement link = links.get(0);
    assertEquals(HOSTILE, link.findElement(By.cssSelector(".sb-hit-title")).getText(), "the title is text");
    assertEquals("Send returns within 30 days.", link.findElement(By.cssSelector(".sb-hit-snippet")).getText());
    assertTrue(shadow().findElements(By.cssSelector("#sb-results img")).isEmpty());
    String href = link.getAttribute("href");
    assertTrue(href.startsWith("http://127.0.0.1:" + config.httpPort() + "/kb/articles/"), href);

    search.clear();
    search.sendKeys("zzzzqqq");
    waitFor(d -> shadow().findElements(By.cssSelector("#sb-results .sb-no-hits")).isEmpty() ? null : true);

    visitor.get(href);
    assertEquals(HOSTILE, visitor.findElement(By.tagName("h1")).getText());
    assertEquals(HOSTILE, visitor.getTitle());
    assertTrue(visitor.findElements(By.tagName("img")).isEmpty());
    try {
      visitor.switchTo().alert();
      throw new AssertionError("an alert ran");
    } catch (NoAlertPresentException expected) {
      // nothing ran
    }
  }

  private SearchContext shadow() {
    return visitor.findElement(By.id("switchboard-widget")).getShadowRoot();
  }

  private <T> T waitFor(java.util.function.Function<WebDriver, T> condition) {
    return new WebDriverWait(visitor, WAIT).ignoring(org.openqa.selenium.NoSuchElementException.class)
        .until(condition::apply);
  }
}
