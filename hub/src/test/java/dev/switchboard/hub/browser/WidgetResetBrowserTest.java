package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A shared computer: one person chats, the site's logout button calls {@code Switchboard.reset()},
 * the next person on the same browser sees none of it, not even after a reload. Headless Chromium,
 * the same setup as {@link WidgetInboxBrowserTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class WidgetResetBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String FIRST_PERSON = "My card was charged twice, last digits 4242";
  private static final String NEXT_PERSON = "Hi, do you ship to Canada?";

  private HubConfig config;
  private Hub hub;
  private long inboxId;
  private final Browsers browsers = new Browsers();
  private ShopPage shop;
  private String hostPageUrl;
  private WebDriver visitor;

  @BeforeAll
  void start() throws IOException {
    config = TestHub.config("browserreset");
    hub = TestHub.start(config);
    inboxId = ApiClient.admin(config).webInbox("Website chat");
    shop = ShopPage.embedding(config.httpPort(), inboxId);
    hostPageUrl = shop.url();
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
  void afterResetTheNextVisitorOnTheSameBrowserSeesNoneOfThePreviousChat() {
    visitor.get(hostPageUrl);
    openWidget();
    sendFromWidget(FIRST_PERSON);
    waitFor(d -> widgetMessages().stream().anyMatch(m -> m.body().equals(FIRST_PERSON) && !m.pending()));

    // the site's logout button
    js("Switchboard.reset();");
    waitFor(d -> widgetMessages().isEmpty());

    visitor.navigate().refresh();
    openWidget();
    sendFromWidget(NEXT_PERSON);
    waitFor(d -> widgetMessages().stream().anyMatch(m -> m.body().equals(NEXT_PERSON) && !m.pending()));
    assertEquals(List.of(NEXT_PERSON), widgetMessages().stream().map(WidgetMsg::body).toList(),
        "the next person sees only their own message");
    String shown = (String) js("return document.getElementById('switchboard-widget').shadowRoot.textContent;");
    assertTrue(!shown.contains(FIRST_PERSON), "nothing of the first person's chat anywhere in the widget");

    // the agent sees two people, not one customer with both chats
    ApiClient admin = ApiClient.admin(config);
    JsonObject first = conversationWith(admin, "charged twice");
    JsonObject next = conversationWith(admin, "ship to Canada");
    assertNotEquals(first.getLong("id"), next.getLong("id"));
    assertNotEquals(first.getJsonObject("customer").getLong("id"), next.getJsonObject("customer").getLong("id"));
  }

  @Test
  void aMessageTheHubRefusesIsShownAsFailedAndNotResentOnEveryPageLoad() {
    visitor.get(hostPageUrl);
    waitFor(d -> js("return !!(window.Switchboard && window.Switchboard.reset);"));
    js("Switchboard.reset();");
    // left in the queue by an older page: a body the hub can never store (a NUL character)
    js("localStorage.setItem('switchboard:" + inboxId + ":pending', JSON.stringify("
        + "[{client_id: 'poison-1', body: 'bad\\u0000body', at: Date.now()}]));");
    visitor.navigate().refresh();
    openWidget();
    waitFor(d -> js("return !!document.getElementById('switchboard-widget').shadowRoot.querySelector('.sb-failed');"));
    assertEquals("[]", js("return localStorage.getItem('switchboard:" + inboxId + ":pending');"),
        "given up on, so no later page resends it");

    visitor.navigate().refresh();
    openWidget();
    sendFromWidget("A message that is fine");
    waitFor(d -> widgetMessages().stream().anyMatch(m -> m.body().equals("A message that is fine") && !m.pending()));
    assertEquals(List.of("A message that is fine"), widgetMessages().stream().map(WidgetMsg::body).toList(),
        "the refused message is not back after a reload");
  }

  private static JsonObject conversationWith(ApiClient admin, String text) {
    JsonArray found = admin.get("/api/v1/conversations?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8))
        .json().getJsonArray("conversations");
    assertEquals(1, found.size(), "one conversation holds \"" + text + "\"");
    return found.getJsonObject(0);
  }

  // ---------------------------------------------------------------------------------------------

  private SearchContext shadow() {
    return visitor.findElement(By.id("switchboard-widget")).getShadowRoot();
  }

  private void openWidget() {
    WebElement launcher = waitFor(d -> shadow().findElement(By.cssSelector("#sb-launcher")));
    if (!shadow().findElement(By.cssSelector("#sb-panel")).isDisplayed()) {
      launcher.click();
    }
    waitFor(d -> shadow().findElement(By.cssSelector("#sb-input")).isDisplayed());
  }

  private void sendFromWidget(String text) {
    shadow().findElement(By.cssSelector("#sb-input")).sendKeys(text);
    shadow().findElement(By.cssSelector("#sb-send")).click();
  }

  record WidgetMsg(String body, boolean pending) {}

  @SuppressWarnings("unchecked")
  private List<WidgetMsg> widgetMessages() {
    Object raw = js("var host = document.getElementById('switchboard-widget');"
        + "if (!host || !host.shadowRoot) return [];"
        + "return Array.from(host.shadowRoot.querySelectorAll('#sb-messages .sb-msg')).map(function (n) {"
        + "  var b = n.querySelector('.sb-body');"
        + "  return {body: b ? b.textContent : '', pending: n.classList.contains('sb-pending')};"
        + "});");
    return ((List<Map<String, Object>>) raw).stream()
        .map(m -> new WidgetMsg((String) m.get("body"), (Boolean) m.get("pending"))).toList();
  }

  private Object js(String script) {
    return ((JavascriptExecutor) visitor).executeScript(script);
  }

  private <T> T waitFor(Function<WebDriver, T> condition) {
    return new WebDriverWait(visitor, WAIT, Duration.ofMillis(50))
        .ignoring(StaleElementReferenceException.class)
        .until(condition::apply);
  }

}
