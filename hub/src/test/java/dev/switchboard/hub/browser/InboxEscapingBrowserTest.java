package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * Markup typed by a customer (as their name and in a message) or by a colleague (in a note that
 * mentions the agent) shows as the literal text in every part of the inbox that repeats it: the
 * list, the header, the timeline, the side panel, the notifications. No element is made of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class InboxEscapingBrowserTest {

  private static final String NAME = "<img src=x onerror=alert(1)>";
  private static final String BODY = "<img src=x onerror=alert(2)> where is my parcel?";
  private static final String NOTE = "@admin <img src=x onerror=alert(3)> please look";

  @RegisterExtension
  static final RunningHub node = new RunningHub("escapeui");

  private final Browsers browsers = new Browsers();
  private InboxPage inbox;
  private long conversation;

  @BeforeAll
  void start() throws IOException {
    ApiClient admin = node.admin();
    long inboxId = admin.webInbox("Website chat");
    ApiClient bea = Offscreen.colleague(node, "Bea");
    try (WsClient visitor = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox=" + inboxId)) {
      visitor.awaitType("hello");
      visitor.send(new JsonObject().put("type", "message").put("client_id", "1").put("body", BODY));
      visitor.awaitType("ack");
      visitor.send(new JsonObject().put("type", "identify").put("name", NAME));
      conversation = admin.get("/api/v1/conversations?status=open").json().getJsonArray("conversations")
          .getJsonObject(0).getLong("id");
      for (int i = 0; i < 100 && !NAME.equals(customerName(admin)); i++) {
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    assertEquals(NAME, customerName(admin), "the hub kept the name as given");
    assertEquals(201, bea.post("/api/v1/conversations/" + conversation + "/messages",
        new JsonObject().put("body", NOTE).put("private", true)).status());
    inbox = new InboxPage(browsers.open(1366, 768), node.config());
  }

  private String customerName(ApiClient admin) {
    return admin.get("/api/v1/conversations/" + conversation).json().getJsonObject("customer").getString("name");
  }

  @AfterAll
  void stop() {
    browsers.close();
  }

  @Test
  void markupInNamesMessagesAndNotesShowsAsTextEverywhere() {
    inbox.signInAsAdmin();

    // the list: name and preview (the customer's message)
    WebElement row = inbox.waitFor(d -> d.findElement(By.cssSelector(".conversation-item[data-id='" + conversation + "']")));
    assertEquals(NAME, row.findElement(By.cssSelector(".item-name")).getText());
    assertEquals(BODY, row.findElement(By.cssSelector(".item-preview")).getText());
    row.click();

    // the header, the timeline, the side panel
    inbox.waitFor(d -> NAME.equals(d.findElement(By.id("conversation-name")).getText()));
    inbox.waitFor(d -> d.findElements(By.cssSelector("#messages .message-body")).size() == 2);
    assertEquals(BODY, inbox.text(By.cssSelector("#messages .message-in .message-body")));
    assertEquals(NOTE, inbox.text(By.cssSelector("#messages .message-note .message-body")));
    inbox.waitFor(d -> NAME.equals(inbox.text(By.id("customer-name"))));

    // the notifications: Bea's mention, with the note as its preview
    inbox.openNotifications();
    WebElement item = inbox.shown(By.cssSelector("#notifications-list .notify-item"));
    assertTrue(item.getText().contains("Bea mentioned you"), item.getText());
    assertTrue(item.findElement(By.cssSelector(".notify-preview")).getText().contains("<img src=x onerror=alert(3)>"),
        item.getText());

    assertEquals(0L, inbox.js("return document.querySelectorAll('img').length;"), "no element was made of the text");
    assertThrows(NoAlertPresentException.class, () -> inbox.driver().switchTo().alert(), "no script ran");
  }
}
