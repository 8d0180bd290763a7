package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * An agent answers with a canned response from the composer: "/gre" lists the matching ones,
 * the keyboard picks "greeting", its body replaces "/gre", and the visitor's widget shows it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class CannedComposerBrowserTest {

  private static final String GREETING = "Hello! Thanks for reaching out <b>today</b>, how can I help?";
  private static final String GREAT = "Great news: your order has shipped.";
  private static final String GOODBYE = "Glad I could help. Have a nice day!";
  private static final String FIRST = "Hi, is anyone there?";

  @RegisterExtension
  static final RunningHub node = new RunningHub("cannedui");

  private final Browsers browsers = new Browsers();
  private ShopPage shop;
  private WidgetPage visitor;
  private InboxPage inbox;

  @BeforeAll
  void start() throws IOException {
    ApiClient admin = node.admin();
    long inboxId = admin.webInbox("Website chat");
    for (String[] c : new String[][] {{"greeting", GREETING}, {"great", GREAT}, {"goodbye", GOODBYE}}) {
      assertEquals(201, admin.post("/api/v1/canned-responses",
          new JsonObject().put("shortcut", c[0]).put("body", c[1])).status());
    }
    shop = ShopPage.embedding(node.config().httpPort(), inboxId);
    visitor = new WidgetPage(browsers.open());
    inbox = new InboxPage(browsers.open(), node.config());
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
    visitor.visit(shop.url()).open();
    visitor.send(FIRST);

    inbox.signInAsAdmin();
    inbox.open(FIRST);
    WebElement reply = inbox.composer();

    // "/gre" lists great and greeting, by shortcut; goodbye does not match
    reply.sendKeys("/gre");
    WebElement list = inbox.shown(By.id("canned-list"));
    assertEquals(List.of("/great", "/greeting"), options());
    assertTrue(list.getText().contains(GREETING), "the body is shown as text: " + list.getText());

    // Escape closes the list and keeps what was typed; typing again opens it
    reply.sendKeys(Keys.ESCAPE);
    inbox.waitUntilHidden(By.id("canned-list"));
    assertEquals("/gre", reply.getDomProperty("value"));
    reply.sendKeys("e");
    inbox.waitFor(d -> List.of("/greeting").equals(options()));
    reply.sendKeys(Keys.BACK_SPACE);
    inbox.waitFor(d -> List.of("/great", "/greeting").equals(options()));

    // arrow down to greeting, Enter picks it (and does not send)
    reply.sendKeys(Keys.ARROW_DOWN);
    inbox.waitFor(d -> "/greeting".equals(inbox.text(By.cssSelector("#canned-list .canned-option.active .canned-shortcut"))));
    reply.sendKeys(Keys.ENTER);
    inbox.waitFor(d -> GREETING.equals(inbox.draft()));
    assertTrue(!inbox.find(By.id("canned-list")).isDisplayed(), "the list closes");

    // Enter now sends, as always
    reply.sendKeys(Keys.ENTER);
    inbox.waitFor(d -> "".equals(inbox.draft()));
    visitor.waitFor(d -> visitor.bodies().contains(GREETING));
    inbox.waitFor(d -> inbox.messages().contains(GREETING));

    // a click works as well
    reply.sendKeys("/goo");
    inbox.waitFor(d -> List.of("/goodbye").equals(options()));
    inbox.click(By.cssSelector("#canned-list .canned-option"));
    inbox.waitFor(d -> GOODBYE.equals(inbox.draft()));
  }

  /** The shortcuts the canned list offers, now. */
  private List<String> options() {
    return inbox.driver().findElements(By.cssSelector("#canned-list .canned-shortcut")).stream()
        .map(WebElement::getText).toList();
  }
}
