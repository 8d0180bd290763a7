package dev.switchboard.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.Visitors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replies with {@code expected_last_seq}: when a colleague (or a bot) answered after the seq an
 * agent saw, the hub refuses the second answer with 409 and the colleague's reply, and stores
 * nothing, until the agent sends anyway ({@code force}).
 */
class ReplyCollisionTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("collision");
  static ApiClient ann;
  static ApiClient bob;
  static long inbox;
  static final ExecutorService pool = Executors.newFixedThreadPool(2);

  @BeforeAll
  static void start() {
    ann = agent("ann");
    bob = agent("bob");
    inbox = node.admin().webInbox("Support");
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
  }

  @Test
  void theSecondOfTwoAgentsWhoSawTheSameSeqGetsTheFirstsReplyInstead() {
    long c = visitorSays("where is my order?");
    String path = "/api/v1/conversations/" + c + "/messages";

    Reply first = ann.post(path, reply("It ships today.", 1));
    assertEquals(201, first.status(), first.text());
    Reply second = bob.post(path, reply("Let me check.", 1));
    assertEquals(409, second.status(), second.text());
    JsonObject conflict = second.json();
    assertEquals("conflict", conflict.getString("error"));
    assertTrue(conflict.getString("message") != null && !conflict.getString("message").isBlank());
    JsonArray newer = conflict.getJsonArray("messages");
    assertEquals(1, newer.size(), newer.encode());
    assertEquals("It ships today.", newer.getJsonObject(0).getString("body"));
    assertEquals(first.json().getLong("id"), newer.getJsonObject(0).getLong("id"));
    assertEquals("ann", newer.getJsonObject(0).getJsonObject("author").getString("name"));
    assertEquals(List.of("where is my order?", "It ships today."), bodies(c), "nothing stored for bob");

    // bob read it and sends anyway
    Reply forced = bob.post(path, reply("Let me check.", 1).put("force", true));
    assertEquals(201, forced.status(), forced.text());
    assertEquals(List.of("where is my order?", "It ships today.", "Let me check."), bodies(c));

    // having seen everything, anyone replies without a conflict
    assertEquals(201, ann.post(path, reply("Anything else?", 3)).status());
  }

  @Test
  void notesTheCustomerAndTheAuthorsOwnRepliesDoNotConflict() {
    long c = visitorSays("hello");
    String path = "/api/v1/conversations/" + c + "/messages";
    assertEquals(201, bob.post(path, new JsonObject().put("body", "@ann VIP").put("private", true)).status());
    assertEquals(201, ann.post(path, reply("Hi there", 1)).status(), "a note is not an answer");
    assertEquals(201, ann.post(path, reply("How can I help?", 1)).status(), "her own reply is not a collision");
    Reply r = bob.post(path, reply("Hello!", 2));
    assertEquals(409, r.status(), r.text());
    assertEquals(List.of("Hi there", "How can I help?"), r.json().getJsonArray("messages").stream()
        .map(m -> ((JsonObject) m).getString("body")).toList(), "both of ann's, oldest first");
    assertEquals(201, bob.post(path, new JsonObject().put("body", "without a seq, as before")).status());
  }

  @Test
  void aBadExpectedSeqIsRefused() {
    long c = visitorSays("hi");
    String path = "/api/v1/conversations/" + c + "/messages";
    assertEquals(400, ann.post(path, new JsonObject().put("body", "x").put("expected_last_seq", "1")).status());
    assertEquals(400, ann.post(path, new JsonObject().put("body", "x").put("expected_last_seq", -1)).status());
    assertEquals(400, ann.post(path, reply("x", 1).put("force", "yes")).status());
    assertEquals(List.of("hi"), bodies(c));
  }

  @Test
  void twoAgentsAnsweringAtTheSameMomentNeverBothSucceed() throws Exception {
    for (int round = 0; round < 15; round++) {
      long c = visitorSays("race " + round);
      String path = "/api/v1/conversations/" + c + "/messages";
      CyclicBarrier together = new CyclicBarrier(2);
      List<Future<Reply>> answers = new ArrayList<>();
      for (ApiClient who : List.of(ann, bob)) {
        answers.add(pool.submit(() -> {
          together.await(5, TimeUnit.SECONDS);
          return who.post(path, reply("answer", 1));
        }));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Reply> f : answers) {
        statuses.add(f.get(20, TimeUnit.SECONDS).status());
      }
      assertEquals(List.of(201, 409), statuses.stream().sorted().toList(), "round " + round);
      assertEquals(2, bodies(c).size(), "one answer stored in round " + round);
    }
  }

  static JsonObject reply(String body, long expectedLastSeq) {
    return new JsonObject().put("body", body).put("expected_last_seq", expectedLastSeq);
  }

  static List<String> bodies(long conversation) {
    return node.admin().get("/api/v1/conversations/" + conversation + "/messages").json().getJsonArray("messages")
        .stream().map(m -> ((JsonObject) m).getString("body")).toList();
  }

  static ApiClient agent(String name) {
    Reply r = node.admin().post("/api/v1/agents", new JsonObject().put("email", name + "@example.com")
        .put("name", name).put("password", name + "-password"));
    assertEquals(201, r.status(), r.text());
    return new ApiClient("http://localhost:" + node.config().httpPort()).login(name + "@example.com",
        name + "-password");
  }

  /** A new visitor writes; returns the conversation id. */
  static long visitorSays(String body) {
    return Visitors.says(node.config(), inbox, body);
  }
}
