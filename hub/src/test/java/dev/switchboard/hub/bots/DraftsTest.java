package dev.switchboard.hub.bots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.RunningNodes;
import dev.switchboard.hub.Visitors;
import dev.switchboard.hub.WsClient;
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
 * Drafts as bots and agents meet them, on two nodes: a bot suggests, agents who see the conversation
 * are shown the suggestion live, one agent sends it (as is or edited) or dismisses it, exactly once
 * however many click at the same moment, and the bot hears which. A draft never reaches the customer
 * without an agent's action.
 */
class DraftsTest {

  @RegisterExtension
  static final RunningNodes nodes = new RunningNodes("drafts");
  static final ExecutorService threads = Executors.newFixedThreadPool(2);
  static WebhookReceiver receiver;
  static ApiClient admin;
  static ApiClient annOnA;
  static ApiClient bobOnB;
  static ApiClient cyOnB;
  static long inbox;

  @BeforeAll
  static void start() throws Exception {
    receiver = new WebhookReceiver();
    admin = ApiClient.admin(nodes.configA());
    long ann = agent("ann");
    long bob = agent("bob");
    agent("cy");
    annOnA = login(nodes.configA(), "ann");
    bobOnB = login(nodes.configB(), "bob");
    cyOnB = login(nodes.configB(), "cy");
    // ann and bob work this inbox; cy does not, so she may not see its conversations
    Reply created = admin.post("/api/v1/inboxes", new JsonObject().put("name", "Support").put("channel", "web")
        .put("config", new JsonObject().put("allowed_origins", new JsonArray().add("*")))
        .put("member_ids", new JsonArray().add(ann).add(bob)));
    assertEquals(201, created.status(), created.text());
    inbox = created.json().getLong("id");
  }

  @AfterAll
  static void stop() {
    threads.shutdownNow();
    receiver.close();
  }

