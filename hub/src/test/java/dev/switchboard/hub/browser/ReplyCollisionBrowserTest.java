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
import org.openqa.selenium.WebElement;

/**
 * In the inbox: a colleague's reply that arrives while the agent is writing makes the hub refuse
 * the agent's reply; the inbox shows the colleague's words (as text) and sends only when the agent
 * says "Send anyway". A mention of the agent shows as a badge, in the title and in the list.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ReplyCollisionBrowserTest {

  private static final String FIRST = "Is my refund coming?";
  private static final String COLLEAGUE = "<img src=x onerror=alert(1)> Yes, it is on its way.";
  private static final String MINE = "Let me check that for you.";

  @RegisterExtension
  static final RunningHub node = new RunningHub("collisionui");

  private final Browsers browsers = new Browsers();
  private InboxPage inbox;
  private ApiClient bea;
  private long conversation;

  @BeforeAll
  void start() throws IOException {
    ApiClient admin = node.admin();
    long inboxId = admin.webInbox("Website chat");
    bea = Offscreen.colleague(node, "Bea");
    conversation = Offscreen.visitorWrites(node.config(), inboxId, FIRST);
    inbox = new InboxPage(browsers.open(1366, 768), node.config()).canHoldFrames();
  }

  @AfterAll
  void stop() {
    browsers.close();
  }

  @Test
  void aColleaguesReplyMeanwhileIsShownAndSendingAnywayIsTheAgentsChoice() {
    inbox.signInAsAdmin();
    inbox.open(FIRST);
    inbox.composer();
    inbox.waitFor(d -> inbox.messages().contains(FIRST));

    // Bea answers; this agent's inbox has not heard of it yet when they press Send
    inbox.holdFrames();
    String path = "/api/v1/conversations/" + conversation + "/messages";
    assertEquals(201, bea.post(path, new JsonObject().put("body", COLLEAGUE).put("expected_last_seq", 1)).status());
    inbox.reply(MINE);

    WebElement warning = inbox.shown(By.id("reply-conflict"));
    assertTrue(warning.getText().contains("Bea replied while you were writing"), warning.getText());
    assertTrue(warning.getText().contains(COLLEAGUE), "the colleague's words, as text: " + warning.getText());
    assertEquals(0L, inbox.js("return document.querySelectorAll('#reply-conflict img, #messages img').length;"));
    inbox.waitFor(d -> inbox.messages().contains(COLLEAGUE));
    assertEquals(List.of(FIRST, COLLEAGUE), stored(), "the agent's reply was not sent");
    assertEquals(MINE, inbox.draft(), "and is kept in the composer");

    inbox.sendAnyway();
    inbox.waitUntilHidden(By.id("reply-conflict"));
    inbox.waitFor(d -> "".equals(inbox.draft()));
    assertEquals(List.of(FIRST, COLLEAGUE, MINE), stored());
    inbox.release();

    // Bea mentions this agent in a note: a badge, the title, the list
    assertEquals(201, bea.post(path, new JsonObject().put("body", "@admin can you approve the refund?")
        .put("private", true)).status());
    WebElement badge = inbox.shown(By.id("notifications-badge"));
    assertEquals("1", badge.getText());
    inbox.waitFor(d -> d.getTitle().startsWith("\uD83D\uDD141 "));
    inbox.openNotifications();
    WebElement item = inbox.shown(By.cssSelector("#notifications-list .notify-item.unread"));
    assertTrue(item.getText().contains("Bea mentioned you"), item.getText());
    assertTrue(item.getText().contains("can you approve the refund?"), item.getText());
    item.click();
    inbox.waitUntilHidden(By.id("notifications-badge"));
    inbox.waitFor(d -> !d.getTitle().startsWith("\uD83D\uDD14"));
  }

  /** The message bodies the hub stored, in order. */
  private List<String> stored() {
    return node.admin().get("/api/v1/conversations/" + conversation + "/messages").json().getJsonArray("messages")
        .stream().map(m -> ((JsonObject) m).getString("body")).toList();
  }
}
