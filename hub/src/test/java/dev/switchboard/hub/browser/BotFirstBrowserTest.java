package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * A bot-first inbox as an agent sees it: the bot's conversations are in the Bot view (marked, not in
 * Unassigned); when the bot hands one off it moves, live, to Unassigned with the reason in its
 * timeline under the bot's exchange; "Take over" makes another one the agent's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class BotFirstBrowserTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("botfirstui");

  private final Browsers browsers = new Browsers();
  private InboxPage inbox;
  private ApiClient bot;
  private long ann;
  private long ben;

  @BeforeAll
  void start() throws java.io.IOException {
    long inboxId = node.admin().webInbox("Website chat");
    Reply created = node.admin().post("/api/v1/bots", new JsonObject().put("name", "Helper")
        .put("scopes", new JsonArray().add("read").add("reply").add("handoff"))
        .put("inbox_ids", new JsonArray().add(inboxId)));
    assertEquals(201, created.status(), created.text());
    bot = new ApiClient("http://localhost:" + node.config().httpPort()).withToken(created.json().getString("token"));
    assertEquals(200, node.admin().patch("/api/v1/inboxes/" + inboxId, new JsonObject().put("config",
        new JsonObject().put("bot_id", created.json().getLong("id")))).status());
    ann = Offscreen.visitorWrites(node.config(), inboxId, "Ann: where is my parcel?");
    ben = Offscreen.visitorWrites(node.config(), inboxId, "Ben: can I change my order?");
    assertEquals(201, bot.post("/api/v1/conversations/" + ann + "/messages",
        new JsonObject().put("body", "Let me look that up.")).status());
    inbox = new InboxPage(browsers.open(1366, 768), node.config());
  }

  @AfterAll
  void stop() {
    browsers.close();
  }

  @Test
  void theBotsConversationsWaitInTheBotViewUntilHandedOffOrTakenOver() {
    inbox.signInAsAdmin();
    inbox.waitUntilLive();
    inbox.markLoaded();

    inbox.view("unassigned");
    inbox.waitFor(d -> inbox.rowTexts().isEmpty() && "0".equals(inbox.count("unassigned")));
    inbox.view("bot");
    inbox.waitFor(d -> inbox.rowTexts().size() == 2 && "2".equals(inbox.count("bot")));
    inbox.waitFor(d -> inbox.row(ann).findElements(By.cssSelector(".bot-badge")).size() == 1);

    inbox.open(ann, "Let me look that up.");
    inbox.shown(By.id("bot-answering"));

    // the bot hands Ann off: live, she leaves the Bot view for Unassigned, and the line says why
    assertEquals(200, bot.post("/api/v1/conversations/" + ann + "/handoff",
        new JsonObject().put("reason", "needs the carrier's tracking")).status());
    inbox.waitFor(d -> inbox.messages().equals(List.of("Ann: where is my parcel?", "Let me look that up.",
        "Handed to a human by Helper: needs the carrier's tracking")));
    assertEquals("event", inbox.timeline().get(2).kind());
    inbox.waitFor(d -> d.findElements(By.id("bot-answering")).isEmpty());
    inbox.shown(By.id("handed-off"));
    inbox.waitFor(d -> inbox.row(ann).findElements(By.cssSelector(".bot-badge")).isEmpty()
        && "1".equals(inbox.count("bot")) && "1".equals(inbox.count("unassigned")));
    inbox.view("unassigned");
    inbox.waitFor(d -> inbox.rowIds().equals(List.of(String.valueOf(ann))));
    inbox.view("bot");
    inbox.waitFor(d -> inbox.rowIds().contains(String.valueOf(ben)));

    // "Take over" makes Ben this agent's, and the bot's turn ends
    inbox.open(ben, "Ben: can I change my order?");
    inbox.click(By.id("take-over"));
    long me = node.admin().get("/api/v1/me").json().getLong("id");
    inbox.waitFor(d -> Long.valueOf(me).equals(conversation(ben).getLong("assignee_id"))
        && conversation(ben).getValue("bot_id") == null);
    inbox.waitFor(d -> inbox.messages().stream().anyMatch(m -> m.endsWith("took over from the bot")));
    inbox.waitFor(d -> d.findElements(By.id("bot-answering")).isEmpty() && "0".equals(inbox.count("bot")));
    inbox.view("mine");
    inbox.waitFor(d -> inbox.rowIds().equals(List.of(String.valueOf(ben))));
    assertEquals(true, inbox.notReloaded());
  }

  private static JsonObject conversation(long id) {
    return node.admin().get("/api/v1/conversations/" + id).json();
  }
}