  @Test
  void aDraftReachesTheCustomerOnlyWhenAnAgentSendsItAndOnlyOnce() throws Exception {
    JsonObject bot = createBot("Helper", "/once", inbox, "read", "draft");
    ApiClient asBot = asBot(bot);
    try (WsClient bob = agentSocket(nodes.configB(), bobOnB); WsClient cy = agentSocket(nodes.configB(), cyOnB)) {
      long c = visitorSays(inbox, "Where is my parcel?");
      Reply made = asBot.post(drafts(c), new JsonObject().put("body", "It left our warehouse today <b>!</b>")
          .put("note", "from article 12"));
      assertEquals(201, made.status(), made.text());
      JsonObject draft = made.json();
      assertEquals("pending", draft.getString("status"));
      assertEquals("Helper", draft.getJsonObject("bot").getString("name"));
      assertEquals("from article 12", draft.getString("note"));

      // bob (on the other node) is shown it live; cy, who may not see the conversation, hears nothing
      JsonObject shown = bob.await(f -> "draft.created".equals(f.getString("type")) && f.getLong("conversation_id") == c);
      assertEquals(draft.getLong("id"), shown.getJsonObject("draft").getLong("id"));
      assertEquals("It left our warehouse today <b>!</b>", shown.getJsonObject("draft").getString("body"));
      assertEquals(404, cyOnB.get(drafts(c)).status());
      assertEquals(404, cyOnB.post(accept(draft), new JsonObject()).status());

      // nothing reached the customer yet
      Thread.sleep(300);
      assertEquals(List.of("Where is my parcel?"), bodies(c));
      assertEquals(1, pending(c).size());

      // ann (node A) and bob (node B) click Send at the same moment: one reply goes out
      CyclicBarrier together = new CyclicBarrier(2);
      List<Future<Reply>> clicks = new ArrayList<>();
      for (ApiClient agent : List.of(annOnA, bobOnB)) {
        clicks.add(threads.submit(() -> {
          together.await(5, TimeUnit.SECONDS);
          return agent.post(accept(draft), new JsonObject());
        }));
      }
      List<Reply> answers = new ArrayList<>();
      for (Future<Reply> f : clicks) {
        answers.add(f.get(15, TimeUnit.SECONDS));
      }
      Reply sent = answers.stream().filter(r -> r.status() == 201).findFirst().orElseThrow(() ->
          new AssertionError("no accept succeeded: " + answers));
      Reply refused = answers.stream().filter(r -> r != sent).findFirst().orElseThrow();
      assertEquals(409, refused.status(), refused.text());
      assertEquals("draft_decided", refused.json().getString("error"));
      assertTrue(refused.json().getString("message").contains("already sent"), refused.text());
      assertEquals("It left our warehouse today <b>!</b>", sent.json().getString("body"));
      assertEquals("agent", sent.json().getJsonObject("author").getString("type"), "sent by the agent who accepted");
      assertEquals("accepted", sent.json().getJsonObject("draft").getString("status"));
      assertEquals("Helper", sent.json().getJsonObject("draft").getJsonObject("bot").getString("name"));
      assertEquals(List.of("Where is my parcel?", "It left our warehouse today <b>!</b>"), bodies(c));

      // it leaves every composer, and a third click changes nothing
      JsonObject updated = bob.await(f -> "draft.updated".equals(f.getString("type")) && f.getLong("conversation_id") == c);
      assertEquals("accepted", updated.getJsonObject("draft").getString("status"));
      assertEquals(sent.json().getLong("id"), updated.getJsonObject("draft").getLong("message_id"));
      assertEquals(409, annOnA.post(accept(draft), new JsonObject()).status());
      assertEquals(409, annOnA.post(dismiss(draft), new JsonObject()).status());
      assertEquals(2, bodies(c).size());
      assertTrue(pending(c).isEmpty());
      JsonObject listed = asBot.get(drafts(c)).json().getJsonArray("drafts").getJsonObject(0);
      assertEquals("accepted", listed.getString("status"));
      assertEquals(sent.json().getJsonObject("author").getString("name"), listed.getJsonObject("decided_by").getString("name"));
      assertTrue(cy.drain(500).stream().noneMatch(f -> f.encode().contains("warehouse")), "cy heard of it");

      // the bot hears that its draft was sent, with the reply as it went out
      JsonObject event = receiver.await("/once", x -> "draft.accepted".equals(x.json().getString("type")), 15).json();
      JsonObject data = event.getJsonObject("data");
      assertEquals(c, data.getLong("conversation_id"));
      assertEquals(draft.getLong("id"), data.getJsonObject("draft").getLong("id"));
      assertEquals("accepted", data.getJsonObject("draft").getString("status"));
      assertEquals(sent.json().getLong("id"), data.getJsonObject("message").getLong("id"));
      Thread.sleep(500);
      assertEquals(1, receiver.calls("/once").stream().filter(x -> x.json().getString("type").startsWith("draft.")).count());
    }
  }

  @Test
  void aBotNeedsTheDraftScopeAndItsOwnInboxAndOnlyAgentsDecide() {
    long other = admin.webInbox("Not the bot's");
    JsonObject reader = createBot("Reader", null, inbox, "read", "reply");
    JsonObject drafter = createBot("Drafter", null, inbox, "draft");
    long c = visitorSays(inbox, "hello");
    long elsewhere = visitorSays(other, "private matter");

    Reply noScope = asBot(reader).post(drafts(c), new JsonObject().put("body", "hi"));
    assertEquals(403, noScope.status(), noScope.text());
    assertTrue(noScope.json().getString("message").contains("draft"), noScope.text());
    Reply outside = asBot(drafter).post(drafts(elsewhere), new JsonObject().put("body", "hi"));
    assertEquals(403, outside.status(), outside.text());
    assertEquals(403, annOnA.post(drafts(c), new JsonObject().put("body", "agents reply instead")).status());
    assertEquals(403, asBot(drafter).get(drafts(c)).status(), "listing needs the read scope");

    JsonObject draft = asBot(drafter).post(drafts(c), new JsonObject().put("body", "Hello!")).json();
    // a bot never sends or dismisses a draft, not even its own
    assertEquals(403, asBot(drafter).post(accept(draft), new JsonObject()).status());
    assertEquals(403, asBot(reader).post(accept(draft), new JsonObject()).status());
    assertEquals(403, asBot(drafter).post(dismiss(draft), new JsonObject()).status());
    assertEquals(404, annOnA.post("/api/v1/drafts/999999/accept", new JsonObject()).status());
    assertEquals(List.of("hello"), bodies(c));
    assertEquals(List.of("private matter"), bodies(elsewhere));
    assertTrue(admin.get(drafts(elsewhere)).json().getJsonArray("drafts").isEmpty());
  }

