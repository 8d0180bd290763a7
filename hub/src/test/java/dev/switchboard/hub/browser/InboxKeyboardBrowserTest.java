package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.RunningHub;
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
 * An agent works the inbox from the keyboard on a 1366×768 laptop screen: j/k move through the
 * list, Enter opens, r goes to the reply box, Escape leaves it, a assigns to me, e resolves, ?
 * lists the shortcuts. All three panes fit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class InboxKeyboardBrowserTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("keysui");

  private final Browsers browsers = new Browsers();
  private InboxPage inbox;

  @BeforeAll
  void start() throws IOException {
    long inboxId = node.admin().webInbox("Website chat");
    Offscreen.visitorsWrite(node.config(), inboxId, "first customer", "second customer", "third customer");
    inbox = new InboxPage(browsers.open(1366, 768), node.config());
  }

  @AfterAll
  void stop() {
    browsers.close();
  }

  @Test
  void jkMoveEnterOpensRRepliesAAssignsEResolves() {
    inbox.signInAsAdmin();
    inbox.waitFor(d -> inbox.rows().size() == 3);
    List<String> rows = inbox.rows().stream().map(e -> e.getAttribute("data-id")).toList();

    // j, j, k: the highlight (focus) moves down twice and back up once
    inbox.press("j");
    assertEquals(rows.get(0), focusedRow());
    inbox.press("j");
    assertEquals(rows.get(1), focusedRow());
    inbox.press("k");
    assertEquals(rows.get(0), focusedRow());
    assertTrue((Boolean) inbox.js("return document.activeElement.matches(':focus-visible');"), "the focus is visible");

    // Enter opens it
    inbox.press(Keys.ENTER);
    long id = Long.parseLong(rows.get(0));
    inbox.waitFor(d -> d.findElement(By.cssSelector(".conversation-item.selected")).getAttribute("data-id").equals(rows.get(0)));
    inbox.waitFor(d -> d.findElements(By.cssSelector("#messages .message-body")).size() == 1);

    // r: into the reply box; Escape leaves it (and closes nothing)
    inbox.press("r");
    assertEquals("reply-input", inbox.js("return document.activeElement.id;"));
    inbox.press(Keys.ESCAPE);
    assertEquals("BODY", inbox.js("return document.activeElement.tagName;"));
    assertTrue(inbox.find(By.id("conversation-view")).isDisplayed());

    // a: assigned to me
    inbox.press("a");
    long me = node.admin().get("/api/v1/me").json().getLong("id");
    inbox.waitFor(d -> Long.valueOf(me).equals(node.admin().get("/api/v1/conversations/" + id).json().getLong("assignee_id")));

    // e: resolved, on screen and on the hub
    inbox.press("e");
    inbox.waitForStatus("resolved");
    assertEquals("resolved", node.admin().get("/api/v1/conversations/" + id).json().getString("status"));

    // ?: the list of shortcuts; Escape closes it
    inbox.press("?");
    WebElement help = inbox.shown(By.id("shortcuts-help"));
    assertTrue(help.getText().contains("Next / previous conversation"), help.getText());
    inbox.press(Keys.ESCAPE);
    inbox.waitFor(d -> d.findElements(By.id("shortcuts-help")).isEmpty());

    // 1366×768: list, conversation and side panel side by side, the composer's Send on screen
    for (String pane : List.of("conversation-list", "messages", "customer-panel", "send-button")) {
      assertTrue((Boolean) inbox.js("var r = document.getElementById('" + pane + "').getBoundingClientRect();"
          + "return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth + 1 && r.bottom <= window.innerHeight + 1;"),
          pane + " fits the screen");
    }
  }

  private String focusedRow() {
    return (String) inbox.js("var e = document.activeElement; return e && e.classList.contains('conversation-item') ? e.dataset.id : null;");
  }
}
