package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The list pane against the real list API: pages of 50 with "Load more" (keyset cursor), the two
 * sorts, the waiting time on rows, a team's tab with its count, and the tag and priority filters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class InboxListPaneBrowserTest {

  private static final int CUSTOMERS = 53;

  @RegisterExtension
  static final RunningHub node = new RunningHub("listpaneui");

  private final Browsers browsers = new Browsers();
  private final List<Long> ids = new ArrayList<>();   // in the order the customers wrote
  private long team;
  private InboxPage agent;

  @BeforeAll
  void start() throws IOException {
    ApiClient admin = node.admin();
    long inbox = admin.webInbox("Website chat");
    team = admin.post("/api/v1/teams", new JsonObject().put("name", "Billing")).json().getLong("id");
    for (int i = 0; i < CUSTOMERS; i++) {
      ids.add(Offscreen.visitorWrites(node.config(), inbox, "Question number " + i));
    }
    for (int i : new int[] {3, 40}) {
      assertEquals(200, admin.patch("/api/v1/conversations/" + ids.get(i), new JsonObject().put("team_id", team)).status());
    }
    assertEquals(201, admin.post("/api/v1/tags", new JsonObject().put("name", "vip")).status());
    assertEquals(200, admin.patch("/api/v1/conversations/" + ids.get(7), new JsonObject()
        .put("tags", new JsonArray().add("vip")).put("priority", "urgent")).status());
    agent = new InboxPage(browsers.open(1366, 768), node.config());
  }

  @AfterAll
  void stop() {
    browsers.close();
  }

  @Test
  void pagesSortsTeamsAndFiltersComeFromTheHub() {
    agent.signInAsAdmin();

    // waiting first: the customer who wrote first is on top, with how long they have waited
    agent.waitFor(d -> agent.rowIds().size() == 50);
    assertEquals(String.valueOf(ids.get(0)), agent.rowIds().get(0));
    String waiting = agent.waitFor(d -> InboxPage.rowPart(agent.rows().get(0), "waiting"));
    assertTrue(waiting.startsWith("waiting "), waiting);
    agent.waitFor(d -> String.valueOf(CUSTOMERS).equals(agent.count("all")));
    agent.waitFor(d -> String.valueOf(CUSTOMERS).equals(agent.count("unassigned")));

    agent.click(By.id("load-more"));
    agent.waitFor(d -> agent.rowIds().size() == CUSTOMERS);
    assertEquals(ids.stream().map(String::valueOf).toList(), agent.rowIds(), "each once, in waiting order");
    assertTrue(agent.driver().findElements(By.id("load-more")).isEmpty(), "nothing more to load");

    agent.select(By.id("sort"), "recent");
    agent.waitFor(d -> agent.rowIds().size() == 50 && agent.rowIds().get(0).equals(String.valueOf(ids.get(CUSTOMERS - 1))));

    // the team's tab: its count, and only its conversations
    agent.waitFor(d -> "2".equals(agent.count("team-" + team)));
    agent.view("team-" + team);
    agent.waitFor(d -> agent.rowIds().equals(List.of(String.valueOf(ids.get(40)), String.valueOf(ids.get(3)))));

    agent.view("all");
    agent.select(By.id("filter-tag"), "vip");
    agent.waitFor(d -> agent.rowIds().equals(List.of(String.valueOf(ids.get(7)))));
    agent.select(By.id("filter-tag"), "");
    agent.select(By.id("filter-priority"), "urgent");
    agent.waitFor(d -> agent.rowIds().equals(List.of(String.valueOf(ids.get(7)))));
    agent.select(By.id("filter-priority"), "");
    agent.waitFor(d -> agent.rowIds().size() == 50);
  }
}