  @Test
  void oversizeEmptyOrNulDraftsAreRefusedWithAClearErrorAndNothingStored() {
    JsonObject bot = createBot("Verbose", null, inbox, "read", "draft");
    ApiClient asBot = asBot(bot);
    long c = visitorSays(inbox, "tell me everything");

    Reply big = asBot.post(drafts(c), new JsonObject().put("body", "x".repeat(Drafts.MAX_BODY_CHARS + 1)));
    assertEquals(413, big.status(), big.text());
    assertEquals("too_large", big.json().getString("error"));
    assertTrue(big.json().getString("message").contains(String.valueOf(Drafts.MAX_BODY_CHARS)), big.text());
    Reply longNote = asBot.post(drafts(c), new JsonObject().put("body", "ok")
        .put("note", "n".repeat(Drafts.MAX_NOTE_CHARS + 1)));
    assertEquals(413, longNote.status(), longNote.text());
    assertTrue(longNote.json().getString("message").startsWith("note"), longNote.text());
    Reply huge = asBot.post(drafts(c), new JsonObject().put("body", "é".repeat(40_000)));
    assertEquals(413, huge.status(), "a request over 64 KB: " + huge.text());
    Reply nul = asBot.post(drafts(c), "{\"body\":\"a\\u0000b\"}");
    assertEquals(400, nul.status(), nul.text());
    assertTrue(nul.json().getString("message").contains("NUL"), nul.text());
    assertEquals(400, asBot.post(drafts(c), new JsonObject().put("body", "   ")).status());
    assertEquals(400, asBot.post(drafts(c), new JsonObject().put("note", "no body")).status());
    assertEquals(400, asBot.post(drafts(c), new JsonObject().put("body", 42)).status());
    assertTrue(asBot.get(drafts(c)).json().getJsonArray("drafts").isEmpty());

    // exactly at the limit is fine; an agent's edit has the same limit
    Reply atLimit = asBot.post(drafts(c), new JsonObject().put("body", "y".repeat(Drafts.MAX_BODY_CHARS)));
    assertEquals(201, atLimit.status(), atLimit.text());
    Reply bigEdit = annOnA.post(accept(atLimit.json()), new JsonObject().put("body", "z".repeat(Drafts.MAX_BODY_CHARS + 1)));
    assertEquals(413, bigEdit.status(), bigEdit.text());
    assertEquals(400, annOnA.post(accept(atLimit.json()), new JsonObject().put("body", "")).status());
    assertEquals(List.of("tell me everything"), bodies(c));
    assertEquals(1, pending(c).size());
  }

  @Test
  void aDismissedDraftCannotBeSentAndTheBotHearsItWasDismissed() throws Exception {
    JsonObject bot = createBot("Dismissed", "/dismissed", inbox, "read", "draft");
    long c = visitorSays(inbox, "can I return it?");
    JsonObject draft = asBot(bot).post(drafts(c), new JsonObject().put("body", "No.")).json();

    Reply dismissed = bobOnB.post(dismiss(draft), new JsonObject());
    assertEquals(200, dismissed.status(), dismissed.text());
    assertEquals("dismissed", dismissed.json().getString("status"));
    assertEquals("bob", dismissed.json().getJsonObject("decided_by").getString("name"));
    Reply late = annOnA.post(accept(draft), new JsonObject());
    assertEquals(409, late.status(), late.text());
    assertTrue(late.json().getString("message").contains("dismissed by bob"), late.text());
    assertEquals(409, annOnA.post(dismiss(draft), new JsonObject()).status());
    assertEquals(List.of("can I return it?"), bodies(c));

    JsonObject event = receiver.await("/dismissed", x -> "draft.dismissed".equals(x.json().getString("type")), 15).json();
    assertEquals(draft.getLong("id"), event.getJsonObject("data").getJsonObject("draft").getLong("id"));
    assertNull(event.getJsonObject("data").getValue("message"));
  }

