package dev.switchboard.hub.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient.Reply;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Inbox settings an attacker (or a careless admin) could turn against the hub. */
class InboxTrustTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("inboxtrust");

  @Test
  void movingAMailboxToAnotherServerWithoutThePasswordIsRefusedAndThePasswordGoesNowhere() throws IOException {
    try (ServerSocket listener = new ServerSocket(0)) {
      long id = node.admin().post("/api/v1/inboxes", new JsonObject().put("name", "Support mail").put("channel", "email")
          .put("config", new JsonObject().put("address", "support@example.com").put("imap_host", "127.0.0.1")
              .put("imap_port", 1).put("imap_security", "none").put("smtp_host", "127.0.0.1").put("smtp_port", 1)
              .put("smtp_security", "none").put("username", "support").put("password", "hunter2")))
          .json().getLong("id");

      Reply moved = node.admin().patch("/api/v1/inboxes/" + id, new JsonObject().put("config",
          new JsonObject().put("imap_host", "localhost").put("imap_port", listener.getLocalPort())));
      assertEquals(400, moved.status(), moved.text());
      assertEquals("secrets_required", moved.json().getString("error"));
      assertTrue(moved.json().getString("message").contains("password"));

      // the mailbox poller re-reads its settings every 5 s: nothing may knock on the new address
      listener.setSoTimeout(7_000);
      try (var knock = listener.accept()) {
        throw new AssertionError("the stored password was taken to the new server");
      } catch (SocketTimeoutException expected) {
        // nobody came
      }
      JsonObject stored = node.admin().get("/api/v1/inboxes/" + id).json().getJsonObject("config");
      assertEquals("127.0.0.1", stored.getString("imap_host"));

      Reply withPassword = node.admin().patch("/api/v1/inboxes/" + id, new JsonObject().put("config", new JsonObject()
          .put("imap_host", "localhost").put("imap_port", listener.getLocalPort()).put("password", "new-secret")));
      assertEquals(200, withPassword.status(), withPassword.text());
      node.admin().patch("/api/v1/inboxes/" + id, new JsonObject().put("enabled", false));
    }
  }

  @Test
  void pointingAnSmsInboxElsewhereNeedsTheAuthTokenAgainButOtherChangesDoNot() {
    long id = node.admin().post("/api/v1/inboxes", new JsonObject().put("name", "SMS").put("channel", "sms")
        .put("config", new JsonObject().put("account_sid", "AC123").put("auth_token", "secret-token")
            .put("phone_number", "+14155550100").put("api_base_url", "http://127.0.0.1:1")))
        .json().getLong("id");
    Reply moved = node.admin().patch("/api/v1/inboxes/" + id, new JsonObject().put("config",
        new JsonObject().put("api_base_url", "http://attacker.example.com")));
    assertEquals(400, moved.status());
    assertEquals("secrets_required", moved.json().getString("error"));
    assertEquals("http://127.0.0.1:1",
        node.admin().get("/api/v1/inboxes/" + id).json().getJsonObject("config").getString("api_base_url"));

    Reply sameUrl = node.admin().patch("/api/v1/inboxes/" + id, new JsonObject().put("name", "SMS US")
        .put("config", new JsonObject().put("api_base_url", "http://127.0.0.1:1").put("phone_number", "+14155550101")));
    assertEquals(200, sameUrl.status(), "saying the same endpoint again moves nothing");
    Reply withToken = node.admin().patch("/api/v1/inboxes/" + id, new JsonObject().put("config",
        new JsonObject().put("api_base_url", "http://127.0.0.1:2").put("auth_token", "secret-token")));
    assertEquals(200, withToken.status(), withToken.text());
    assertTrue(!withToken.text().contains("secret-token"), "secrets stay write-only");
  }

  @Test
  void madeUpInboxIdsAreNeitherCachedNorEchoed() throws Exception {
    long real = node.admin().webInbox("Website");
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://localhost:" + node.config().httpPort() + "/ws/widget?inbox=";
    for (int i = 0; i < 500; i++) {
      String id = i % 2 == 0 ? String.valueOf(1_000_000 + i) : "0".repeat(4000) + real;
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + id)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(404, r.statusCode());
      assertTrue(r.body().length() < 200, "the id is not echoed back: " + r.body().length());
    }
    http.send(HttpRequest.newBuilder(URI.create(base + real)).build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(node.hub().inboxes().cached() <= 2, "only real inboxes are cached, got " + node.hub().inboxes().cached());
  }

  @Test
  void inboxIdsAreReadOneWayOnly() {
    assertEquals("42", InboxService.canonicalId("42"));
    for (String odd : new String[] {"042", "-1", "4e2", " 42", "42 ", "", "1".repeat(19), UUID.randomUUID().toString()}) {
      assertEquals(null, InboxService.canonicalId(odd), odd);
    }
  }
}
