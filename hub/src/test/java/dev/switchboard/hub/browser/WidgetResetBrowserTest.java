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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A shared computer: one person chats, the site's logout button calls {@code Switchboard.reset()},
 * the next person on the same browser sees none of it, not even after a reload. Headless Chromium,
 * the same setup as {@link WidgetInboxBrowserTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class WidgetResetBrowserTest {

  private static final String FIRST_PERSON = "My card was charged twice, last digits 4242";
  private static final String NEXT_PERSON = "Hi, do you ship to Canada?";

  private HubConfig config;
  private Hub hub;
  private long inboxId;
  private final Browsers browsers = new Browsers();
  private ShopPage shop;
  private String hostPageUrl;
  private WidgetPage visitor;

  @BeforeAll
  void start() throws IOException {
    config = TestHub.config("browserreset");
    hub = TestHub.start(config);
    inboxId = ApiClient.admin(config).webInbox("Website chat");
    shop = ShopPage.embedding(config.httpPort(), inboxId);
    hostPageUrl = shop.url();
    visitor = new WidgetPage(browsers.open());
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
    visitor.visit(hostPageUrl).open();
    visitor.send(FIRST_PERSON);
    visitor.waitFor(d -> visitor.messages().stream().anyMatch(m -> m.body().equals(FIRST_PERSON) && !m.pending()));

    // the site's logout button
    visitor.js("Switchboard.reset();");
    visitor.waitFor(d -> visitor.messages().isEmpty());

    visitor.driver().navigate().refresh();
    visitor.open();
    visitor.send(NEXT_PERSON);
    visitor.waitFor(d -> visitor.messages().stream().anyMatch(m -> m.body().equals(NEXT_PERSON) && !m.pending()));
    assertEquals(List.of(NEXT_PERSON), visitor.bodies(), "the next person sees only their own message");
    String shown = (String) visitor.js("return document.getElementById('switchboard-widget').shadowRoot.textContent;");
    assertTrue(!shown.contains(FIRST_PERSON), "nothing of the first person's chat anywhere in the widget");

    // the agent sees two people, not one customer with both chats
    ApiClient admin = ApiClient.admin(config);
    JsonObject first = conversationWith(admin, "charged twice");
    JsonObject next = conversationWith(admin, "ship to Canada");
    assertNotEquals(first.getLong("id"), next.getLong("id"));
    assertNotEquals(first.getJsonObject("customer").getLong("id"), next.getJsonObject("customer").getLong("id"));
  }

  @Test
  void aLogoutJustAfterTheFirstMessageStillForgetsThatVisitor() throws InterruptedException {
    // The first message opens a conversation, so the hub greets this visitor again, naming it; that
    // hello can still be on its way when the site logs out, and must not bring the chat back.
    for (int person = 1; person <= 10; person++) {
      String text = "Person " + person + " asks about order 77" + person;
      visitor.visit(hostPageUrl).open();
      visitor.send(text);
      visitor.waitFor(d -> visitor.messages().stream().anyMatch(m -> m.body().equals(text) && !m.pending()));
      visitor.js("Switchboard.reset();");
      visitor.waitFor(d -> visitor.js("return localStorage.getItem('switchboard:" + inboxId + ":visitor');") != null);
      Thread.sleep(300);
      assertEquals(List.of(), visitor.bodies(), "nothing of person " + person + "'s chat after the logout");
    }
  }

  @Test
  void aMessageTheHubRefusesIsShownAsFailedAndNotResentOnEveryPageLoad() {
    visitor.visit(hostPageUrl);
    visitor.waitFor(d -> visitor.js("return !!(window.Switchboard && window.Switchboard.reset);"));
    visitor.js("Switchboard.reset();");
    // the new visitor greeted on this page first, so the next page is the one to find the queue
    visitor.waitFor(d -> visitor.js("return localStorage.getItem('switchboard:" + inboxId + ":visitor');") != null);
    // left in the queue by an older page: a body the hub can never store (a NUL character)
    visitor.js("localStorage.setItem('switchboard:" + inboxId + ":pending', JSON.stringify("
        + "[{client_id: 'poison-1', body: 'bad\\u0000body', at: Date.now()}]));");
    visitor.driver().navigate().refresh();
    visitor.open();
    visitor.waitFor(d -> visitor.js("return !!document.getElementById('switchboard-widget').shadowRoot.querySelector('.sb-failed');"));
    assertEquals("[]", visitor.js("return localStorage.getItem('switchboard:" + inboxId + ":pending');"),
        "given up on, so no later page resends it");

    visitor.driver().navigate().refresh();
    visitor.open();
    visitor.send("A message that is fine");
    visitor.waitFor(d -> visitor.messages().stream().anyMatch(m -> m.body().equals("A message that is fine") && !m.pending()));
    assertEquals(List.of("A message that is fine"), visitor.bodies(),
        "the refused message is not back after a reload");
  }

  private static JsonObject conversationWith(ApiClient admin, String text) {
    JsonArray found = admin.get("/api/v1/conversations?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8))
        .json().getJsonArray("conversations");
    assertEquals(1, found.size(), "one conversation holds \"" + text + "\"");
    return found.getJsonObject(0);
  }
}