  @Test
  void aBotListsItsOwnDraftsOnlyWhileAgentsSeeThemAll() {
    JsonObject ours = createBot("Ours", null, inbox, "read", "draft");
    JsonObject theirs = createBot("Theirs", null, inbox, "read", "draft");
    long c = visitorSays(inbox, "do you ship to Norway?");
    assertEquals(201, asBot(ours).post(drafts(c), new JsonObject().put("body", "Yes, in 3 days.")).status());
    assertEquals(201, asBot(theirs).post(drafts(c), new JsonObject().put("body", "We do!")).status());

    assertEquals(List.of("Yes, in 3 days."), bodiesOf(asBot(ours).get(drafts(c))));
    assertEquals(List.of("We do!"), bodiesOf(asBot(theirs).get(drafts(c))));
    assertEquals(2, annOnA.get(drafts(c)).json().getJsonArray("drafts").size());
  }

  private static List<String> bodiesOf(Reply r) {
    assertEquals(200, r.status(), r.text());
    return r.json().getJsonArray("drafts").stream().map(d -> ((JsonObject) d).getString("body")).toList();
  }

  @Test
  void aBotTakenOffTheInboxDoesNotHearWhatBecameOfItsDraftThere() throws Exception {
    JsonObject bot = createBot("Moved", "/moved", inbox, "read", "draft");
    createBot("Witness", "/witness", inbox, "read");
    long c = visitorSays(inbox, "where is my order 5531?");
    JsonObject draft = asBot(bot).post(drafts(c), new JsonObject().put("body", "It left today.")).json();
    // the admin takes the inbox away from the bot: the agent's reply is no longer its business
    Reply moved = admin.patch("/api/v1/bots/" + bot.getLong("id"),
        new JsonObject().put("inbox_ids", new JsonArray()));
    assertEquals(200, moved.status(), moved.text());

    assertEquals(201, annOnA.post(accept(draft), new JsonObject()).status());
    receiver.await("/witness", x -> "message.created".equals(x.json().getString("type"))
        && "It left today.".equals(x.json().getJsonObject("data").getJsonObject("message").getString("body")), 15);
    Thread.sleep(500);
    assertEquals(List.of(), receiver.calls("/moved").stream().map(x -> x.json().getString("type"))
        .filter(t -> t.startsWith("draft.")).toList(), "the agent's reply never reaches a bot that left the inbox");
  }

