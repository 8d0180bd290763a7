package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.RunningHub;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Settings → Knowledge base in Chromium: an admin writes an article in Markdown, previews it as the
 * hub renders it (hostile markup stays inert text), publishes it, and finds it in the list.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class KbSettingsBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @RegisterExtension
  static final RunningHub node = new RunningHub("kbsettingsui");

  private final Browsers browsers = new Browsers();

  @AfterAll
  void stop() {
    browsers.close();
  }

  @Test
  void anAdminWritesPreviewsAndPublishesAnArticle() throws IOException {
    WebDriver admin = browsers.open();
    admin.manage().window().setSize(new Dimension(1366, 768));
    String base = "http://127.0.0.1:" + node.config().httpPort();
    admin.get(base + "/health");
    ((JavascriptExecutor) admin).executeScript("localStorage.setItem('switchboard:token', arguments[0]);",
        node.admin().token());
    admin.get(base + "/inbox/settings/#kb");
    waitFor(admin, d -> d.findElement(By.id("add-article"))).click();
    waitFor(admin, d -> d.findElement(By.id("kb-article-title"))).sendKeys("Refund policy");
    admin.findElement(By.id("kb-article-tags")).sendKeys("returns, payments");
    admin.findElement(By.id("kb-article-body")).sendKeys(
        "We **reimburse** within 30 days.\n\n<img src=x onerror=alert(1)>\n\n[docs](javascript:alert(2))");
    admin.findElement(By.id("kb-preview-toggle")).click();
    WebElement strong = waitFor(admin, d -> d.findElement(By.cssSelector("#kb-preview strong")));
    assertEquals("reimburse", strong.getText());
    WebElement preview = admin.findElement(By.id("kb-preview"));
    assertTrue(preview.getText().contains("<img src=x onerror=alert(1)>"), "raw HTML shown as text: " + preview.getText());
    assertEquals(0L, ((JavascriptExecutor) admin).executeScript("return document.querySelectorAll('img').length;"));
    assertTrue(admin.findElements(By.cssSelector("#kb-preview a[href]")).isEmpty(), "no javascript: link");

    admin.findElement(By.id("kb-article-published")).click();
    admin.findElement(By.cssSelector("#kb-form button[type=submit]")).click();
    waitFor(admin, d -> d.findElements(By.cssSelector(".kb-row a")).isEmpty() ? null : true);
    JsonObject saved = node.admin().get("/api/v1/kb/articles").json().getJsonArray("articles").getJsonObject(0);
    assertEquals("Refund policy", saved.getString("title"));
    assertTrue(saved.getBoolean("published"));
    assertEquals(java.util.List.of("returns", "payments"), saved.getJsonArray("tags").getList());
    assertEquals("/kb/articles/" + saved.getLong("id"),
        admin.findElement(By.cssSelector(".kb-row a")).getDomAttribute("href"));
    assertThrows(NoAlertPresentException.class, () -> admin.switchTo().alert());
  }

  private static <T> T waitFor(WebDriver d, Function<WebDriver, T> condition) {
    return new WebDriverWait(d, WAIT, Duration.ofMillis(50))
        .ignoring(StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .until(condition::apply);
  }
}
