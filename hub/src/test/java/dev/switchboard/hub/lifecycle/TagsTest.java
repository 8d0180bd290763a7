package dev.switchboard.hub.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tags catalogue: every agent reads it, admins add and remove tags, tags set on a conversation
 * join it by themselves, and removing one leaves conversations as they are.
 */
class TagsTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("tags");
  static ApiClient admin;
  static ApiClient ann;
  static long inbox;

  @BeforeAll
  static void start() {
    admin = node.admin();
    assertEquals(201, admin.post("/api/v1/agents", new JsonObject().put("email", "ann@example.com").put("name", "Ann")
        .put("password", "ann-password")).status());
    ann = new ApiClient("http://localhost:" + node.config().httpPort()).login("ann@example.com", "ann-password");
    inbox = admin.webInbox("Support");
  }

  @Test
  void tagsSetOnAConversationJoinTheCatalogueAndDeletingOneLeavesConversationsAlone() {
    try (Visitor v = Visitor.says(node.config(), inbox, "tag me")) {
      String path = "/api/v1/conversations/" + v.conversationId();
      Reply tagged = ann.patch(path, new JsonObject().put("tags", new JsonArray().add("  late order ").add("billing")
          .add("billing")));
      assertEquals(200, tagged.status(), tagged.text());
      assertEquals(new JsonArray().add("late order").add("billing"), tagged.json().getJsonArray("tags"),
          "trimmed, each once");
      assertTrue(names().containsAll(List.of("late order", "billing")), names().toString());

      Reply deleted = admin.delete("/api/v1/tags/" + URLEncoder.encode("late order", StandardCharsets.UTF_8)
          .replace("+", "%20"));
      assertEquals(204, deleted.status(), deleted.text());
      assertFalse(names().contains("late order"));
      assertEquals(new JsonArray().add("late order").add("billing"), admin.get(path).json().getJsonArray("tags"),
          "the conversation keeps it");
      assertEquals(404, admin.delete("/api/v1/tags/late%20order").status());
    }
  }

  @Test
  void adminsAddTagsAndBadNamesAreRefused() {
    Reply added = admin.post("/api/v1/tags", new JsonObject().put("name", " vip "));
    assertEquals(201, added.status(), added.text());
    assertEquals("vip", added.json().getString("name"));
    assertEquals(200, admin.post("/api/v1/tags", new JsonObject().put("name", "vip")).status(), "already there");
    assertTrue(names().contains("vip"));
    assertEquals(403, ann.post("/api/v1/tags", new JsonObject().put("name", "mine")).status());
    assertEquals(403, ann.delete("/api/v1/tags/vip").status());

    for (Object bad : new Object[] {"", "   ", "x".repeat(65), "tab\there", "bell\u0007", 42}) {
      Reply r = admin.post("/api/v1/tags", new JsonObject().put("name", bad));
      assertEquals(400, r.status(), bad + " → " + r.text());
    }
    try (Visitor v = Visitor.says(node.config(), inbox, "bad tags")) {
      Reply r = ann.patch("/api/v1/conversations/" + v.conversationId(), new JsonObject()
          .put("tags", new JsonArray().add("ok").add("new\nline")));
      assertEquals(400, r.status(), r.text());
      assertEquals(new JsonArray(), admin.get("/api/v1/conversations/" + v.conversationId()).json().getJsonArray("tags"));
      assertFalse(names().contains("ok"), "nothing stored");
    }
  }

  static List<String> names() {
    Reply r = ann.get("/api/v1/tags");
    assertEquals(200, r.status(), r.text());
    return r.json().getJsonArray("tags").stream().map(o -> ((JsonObject) o).getString("name")).toList();
  }
}
