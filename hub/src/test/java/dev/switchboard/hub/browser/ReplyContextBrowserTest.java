package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.switchboard.connectors.testkit.telegram.FakeTelegram;
import dev.switchboard.connectors.testkit.telegram.TelegramUpdates;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.SocialInboxes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
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
 * An agent answers one particular customer message: "Reply to this" quotes it above the composer (as
 * text, markup and all), the quote can be removed and chosen again, and the reply goes out quoting it:
 * the timeline shows the quote on the reply and the customer's Telegram chat gets it as a reply to
 * their message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ReplyContextBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String FIRST = "Is the <b>red</b> one in stock?";
  private static final String SECOND = "And when would it arrive?";

  @RegisterExtension
  static final RunningHub node = new RunningHub("quoteui");

  private final Browsers browsers = new Browsers();
  private Vertx vertx;
  private FakeTelegram telegram;
  private WebDriver agent;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    telegram = new FakeTelegram(vertx).start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    ApiClient admin = node.admin();
    SocialInboxes.Telegram bot = SocialInboxes.telegram(admin, telegram);
    long inbox = bot.id();
    String secret = bot.secret();
    TelegramUpdates updates = new TelegramUpdates();
    String url = node.config().publicUrl() + "/webhooks/telegram/" + inbox;
    JsonObject ana = TelegramUpdates.user(323456789L, "Ana", "Silva");
    assertEquals(200, updates.post(url, secret, TelegramUpdates.text(900001, 51, ana, FIRST)).statusCode());
    assertEquals(200, updates.post(url, secret, TelegramUpdates.text(900002, 52, ana, SECOND)).statusCode());
    agent = browsers.open();
  }

  @AfterAll
  void stop() throws Exception {
    browsers.close();
    telegram.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aReplyToOneCustomerMessageShowsAndSendsItQuoted() throws Exception {
    agent.get("http://127.0.0.1:" + node.config().httpPort() + "/inbox/");
    waitFor(agent, d -> visible(d.findElement(By.id("email")))).sendKeys(node.config().adminEmail());
    agent.findElement(By.id("password")).sendKeys(node.config().adminPassword());
    agent.findElement(By.id("login-button")).click();
    waitFor(agent, d -> {
      WebElement item = d.findElements(By.cssSelector("#conversation-list .conversation-item")).stream()
          .filter(e -> e.getText().contains(SECOND)).findFirst().orElse(null);
      if (item == null) {
        return null;
      }
      item.click();
      return true;
    });
    WebElement reply = waitFor(agent, d -> visible(d.findElement(By.id("reply-input"))));
    replyToThisOn(FIRST);
    assertEquals(FIRST, waitFor(agent, d -> visible(d.findElement(By.id("composer-quote-text")))).getText(),
        "the customer's words, as text");
    agent.findElement(By.id("composer-quote-remove")).click();
    waitFor(agent, d -> d.findElements(By.id("composer-quote-text")).isEmpty() ? true : null);

    replyToThisOn(FIRST);
    waitFor(agent, d -> visible(d.findElement(By.id("composer-quote-text"))));
    reply.sendKeys("Yes, two left");
    reply.sendKeys(Keys.ENTER);
    waitFor(agent, d -> d.findElements(By.id("composer-quote-text")).isEmpty() ? true : null);
    WebElement sent = waitFor(agent, d -> d.findElements(By.cssSelector("#messages .message-out")).stream()
        .filter(e -> e.getText().contains("Yes, two left")).findFirst().orElse(null));
    assertEquals(FIRST, sent.findElement(By.cssSelector(".message-quote")).getText(), "the reply shows what it answers");

    FakeTelegram.Call call = null;
    for (int i = 0; i < 100 && call == null; i++) {
      call = telegram.calls("sendMessage").stream().filter(c -> "Yes, two left".equals(c.params().getString("text")))
          .findFirst().orElse(null);
      Thread.sleep(100);
    }
    assertNotNull(call, "Telegram got the reply");
    assertEquals(51L, call.params().getJsonObject("reply_parameters").getLong("message_id"),
        "as a reply to the customer's first message");
  }

  private void replyToThisOn(String text) {
    waitFor(agent, d -> {
      WebElement message = d.findElements(By.cssSelector("#messages .message-in")).stream()
          .filter(e -> e.findElement(By.cssSelector(".message-body")).getText().equals(text)).findFirst().orElse(null);
      if (message == null) {
        return null;
      }
      message.findElement(By.cssSelector(".reply-to-button")).click();
      return true;
    });
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