  @Test
  void editedDraftsSendTheAgentsTextAndEachBotsCountsSayWhatBecameOfItsDrafts() throws Exception {
    JsonObject bot = createBot("Counted", "/counted", inbox, "read", "draft");
    JsonObject quiet = createBot("Quiet", null, inbox, "draft");
    ApiClient asBot = asBot(bot);
    long c = visitorSays(inbox, "do you ship to Norway?");
    JsonObject asIs = asBot.post(drafts(c), new JsonObject().put("body", "Yes, we do.")).json();
    JsonObject toEdit = asBot.post(drafts(c), new JsonObject().put("body", "Yes.")).json();
    JsonObject sameText = asBot.post(drafts(c), new JsonObject().put("body", "Within 3 days.")).json();
    JsonObject toDismiss = asBot.post(drafts(c), new JsonObject().put("body", "Maybe.")).json();
    asBot.post(drafts(c), new JsonObject().put("body", "Still pending."));

    assertEquals(201, annOnA.post(accept(asIs), new JsonObject()).status());
    Reply edited = annOnA.post(accept(toEdit), new JsonObject().put("body", "Yes, to all of Norway, in 3-5 days."));
    assertEquals(201, edited.status(), edited.text());
    assertEquals("Yes, to all of Norway, in 3-5 days.", edited.json().getString("body"));
    assertEquals("edited", edited.json().getJsonObject("draft").getString("status"));
    Reply unchanged = annOnA.post(accept(sameText), new JsonObject().put("body", "Within 3 days."));
    assertEquals("accepted", unchanged.json().getJsonObject("draft").getString("status"), "the same text is not an edit");
    assertEquals(200, annOnA.post(dismiss(toDismiss), new JsonObject()).status());
    assertEquals(List.of("do you ship to Norway?", "Yes, we do.", "Yes, to all of Norway, in 3-5 days.",
        "Within 3 days."), bodies(c));

    JsonObject counts = admin.get("/api/v1/bots/" + bot.getLong("id")).json().getJsonObject("draft_counts");
    assertEquals(new JsonObject().put("created", 5).put("accepted", 2).put("edited", 1).put("dismissed", 1), counts);
    JsonArray all = admin.get("/api/v1/bots").json().getJsonArray("bots");
    for (Object o : all) {
      JsonObject b = (JsonObject) o;
      if (b.getLong("id").equals(quiet.getLong("id"))) {
        assertEquals(0, b.getJsonObject("draft_counts").getInteger("created"));
      } else if (b.getLong("id").equals(bot.getLong("id"))) {
        assertEquals(counts, b.getJsonObject("draft_counts"));
      }
    }
    assertEquals(403, annOnA.get("/api/v1/bots/" + bot.getLong("id")).status(), "counts are for admins");

    // the bot learns what the agent actually sent
    JsonObject event = receiver.await("/counted", x -> "draft.accepted".equals(x.json().getString("type"))
        && "edited".equals(x.json().getJsonObject("data").getJsonObject("draft").getString("status")), 15).json();
    assertEquals("Yes.", event.getJsonObject("data").getJsonObject("draft").getString("body"));
    assertEquals("Yes, to all of Norway, in 3-5 days.",
        event.getJsonObject("data").getJsonObject("message").getString("body"));
  }

  @Test
  void acceptingADraftIsARepliesCollisionCheckedLikeAnyReply() {
    JsonObject bot = createBot("Slow", null, inbox, "read", "draft");
    long c = visitorSays(inbox, "is it in stock?");
    JsonObject draft = asBot(bot).post(drafts(c), new JsonObject().put("body", "Let me check.")).json();
    // bob answers by hand while ann looks at the suggestion (she saw seq 1)
    assertEquals(201, bobOnB.post("/api/v1/conversations/" + c + "/messages",
        new JsonObject().put("body", "Yes, 4 left.")).status());
    Reply conflict = annOnA.post(accept(draft), new JsonObject().put("expected_last_seq", 1));
    assertEquals(409, conflict.status(), conflict.text());
    assertEquals("conflict", conflict.json().getString("error"));
    assertEquals("Yes, 4 left.", conflict.json().getJsonArray("messages").getJsonObject(0).getString("body"));
    assertEquals(1, pending(c).size(), "the draft is still there to send or dismiss");
    assertEquals(List.of("is it in stock?", "Yes, 4 left."), bodies(c));

    Reply forced = annOnA.post(accept(draft), new JsonObject().put("expected_last_seq", 1).put("force", true));
    assertEquals(201, forced.status(), forced.text());
    assertEquals(List.of("is it in stock?", "Yes, 4 left.", "Let me check."), bodies(c));
  }

  @Test
  void aConversationHoldsABoundedNumberOfPendingDrafts() {
    JsonObject bot = createBot("Chatty", null, inbox, "read", "draft");
    long c = visitorSays(inbox, "hi");
    for (int i = 0; i < Drafts.MAX_PENDING; i++) {
      assertEquals(201, asBot(bot).post(drafts(c), new JsonObject().put("body", "draft " + i)).status());
    }
    Reply more = asBot(bot).post(drafts(c), new JsonObject().put("body", "one too many"));
    assertEquals(409, more.status(), more.text());
    assertEquals("too_many_drafts", more.json().getString("error"));
    JsonObject first = pending(c).getJsonObject(0);
    assertEquals(200, annOnA.post(dismiss(first), new JsonObject()).status());
    assertEquals(201, asBot(bot).post(drafts(c), new JsonObject().put("body", "room again")).status());
  }

