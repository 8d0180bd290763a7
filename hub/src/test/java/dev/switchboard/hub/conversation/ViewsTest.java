package dev.switchboard.hub.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.connectors.spi.Identity;
import dev.switchboard.connectors.spi.InboundMessage;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The inbox's views as an agent uses them: mine, unassigned, all and a team's; filters; the
 * longest-waiting customer first; full-text search over messages and customers, within what the
 * agent may see; keyset pages; and the counts of each view. Customers write through the toy
 * channel's webhook (phone numbers) or, with a name and an email, through the conversation service
 * as a connector would; agents answer through the REST API.
 */
class ViewsTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("views");
  static final AtomicInteger ids = new AtomicInteger();
  static final HttpClient http = HttpClient.newHttpClient();
  static ConversationService service;
  static long open;
  static long restricted;
  static long bea;
  static long cy;
  static ApiClient beaApi;
  static ApiClient cyApi;

  @BeforeAll
  static void start() {
    service = new ConversationService(node.hub().vertx(), node.hub().pool(), node.hub().events());
    open = toyInbox("Open toy", null);
    bea = agent("bea");
    cy = agent("cy");
    restricted = toyInbox("Bea's toy", new JsonArray().add(bea));
    beaApi = login("bea");
    cyApi = login("cy");
  }

  // --- views and filters ------------------------------------------------------------------------

  @Test
  void viewsShowMineUnassignedAllAndATeamsConversations() {
    long mine = write(open, phone(), "please help");
    long nobodys = write(open, phone(), "anyone there?");
    long admins = write(open, phone(), "hello");
    assign(mine, cy);
    assign(admins, me(node.admin()));
    long team = node.admin().post("/api/v1/teams", new JsonObject().put("name", "Billing")).json().getLong("id");
    setTeam(mine, team);

    assertEquals(List.of(mine), ids(cyApi.get("/api/v1/conversations?view=mine")));
    List<Long> unassigned = ids(cyApi.get("/api/v1/conversations?view=unassigned"));
    assertTrue(unassigned.contains(nobodys) && !unassigned.contains(mine) && !unassigned.contains(admins), "" + unassigned);
    assertTrue(ids(cyApi.get("/api/v1/conversations?view=all&limit=200")).containsAll(List.of(mine, nobodys, admins)));
    assertTrue(ids(cyApi.get("/api/v1/conversations?limit=200")).containsAll(List.of(mine, nobodys, admins)),
        "no view is all");
    assertEquals(List.of(mine), ids(cyApi.get("/api/v1/conversations?team_id=" + team)));
    assertEquals(List.of(), ids(cyApi.get("/api/v1/conversations?team_id=" + team + "&view=unassigned")));
    assertEquals(List.of(mine), ids(cyApi.get("/api/v1/conversations?assignee=me")), "the older form still works");
  }

  @Test
  void filtersNarrowByStatusChannelTagAndPriority() {
    long urgent = write(open, phone(), "my card was charged twice");
    long resolved = write(open, phone(), "thanks, all good");
    patch(urgent, new JsonObject().put("priority", "urgent").put("tags", new JsonArray().add("refund").add("vip")));
    patch(resolved, new JsonObject().put("status", "resolved").put("tags", new JsonArray().add("refund")));

    assertEquals(Set.of(urgent, resolved), Set.copyOf(ids(node.admin().get("/api/v1/conversations?tag=refund"))));
    assertEquals(List.of(urgent), ids(node.admin().get("/api/v1/conversations?tag=vip")));
    assertEquals(List.of(urgent), ids(node.admin().get("/api/v1/conversations?tag=refund&priority=urgent")));
    assertEquals(List.of(resolved), ids(node.admin().get("/api/v1/conversations?tag=refund&status=resolved")));
    assertEquals(List.of(urgent), ids(node.admin().get("/api/v1/conversations?tag=refund&status=open&channel=toy")));
    assertEquals(List.of(), ids(node.admin().get("/api/v1/conversations?tag=refund&channel=web")));
    assertEquals(Set.of(urgent, resolved),
        Set.copyOf(ids(node.admin().get("/api/v1/conversations?tag=refund&status=all&sort=recent"))));
    assertEquals(List.of(), ids(node.admin().get("/api/v1/conversations?tag=nobody-has-this")));
  }

  // --- the waiting order ------------------------------------------------------------------------

  @Test
  void theCustomerWaitingLongestComesFirstAndAnAnswerMovesThemDown() {
    String tag = "waiting-" + ids.incrementAndGet();
    long first = write(open, phone(), "I wrote first");
    long second = write(open, phone(), "I wrote second");
    long answered = write(open, phone(), "I wrote third");
    for (long c : List.of(first, second, answered)) {
      patch(c, new JsonObject().put("tags", new JsonArray().add(tag)));
    }
    reply(answered, "Here is your answer", false);
    String list = "/api/v1/conversations?tag=" + tag;

    assertEquals(List.of(first, second, answered), ids(node.admin().get(list)));
    JsonObject waiting = conversation(node.admin().get(list), first);
    assertNotNull(waiting.getString("waiting_since"));
    assertNull(conversation(node.admin().get(list), answered).getValue("waiting_since"));

    reply(first, "Looking into it with the warehouse", true);
    assertEquals(List.of(first, second, answered), ids(node.admin().get(list)), "a note is no answer");

    reply(first, "Your parcel left today", false);
    assertEquals(List.of(second, first, answered), ids(node.admin().get(list)),
        "answered: after those still waiting, most recent activity first");
    assertNull(conversation(node.admin().get(list), first).getValue("waiting_since"));

    write(first, "Thanks! One more question");
    assertEquals(List.of(second, first, answered), ids(node.admin().get(list)),
        "waiting again, since now: behind the one waiting longer");
    assertEquals(List.of(first, answered, second), ids(node.admin().get(list + "&sort=recent")));

    patch(second, new JsonObject().put("status", "pending"));
    assertEquals(List.of(first, answered, second), ids(node.admin().get(list)),
        "set aside by an agent: no longer in the waiting queue, among the rest by activity");
  }

  // --- search -----------------------------------------------------------------------------------

  @Test
  void searchFindsWordsInMessagesAndCustomersByNameEmailOrPhone() {
    long ana = customerWrites("ana.lopez@example.com", "Ana Lopez", "The parcel never arrived in Zaragoza");
    String phone = phone();
    long bob = write(open, phone, "Hello there");
    reply(bob, "We refunded invoice 99817 yesterday", false);

    assertEquals(List.of(ana), search(node.admin(), "parcel"));
    assertEquals(List.of(ana), search(node.admin(), "PARCEL never"), "every word, any case");
    assertEquals(List.of(ana), search(node.admin(), "zarag"), "the last word as a prefix");
    assertEquals(List.of(), search(node.admin(), "parcel yesterday"), "all words, not any");
    assertEquals(List.of(bob), search(node.admin(), "99817"), "an agent's reply is searched too");
    assertEquals(List.of(ana), search(node.admin(), "Lope"), "a name fragment");
    assertEquals(List.of(ana), search(node.admin(), "ez@exam"), "an email fragment");
    assertEquals(List.of(bob), search(node.admin(), phone.substring(phone.length() - 8)), "a phone fragment");
    assertEquals(List.of(), search(node.admin(), "quokka"));
    assertEquals(List.of(ana), search(node.admin(), "parcel & | ! :* ( )"), "operators are just text");
  }

  @Test
  void wordsInManyMessagesAreFoundByWalkingTheListWithTheSameResults() throws Exception {
    String tag = "walk-" + ids.incrementAndGet();
    for (int i = 0; i < 5; i++) {
      long c = i == 4 ? customerWrites("walker" + ids.incrementAndGet() + "@example.com", "Wally Walker", "nothing here")
          : write(open, phone(), i % 2 == 0 ? "my kayak paddle broke" : "where is my kayak");
      patch(c, new JsonObject().put("tags", new JsonArray().add(tag)));
      if (i == 1) {
        reply(c, "the kayak ships today", false);
      }
    }
    // a threshold of one message: every word counts as common and is searched by walking
    ConversationViews walking = new ConversationViews(node.hub().pool(), 1);
    ConversationViews collecting = new ConversationViews(node.hub().pool());
    for (String q : List.of("kayak", "kayak paddle", "kay", "walker", "ships", "quokka")) {
      for (ListSort sort : ListSort.values()) {
        for (int limit : List.of(1, 2, 50)) {
          assertEquals(allPages(collecting, q, tag, sort, limit), allPages(walking, q, tag, sort, limit),
              q + ", " + sort + ", " + limit + " a page");
        }
      }
    }
    assertEquals(4, allPages(walking, "kayak", tag, ListSort.WAITING, 2).size());
    assertEquals(1, allPages(walking, "walk", tag, ListSort.RECENT, 2).size());
  }

  static List<Long> allPages(ConversationViews views, String q, String tag, ListSort sort, int limit) throws Exception {
    List<Long> out = new ArrayList<>();
    PageCursor cursor = null;
    do {
      ConversationPage page = views.list(new ConversationFilter(null, null, null, q, limit, null, null, tag, null, sort,
          cursor)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      page.conversations().forEach(c -> out.add(c.id()));
      cursor = page.nextCursor() == null ? null : PageCursor.parse(page.nextCursor(), sort);
    } while (cursor != null && out.size() < 100);
    return out;
  }

  @Test
  void searchFindsNothingTheAgentMayNotSee() {
    long hidden = write(restricted, phone(), "a secret about flamingos");
    long shown = write(open, phone(), "a question about flamingos");
    assertEquals(Set.of(hidden, shown), Set.copyOf(search(node.admin(), "flamingos")));
    assertEquals(Set.of(hidden, shown), Set.copyOf(search(beaApi, "flamingos")), "bea is a member");
    assertEquals(List.of(shown), search(cyApi, "flamingos"));
    assertEquals(List.of(shown), search(cyApi, "flamin"));
    assertEquals(List.of(), search(cyApi, "secret"));
  }

  @Test
  void hostileSearchesAreAnsweredWithoutAServerError() {
    long quotes = customerWrites("quote@example.com", "O'Brien", "It's \"broken\" \\ again");
    for (String q : List.of("%", "_", "%%", "'", "''", "\"", "\\", "&|!:*()", "!", ":*", "a:*", "(", "'a' & 'b'",
        "x' or '1'='1", "\\\\", "<->", "''':*", "ü", "😀", "a".repeat(200))) {
      Reply r = node.admin().get("/api/v1/conversations?q=" + encode(q));
      assertEquals(200, r.status(), q + ": " + r.text());
      assertNotNull(r.json().getJsonArray("conversations"), q);
    }
    for (String q : List.of("%", "_", "&|!:*()", "'a' & 'b'")) {
      assertEquals(List.of(), search(node.admin(), q), q + " is text, not a pattern or query syntax");
    }
    assertEquals(List.of(quotes), search(node.admin(), "o'brien"));
    assertEquals(List.of(quotes), search(node.admin(), "broken \\"));
    assertEquals(400, node.admin().get("/api/v1/conversations?q=" + "a".repeat(201)).status());
    assertEquals(400, node.admin().get("/api/v1/conversations?q=a%00b").status());
  }

  // --- paging -----------------------------------------------------------------------------------

  @Test
  void pagesReturnEveryConversationExactlyOnceInBothOrders() {
    String tag = "page-" + ids.incrementAndGet();
    Set<Long> all = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      long c = write(open, phone(), "page me " + i);
      patch(c, new JsonObject().put("tags", new JsonArray().add(tag)));
      if (i % 2 == 1) {
        reply(c, "answered " + i, false);  // 4 waiting, 3 not
      }
      all.add(c);
    }
    for (String sort : List.of("waiting", "recent")) {
      for (int limit : List.of(1, 2, 3, 4, 7, 50)) {
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
          Reply r = node.admin().get("/api/v1/conversations?tag=" + tag + "&sort=" + sort + "&limit=" + limit
              + (cursor == null ? "" : "&cursor=" + encode(cursor)));
          assertEquals(200, r.status(), r.text());
          seen.addAll(ids(r));
          assertTrue(ids(r).size() <= limit);
          cursor = r.json().getString("next_cursor");
          assertTrue(++pages <= 8, "the pages end");
        } while (cursor != null);
        assertEquals(all.size(), seen.size(), sort + ", " + limit + " a page: " + seen);
        assertEquals(all, Set.copyOf(seen), sort + ", " + limit + " a page");
        assertEquals(ids(node.admin().get("/api/v1/conversations?tag=" + tag + "&sort=" + sort)), seen,
            "pages follow the order of one long list");
      }
    }
  }

  // --- counts -----------------------------------------------------------------------------------

  @Test
  void countsFollowAnAssignmentAndAResolveAndCountOnlyWhatTheAgentMaySee() {
    long team = node.admin().post("/api/v1/teams", new JsonObject().put("name", "Counted")).json().getLong("id");
    JsonObject before = counts(cyApi, "");
    JsonObject adminBefore = counts(node.admin(), "");
    assertEquals(0, before.getJsonObject("teams").getLong(String.valueOf(team)), "every team, 0 included");

    try (WsClient socket = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/agent?token="
        + cyApi.token())) {
      socket.awaitType("hello");
      long c = write(open, phone(), "count me");
      long hidden = write(restricted, phone(), "count me, members only");
      JsonObject now = counts(cyApi, "");
      assertEquals(before.getLong("all") + 1, now.getLong("all"), "cy does not see the members-only one");
      assertEquals(before.getLong("unassigned") + 1, now.getLong("unassigned"));
      assertEquals(adminBefore.getLong("all") + 2, counts(node.admin(), "").getLong("all"));

      assign(c, cy);
      socket.await(f -> "conversation.updated".equals(f.getString("type"))
          && f.getJsonObject("conversation").getLong("id") == c
          && Long.valueOf(cy).equals(f.getJsonObject("conversation").getLong("assignee_id")));
      now = counts(cyApi, "");
      assertEquals(before.getLong("mine") + 1, now.getLong("mine"));
      assertEquals(before.getLong("unassigned"), now.getLong("unassigned"));

      setTeam(c, team);
      assertEquals(1, counts(cyApi, "").getJsonObject("teams").getLong(String.valueOf(team)));

      assign(hidden, cy);
      assertEquals(before.getLong("mine") + 2, counts(cyApi, "").getLong("mine"), "assigned to cy: cy sees it");

      patch(c, new JsonObject().put("status", "resolved"));
      socket.await(f -> "conversation.updated".equals(f.getString("type"))
          && f.getJsonObject("conversation").getLong("id") == c
          && "resolved".equals(f.getJsonObject("conversation").getString("status")));
      now = counts(cyApi, "");
      assertEquals(before.getLong("mine") + 1, now.getLong("mine"), "open is the default");
      assertEquals(0, now.getJsonObject("teams").getLong(String.valueOf(team)));
      assertEquals(1, counts(cyApi, "?status=resolved").getJsonObject("teams").getLong(String.valueOf(team)));
      assertTrue(counts(cyApi, "?status=all").getLong("all") >= now.getLong("all") + 1);
    }
  }

  @Test
  void badParametersAreRefusedWithAClearError() {
    String recentCursor = null;
    for (int i = 0; i < 2; i++) {
      write(open, phone(), "cursor fodder " + i);
    }
    recentCursor = node.admin().get("/api/v1/conversations?sort=recent&limit=1").json().getString("next_cursor");
    assertNotNull(recentCursor);
    for (String query : List.of("view=bogus", "sort=oldest", "priority=asap", "team_id=abc", "team_id=0",
        "team_id=-3", "status=done", "cursor=garbage", "cursor=" + encode(recentCursor),
        "cursor=" + encode(java.util.Base64.getUrlEncoder().encodeToString("v1:w:w:x:1".getBytes())),
        "view=mine&assignee=me", "tag=" + "t".repeat(65), "limit=ten", "channel=pigeon")) {
      Reply r = node.admin().get("/api/v1/conversations?" + query);
      assertEquals(400, r.status(), query + ": " + r.text());
      assertEquals("bad_request", r.json().getString("error"), query);
      assertFalse(r.json().getString("message").isBlank());
    }
    assertEquals(200, node.admin().get("/api/v1/conversations?sort=recent&cursor=" + encode(recentCursor)).status());
    assertEquals(400, node.admin().get("/api/v1/conversations/counts?status=done").status());
    assertEquals(200, node.admin().get("/api/v1/conversations/counts?status=all").status());
  }

  // --- helpers ----------------------------------------------------------------------------------

  static String phone() {
    return "+4915" + String.format("%09d", 100_000_000 + ids.incrementAndGet() * 7919);
  }

  /** A customer on the toy channel (a phone number) writes; returns their conversation. */
  static long write(long inbox, String phone, String text) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
              + node.config().httpPort() + "/webhooks/toy/" + inbox)).header("content-type", "application/json")
          .header("x-toy-key", "k").POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("from", phone)
              .put("text", text).put("id", "m" + ids.incrementAndGet()).encode())).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode() / 100 * 100, r.body());
      return sql("select c.id from identity i join conversation c on c.customer_id = i.customer_id"
          + " where i.kind = 'phone' and i.address = $1", Tuple.of(phone));
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The customer of {@code conversation} writes again, where they wrote last. */
  static void write(long conversation, String text) {
    JsonObject c = node.admin().get("/api/v1/conversations/" + conversation).json();
    write(c.getLong("inbox_id"), c.getJsonObject("customer").getString("phone"), text);
  }

  static long sql(String query, Tuple args) {
    try {
      return node.hub().pool().preparedQuery(query).execute(args).toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS).iterator().next().getLong(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static long customerWrites(String email, String name, String text) {
    InboundMessage in = new InboundMessage(null, "email", Identity.email(email), name, text, null, null,
        "<" + ids.incrementAndGet() + "@views.test>", null);
    try {
      return service.receive(in).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).message()
          .conversationId();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void setTeam(long conversation, long team) {
    // the team PATCH is another change's; the column is there since V1
    try {
      node.hub().pool().preparedQuery("update conversation set team_id = $1 where id = $2")
          .execute(Tuple.of(team, conversation)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void assign(long conversation, long agent) {
    patch(conversation, new JsonObject().put("assignee_id", agent));
  }

  static void patch(long conversation, JsonObject change) {
    Reply r = node.admin().patch("/api/v1/conversations/" + conversation, change);
    assertEquals(200, r.status(), r.text());
  }

  static void reply(long conversation, String body, boolean note) {
    Reply r = node.admin().post("/api/v1/conversations/" + conversation + "/messages",
        new JsonObject().put("body", body).put("private", note));
    assertEquals(201, r.status(), r.text());
  }

  static List<Long> search(ApiClient api, String q) {
    Reply r = api.get("/api/v1/conversations?limit=200&q=" + encode(q));
    assertEquals(200, r.status(), r.text());
    return ids(r);
  }

  static JsonObject counts(ApiClient api, String query) {
    Reply r = api.get("/api/v1/conversations/counts" + query);
    assertEquals(200, r.status(), r.text());
    return r.json();
  }

  static List<Long> ids(Reply r) {
    assertEquals(200, r.status(), r.text());
    return r.json().getJsonArray("conversations").stream().map(c -> ((JsonObject) c).getLong("id")).toList();
  }

  static JsonObject conversation(Reply r, long id) {
    return r.json().getJsonArray("conversations").stream().map(JsonObject.class::cast)
        .filter(c -> c.getLong("id") == id).findFirst().orElseThrow();
  }

  static long me(ApiClient api) {
    return api.get("/api/v1/me").json().getLong("id");
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static long toyInbox(String name, JsonArray members) {
    JsonObject body = new JsonObject().put("name", name).put("channel", "toy")
        .put("config", new JsonObject().put("account", "acme").put("api_key", "k"));
    if (members != null) {
      body.put("member_ids", members);
    }
    Reply r = node.admin().post("/api/v1/inboxes", body);
    assertEquals(201, r.status(), r.text());
    return r.json().getLong("id");
  }

  static long agent(String name) {
    Reply r = node.admin().post("/api/v1/agents", new JsonObject().put("email", name + "@example.com")
        .put("name", name).put("password", name + "-password"));
    assertEquals(201, r.status(), r.text());
    return r.json().getLong("id");
  }

  static ApiClient login(String name) {
    return new ApiClient("http://localhost:" + node.config().httpPort()).login(name + "@example.com", name + "-password");
  }
}
