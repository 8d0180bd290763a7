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
 * The list's views follow live changes (a colleague assigns a conversation to this agent: it leaves
 * Unassigned and is in Mine, no reload); the header sets priority and snoozes; a note's "@" offers
 * the colleagues to mention, and the one picked is notified.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class InboxViewsBrowserTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("viewsui");

  private final Browsers browsers = new Browsers();
  private InboxPage inbox;
  private ApiClient bea;

  @BeforeAll
  void start() throws IOException {
    long inboxId = node.admin().webInbox("Website chat");
    bea = Offscreen.colleague(node, "Bea");
    Offscreen.visitorsWrite(node.config(), inboxId, "Ann needs help", "Ben needs help");
    inbox = new InboxPage(browsers.open(1366, 768), node.config());
  }

  @AfterAll
  void stop() {
    browsers.close();
  }

  @Test
  void viewsFollowLiveAssignmentsAndTheHeaderAndNotesDoTheirWork() {
    inbox.signInAsAdmin();
    inbox.markLoaded();

    inbox.view("unassigned");
    inbox.waitFor(d -> inbox.rowTexts().size() == 2);
    long ben = Long.parseLong(inbox.row("Ben needs help").getAttribute("data-id"));
    long me = node.admin().get("/api/v1/me").json().getLong("id");

    // Bea gives Ben to this agent: gone from Unassigned, there in Mine
    assertEquals(200, bea.patch("/api/v1/conversations/" + ben, new JsonObject().put("assignee_id", me)).status());
    inbox.waitFor(d -> inbox.rowTexts().size() == 1 && inbox.rowTexts().get(0).contains("Ann needs help"));
    inbox.view("mine");
    inbox.waitFor(d -> inbox.rowTexts().size() == 1 && inbox.rowTexts().get(0).contains("Ben needs help"));

    // open Ben: priority high, then snooze for an hour
    inbox.row("Ben needs help").click();
    inbox.waitFor(d -> "Ben needs help".equals(d.findElement(By.cssSelector("#messages .message-body")).getText()));
    inbox.select(By.id("priority-select"), "high");
    inbox.waitFor(d -> "high".equals(conversation(ben).getString("priority")));
    inbox.waitFor(d -> inbox.row("Ben needs help").getText().contains("high"));
    inbox.snooze();
    inbox.waitFor(d -> "snoozed".equals(conversation(ben).getString("status")));
    inbox.waitForStatus("snoozed");

    // a note: "@be" offers Bea, Enter picks her, and she is notified
    inbox.click(By.id("note-toggle"));
    WebElement input = inbox.composer();
    input.sendKeys("Please check this @be");
    inbox.shown(By.id("mention-list"));
    assertEquals(List.of("@bea"), inbox.driver().findElements(By.cssSelector("#mention-list .canned-shortcut")).stream()
        .map(WebElement::getText).toList());
    input.sendKeys(Keys.ENTER);
    inbox.waitFor(d -> "Please check this @bea ".equals(inbox.draft()));
    input.sendKeys("thanks");
    input.sendKeys(Keys.ENTER);
    inbox.waitFor(d -> "".equals(inbox.draft()));
    inbox.waitFor(d -> d.findElements(By.cssSelector("#messages .message-note .message-body")).stream()
        .anyMatch(e -> e.getText().equals("Please check this @bea thanks")));
    inbox.waitFor(d -> bea.get("/api/v1/me/notifications").json().getInteger("unread") == 1);
    assertTrue(inbox.notReloaded(), "all of it without a reload");
  }

  private JsonObject conversation(long id) {
    return node.admin().get("/api/v1/conversations/" + id).json();
  }
}
