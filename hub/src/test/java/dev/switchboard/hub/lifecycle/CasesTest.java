package dev.switchboard.hub.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A conversation's cases: resolving closes one, the customer's next message opens the next with a
 * new ticket number; the side panel lists them, the timeline knows which case each message is in.
 */
class CasesTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("cases");

  @Test
  void resolvingClosesTheCaseAndTheNextMessageOpensANewOneThatTheTimelineShows() {
    ApiClient admin = node.admin();
    long inbox = admin.webInbox("Support");
    try (Visitor v = Visitor.says(node.config(), inbox, "my order is late")) {
      long c = v.conversationId();
      String path = "/api/v1/conversations/" + c;
      Reply sent = admin.post(path + "/messages", new JsonObject().put("body", "Sorry, checking."));
      assertEquals(201, sent.status());
      assertEquals(200, admin.patch(path, new JsonObject().put("status", "resolved")).status());
      v.says("it arrived broken");

      Reply cases = admin.get(path + "/cases");
      assertEquals(200, cases.status(), cases.text());
      JsonArray list = cases.json().getJsonArray("cases");
      assertEquals(2, list.size(), list.encode());
      JsonObject first = list.getJsonObject(0);
      JsonObject second = list.getJsonObject(1);
      assertNotNull(first.getString("first_response_at"), "the reply answered the first case");
      assertNotNull(first.getString("resolved_at"));
      assertNull(second.getValue("resolved_at"), "the new case is open");
      assertNull(second.getValue("first_response_at"));
      assertTrue(second.getLong("number") > first.getLong("number"), list.encode());
      assertTrue(first.getString("opened_at").compareTo(second.getString("opened_at")) <= 0);

      List<JsonObject> timeline = admin.get(path + "/messages").json().getJsonArray("messages").stream()
          .map(o -> (JsonObject) o).toList();
      assertEquals(3, timeline.size());
      assertEquals(first.getLong("id"), timeline.get(0).getLong("case_id"));
      assertEquals(first.getLong("id"), timeline.get(1).getLong("case_id"));
      assertEquals(second.getLong("id"), timeline.get(2).getLong("case_id"), "the boundary lies before the new message");
      // the message as the append returned it (what live frames carry) knows its case too
      assertEquals(first.getLong("id"), sent.json().getLong("case_id"), sent.text());
    }
  }

  @Test
  void onlyThoseWhoSeeTheConversationSeeItsCases() {
    ApiClient admin = node.admin();
    Reply outsider = admin.post("/api/v1/agents", new JsonObject().put("email", "out@example.com").put("name", "Out")
        .put("password", "out-password"));
    assertEquals(201, outsider.status(), outsider.text());
    Reply closed = admin.post("/api/v1/inboxes", new JsonObject().put("name", "VIP").put("channel", "web")
        .put("config", new JsonObject().put("allowed_origins", new JsonArray().add("*")))
        .put("member_ids", new JsonArray().add(1)));
    assertEquals(201, closed.status(), closed.text());
    try (Visitor v = Visitor.says(node.config(), closed.json().getLong("id"), "private matter")) {
      ApiClient out = new ApiClient("http://localhost:" + node.config().httpPort()).login("out@example.com",
          "out-password");
      assertEquals(404, out.get("/api/v1/conversations/" + v.conversationId() + "/cases").status());
      assertEquals(200, admin.get("/api/v1/conversations/" + v.conversationId() + "/cases").status());
      assertEquals(404, admin.get("/api/v1/conversations/999999/cases").status());
    }
  }
}
