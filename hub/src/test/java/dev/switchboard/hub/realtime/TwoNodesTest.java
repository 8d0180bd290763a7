package dev.switchboard.hub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningNodes;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two hub processes' worth of nodes on one PostgreSQL and Redis: a visitor on A talks live to an agent on B. */
class TwoNodesTest {

  @RegisterExtension
  static final RunningNodes nodes = new RunningNodes("twonodes");

  static long inbox;

  @BeforeAll
  static void start() {
    inbox = ApiClient.admin(nodes.configA()).webInbox("Website");
  }

  @Test
  void aVisitorOnNodeAAndAnAgentOnNodeBTalkLive() {
    ApiClient agentApi = ApiClient.admin(nodes.configB());
    try (WsClient agent = WsClient.connect("ws://localhost:" + nodes.configB().httpPort() + "/ws/agent?token="
            + agentApi.token());
         WsClient visitor = WsClient.connect("ws://localhost:" + nodes.configA().httpPort() + "/ws/widget?inbox=" + inbox)) {
      agent.awaitType("hello");
      visitor.awaitType("hello");

      visitor.send(new JsonObject().put("type", "message").put("client_id", "1").put("body", "Hi from node A"));
      JsonObject created = agent.await(f -> "message.created".equals(f.getString("type"))
          && "Hi from node A".equals(f.getJsonObject("message").getString("body")));
      long conversation = created.getLong("conversation_id");

      visitor.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null);
      // typing reaches the agents viewing the conversation, whichever node they are on
      agent.send(new JsonObject().put("type", "viewing").put("conversation_id", conversation).put("state", true));
      agent.send(new JsonObject().put("type", "ping")); // frames are handled in order: after the pong it views
      agent.awaitType("pong");
      visitor.send(new JsonObject().put("type", "typing").put("state", true));
      JsonObject typing = agent.await(f -> "typing".equals(f.getString("type")) && "customer".equals(f.getString("who")));
      assertEquals(conversation, typing.getLong("conversation_id"));
      assertTrue(typing.getBoolean("state"));

      agent.send(new JsonObject().put("type", "typing").put("conversation_id", conversation).put("state", true));
      assertEquals("Admin", visitor.awaitType("typing").getString("name"));

      assertEquals(201, agentApi.post("/api/v1/conversations/" + conversation + "/messages",
          new JsonObject().put("body", "Hello from node B")).status());
      JsonObject reply = visitor.await(f -> "message".equals(f.getString("type"))
          && "Hello from node B".equals(f.getString("body")));
      assertEquals(2, reply.getLong("seq"));
    }
  }

  @Test
  void anAgentWhoMissedEventsCatchesUpWithSyncOnTheOtherNode() {
    ApiClient api = ApiClient.admin(nodes.configA());
    long conversation;
    try (WsClient visitor = WsClient.connect("ws://localhost:" + nodes.configA().httpPort() + "/ws/widget?inbox=" + inbox)) {
      visitor.awaitType("hello");
      for (int i = 1; i <= 3; i++) {
        visitor.send(new JsonObject().put("type", "message").put("client_id", "m" + i).put("body", "line " + i));
        visitor.await(f -> "ack".equals(f.getString("type")));
      }
      conversation = visitor.await(f -> "hello".equals(f.getString("type")) && f.getValue("conversation_id") != null)
          .getLong("conversation_id");
    }
    // the agent was offline for all of it, and now connects to the other node
    try (WsClient agent = WsClient.connect("ws://localhost:" + nodes.configB().httpPort() + "/ws/agent?token=" + api.token())) {
      agent.awaitType("hello");
      agent.send(new JsonObject().put("type", "sync").put("conversation_id", conversation).put("after_seq", 1));
      assertEquals("line 2", agent.awaitType("message.created").getJsonObject("message").getString("body"));
      assertEquals("line 3", agent.awaitType("message.created").getJsonObject("message").getString("body"));
      assertEquals(3, agent.awaitType("synced").getLong("last_seq"));
    }
  }
}
