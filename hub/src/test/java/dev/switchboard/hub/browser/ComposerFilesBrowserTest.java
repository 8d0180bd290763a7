package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.connectors.testkit.telegram.FakeTelegram;
import dev.switchboard.connectors.testkit.telegram.TelegramUpdates;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.SocialInboxes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An agent attaches files in the composer: the chosen files are listed with a remove button each,
 * a removed one is not sent, and the reply goes out with the rest: the timeline shows the file and
 * the customer's Telegram chat gets it as a photo.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ComposerFilesBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
  private static final String FIRST = "Could you send me the receipt?";

  @RegisterExtension
  static final RunningHub node = new RunningHub("filesui");

  private final Browsers browsers = new Browsers();
  private Vertx vertx;
  private FakeTelegram telegram;
  private WebDriver agent;
  private Path dir;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    telegram = new FakeTelegram(vertx).start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    ApiClient admin = node.admin();
    SocialInboxes.Telegram bot = SocialInboxes.telegram(admin, telegram);
    long inbox = bot.id();
    String secret = bot.secret();
    JsonObject update = TelegramUpdates.text(900001, 1, TelegramUpdates.user(323456789L, "Ana", "Silva"), FIRST);
    assertEquals(200, new TelegramUpdates().post(node.config().publicUrl() + "/webhooks/telegram/" + inbox, secret, update)
        .statusCode());
    dir = Files.createTempDirectory("composer-files");
    agent = browsers.open();
  }

  @AfterAll
  void stop() throws Exception {
    browsers.close();
    telegram.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void anAttachedFileGoesOutWithTheReplyAndARemovedOneDoesNot() throws Exception {
    Path receipt = Files.write(dir.resolve("receipt.png"), PNG);
    Path draft = Files.write(dir.resolve("draft notes.txt"), "not for the customer".getBytes());

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
    assertEquals("Attach", agent.findElement(By.id("attach-button")).getText());

    WebElement input = agent.findElement(By.id("attach-input"));
    input.sendKeys(receipt.toString());
    input.sendKeys(draft.toString());
    waitFor(agent, d -> chosen().size() == 2 ? true : null);
    assertEquals(List.of("receipt.png", "draft notes.txt"), chosen());
    agent.findElement(By.cssSelector("#composer-files button[aria-label='Remove draft notes.txt']")).click();
    waitFor(agent, d -> List.of("receipt.png").equals(chosen()) ? true : null);

    reply.sendKeys("Here is your receipt");
    reply.sendKeys(Keys.ENTER);
    waitFor(agent, d -> chosen().isEmpty() && "".equals(d.findElement(By.id("reply-input")).getDomProperty("value"))
        ? true : null);
    waitFor(agent, d -> d.findElements(By.cssSelector("#messages .message-out .message-attachment")).stream()
        .anyMatch(e -> e.getText().contains("receipt.png")) ? true : null);

    FakeTelegram.Call photo = null;
    for (int i = 0; i < 100 && photo == null; i++) {
      photo = telegram.calls("sendPhoto").stream().findFirst().orElse(null);
      Thread.sleep(100);
    }
    assertArrayEquals(PNG, photo.files().get(0).bytes(), "the customer got the picture");
    assertEquals(0, telegram.calls("sendDocument").size(), "the removed file was not sent");
  }

  @SuppressWarnings("unchecked")
  private List<String> chosen() {
    return (List<String>) ((JavascriptExecutor) agent).executeScript(
        "return Array.from(document.querySelectorAll('#composer-files .composer-file-name'))"
            + ".map(function (e) { return e.textContent; });");
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