  @Test
  void mergingCustomersKeepsTheirDraftsWithTheOneTimeline() {
    JsonObject bot = createBot("Merger", null, inbox, "read", "draft");
    long kept = visitorSays(inbox, "first visit");
    long merged = visitorSays(inbox, "second visit");
    JsonObject sent = asBot(bot).post(drafts(merged), new JsonObject().put("body", "Answered")).json();
    JsonObject waiting = asBot(bot).post(drafts(merged), new JsonObject().put("body", "Still to send")).json();
    assertEquals(201, annOnA.post(accept(sent), new JsonObject()).status());

    long keptCustomer = admin.get("/api/v1/conversations/" + kept).json().getJsonObject("customer").getLong("id");
    long mergedCustomer = admin.get("/api/v1/conversations/" + merged).json().getJsonObject("customer").getLong("id");
    Reply merge = admin.post("/api/v1/customers/" + keptCustomer + "/merge", new JsonObject().put("other_id", mergedCustomer));
    assertEquals(200, merge.status(), merge.text());

    assertEquals(List.of(waiting.getLong("id")), pending(kept).stream().map(d -> ((JsonObject) d).getLong("id")).toList());
    assertEquals(2, admin.get(drafts(kept)).json().getJsonArray("drafts").size());
    Reply later = annOnA.post(accept(waiting), new JsonObject());
    assertEquals(201, later.status(), later.text());
    assertEquals(kept, later.json().getLong("conversation_id"));
    assertEquals(2, admin.get("/api/v1/bots/" + bot.getLong("id")).json().getJsonObject("draft_counts")
        .getInteger("accepted"));
  }

  // ---- helpers

  static String drafts(long conversation) {
    return "/api/v1/conversations/" + conversation + "/drafts";
  }

  static String accept(JsonObject draft) {
    return "/api/v1/drafts/" + draft.getLong("id") + "/accept";
  }

  static String dismiss(JsonObject draft) {
    return "/api/v1/drafts/" + draft.getLong("id") + "/dismiss";
  }

  static JsonArray pending(long conversation) {
    Reply r = admin.get(drafts(conversation) + "?status=pending");
    assertEquals(200, r.status(), r.text());
    return r.json().getJsonArray("drafts");
  }

  static List<String> bodies(long conversation) {
    return admin.get("/api/v1/conversations/" + conversation + "/messages").json().getJsonArray("messages")
        .stream().map(m -> ((JsonObject) m).getString("body")).toList();
  }

  static JsonObject createBot(String name, String path, long inbox, String... scopes) {
    JsonObject bot = TestBots.create(admin, receiver, name, path, inbox, scopes);
    assertNotNull(bot.getString("token"));
    return bot;
  }

  static ApiClient asBot(JsonObject bot) {
    return TestBots.as(nodes.configA(), bot);
  }

  static long agent(String name) {
    Reply r = admin.post("/api/v1/agents", new JsonObject().put("email", name + "@example.com").put("name", name)
        .put("password", name + "-password"));
    assertEquals(201, r.status(), r.text());
    return r.json().getLong("id");
  }

  static ApiClient login(HubConfig node, String name) {
    return new ApiClient("http://localhost:" + node.httpPort()).login(name + "@example.com", name + "-password");
  }

  static WsClient agentSocket(HubConfig node, ApiClient api) {
    WsClient ws = WsClient.connect("ws://localhost:" + node.httpPort() + "/ws/agent?token=" + api.token());
    ws.awaitType("hello");
    return ws;
  }

  static long visitorSays(long inbox, String body) {
    return Visitors.says(nodes.configA(), inbox, body);
  }
}
