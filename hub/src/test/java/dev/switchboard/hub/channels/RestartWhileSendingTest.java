package dev.switchboard.hub.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.connectors.testkit.meta.FakeMeta;
import dev.switchboard.connectors.testkit.meta.MetaWebhooks;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node told to stop while a reply is on its way to the provider: the provider already has it, so
 * the node lets that send finish, records it and tells agents before closing. Otherwise the reply would
 * sit leased for a minute after the restart and then go out a second time.
 */
class RestartWhileSendingTest {

  static final String WA_ID = "4915100000099";

  static HubConfig config;
  static Hub hub;
  static Vertx vertx;
  static FakeMeta meta;

  @BeforeAll
  static void start() throws Exception {
    config = TestHub.config("restartwhilesending");
    hub = TestHub.start(config);
    vertx = Vertx.vertx();
    meta = new FakeMeta(vertx).start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    ApiClient.Reply inbox = ApiClient.admin(config).post("/api/v1/inboxes", new JsonObject().put("name", "WhatsApp")
        .put("channel", "whatsapp").put("config", new JsonObject().put("phone_number_id", FakeMeta.PHONE_NUMBER_ID)
            .put("access_token", FakeMeta.ACCESS_TOKEN).put("app_secret", FakeMeta.APP_SECRET)
            .put("verify_token", FakeMeta.VERIFY_TOKEN).put("api_base_url", meta.apiBaseUrl())));
    assertEquals(201, inbox.status(), inbox.text());
    assertEquals(200, new MetaWebhooks().signed(config.publicUrl() + "/webhooks/meta", FakeMeta.APP_SECRET,
        MetaWebhooks.whatsapp(FakeMeta.PHONE_NUMBER_ID, WA_ID, "Ada", MetaWebhooks.text("wamid.RESTART1", "Hello?")))
        .statusCode());
  }

  @AfterAll
  static void stop() throws Exception {
    TestHub.stop(hub);
    meta.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    TestHub.dropAll(config);
  }

  @Test
  void aReplyMetaIsAnsweringWhenTheNodeStopsIsRecordedAndNeverSentAgain() throws Exception {
    ApiClient agent = ApiClient.admin(config);
    long conversation = until(() -> agent.get("/api/v1/conversations?status=all").json().getJsonArray("conversations")
        .stream().map(c -> ((JsonObject) c).getLong("id")).findFirst().orElse(null));

    meta.answerDelayMillis.set(1_500);
    ApiClient.Reply reply = agent.post("/api/v1/conversations/" + conversation + "/messages",
        new JsonObject().put("body", "On its way as you stop").put("channel", "whatsapp"));
    assertEquals(201, reply.status(), reply.text());
    until(() -> sends() > 0 ? true : null);   // Meta has it and is still answering

    TestHub.stop(hub);
    meta.answerDelayMillis.set(0);
    hub = TestHub.start(config);

    ApiClient after = ApiClient.admin(config);
    long id = reply.json().getLong("id");
    JsonObject sent = until(() -> after.get("/api/v1/conversations/" + conversation + "/messages?after_seq=0").json()
        .getJsonArray("messages").stream().map(m -> (JsonObject) m)
        .filter(m -> m.getLong("id") == id && "sent".equals(m.getString("status"))).findFirst().orElse(null));
    assertEquals("sent", sent.getString("status"));
    Thread.sleep(1_500);   // a worker poll or two after the restart
    assertEquals(1, sends(), "Meta got the reply once");
  }

  @Test
  void agentsOnAnotherNodeHearThatTheReplyAStoppingNodeFinishedWasSent() throws Exception {
    ApiClient agent = ApiClient.admin(config);
    long conversation = until(() -> agent.get("/api/v1/conversations?status=all").json().getJsonArray("conversations")
        .stream().map(c -> ((JsonObject) c).getLong("id")).findFirst().orElse(null));
    meta.answerDelayMillis.set(8_000);
    ApiClient.Reply reply = agent.post("/api/v1/conversations/" + conversation + "/messages",
        new JsonObject().put("body", "Finished while stopping").put("channel", "whatsapp"));
    assertEquals(201, reply.status(), reply.text());
    until(() -> sends("Finished while stopping") > 0 ? true : null);   // leased by this node, Meta answering

    HubConfig otherConfig = TestHub.secondNode(config);
    Hub other = TestHub.start(otherConfig);
    try (dev.switchboard.hub.WsClient watching = dev.switchboard.hub.WsClient.connect("ws://localhost:"
        + otherConfig.httpPort() + "/ws/agent?token=" + ApiClient.admin(otherConfig).token())) {
      watching.awaitType("hello");
      TestHub.stop(hub);
      long id = reply.json().getLong("id");
      JsonObject updated = watching.await(f -> "message.updated".equals(f.getString("type"))
          && f.getJsonObject("message").getLong("id") == id, 15);
      assertEquals("sent", updated.getJsonObject("message").getString("status"));
    } finally {
      meta.answerDelayMillis.set(0);
      hub = TestHub.start(config);
      TestHub.stop(other);
    }
  }

  static long sends() {
    return sends("On its way as you stop");
  }

  static long sends(String text) {
    return meta.sends.stream().filter(s -> s.body() != null && s.body().getJsonObject("text") != null
        && text.equals(s.body().getJsonObject("text").getString("body"))).count();
  }

  static <T> T until(java.util.function.Supplier<T> probe) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("never happened");
  }
}
