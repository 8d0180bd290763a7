package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.TestHub;
import dev.switchboard.hub.WsClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Never stale: the hub node restarts (same port, same database) and, while the inbox is still
 * cut off, a customer writes in the open conversation and another customer in one that is not
 * open. Once the inbox reconnects by itself it shows both, with no page reload.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class InboxReconnectBrowserTest {

  private static final Duration RESTART_WAIT = Duration.ofSeconds(30);

  /** Holds the inbox's socket offline while the test says so (a network that is still down). */
  private static final String GATE = """
      (function () {
        var Native = window.WebSocket;
        window.__sbOffline = false;
        function Gated(url, protocols) {
          if (window.__sbOffline && /\\/ws\\/agent/.test(url)) throw new Error('offline');
          return protocols === undefined ? new Native(url) : new Native(url, protocols);
        }
        Gated.prototype = Native.prototype;
        Gated.CONNECTING = 0; Gated.OPEN = 1; Gated.CLOSING = 2; Gated.CLOSED = 3;
        window.WebSocket = Gated;
      })();""";

  private HubConfig config;
  private Hub hub;
  private final Browsers browsers = new Browsers();
  private InboxPage inbox;
  private long inboxId;

  @BeforeAll
  void start() throws IOException {
    config = TestHub.config("reconnectui");
    hub = TestHub.start(config);
    inboxId = ApiClient.admin(config).webInbox("Website chat");
    inbox = new InboxPage(browsers.open(), config).beforeEachLoad(GATE);
  }

  @AfterAll
  void stop() {
    browsers.close();
    TestHub.stop(hub);
    if (config != null) {
      TestHub.dropAll(config);
    }
  }

  @Test
  void messagesSentWhileTheInboxWasCutOffAppearAfterAHubRestartWithoutAReload() {
    String[] ann = visitorWrites(null, "Ann: hello?");
    visitorWrites(null, "Ben: anyone?");

    inbox.signInAsAdmin();
    inbox.row("Ann: hello?").click();
    inbox.waitFor(d -> inbox.messages().equals(List.of("Ann: hello?")));
    inbox.markLoaded();

    inbox.js("window.__sbOffline = true;");
    TestHub.stop(hub);
    inbox.waitFor(d -> inbox.connection().contains("Reconnecting"));
    hub = TestHub.start(config);

    visitorWrites(ann[0], "Ann: still waiting");
    visitorWrites(null, "Cleo: new here");
    inbox.js("window.__sbOffline = false;");

    inbox.waitFor(RESTART_WAIT, d -> "Live".equals(inbox.connection()));
    inbox.waitFor(d -> inbox.messages().equals(List.of("Ann: hello?", "Ann: still waiting")));
    assertTrue(inbox.row("Cleo: new here").isDisplayed(), "a conversation begun meanwhile is listed");
    assertTrue(inbox.notReloaded(), "the page was not reloaded");
  }

  /** A visitor (returning when a token is given) writes; answers their token and conversation. */
  private String[] visitorWrites(String visitorToken, String text) {
    String url = "ws://localhost:" + config.httpPort() + "/ws/widget?inbox=" + inboxId
        + (visitorToken == null ? "" : "&visitor=" + visitorToken);
    try (WsClient visitor = WsClient.connect(url)) {
      JsonObject hello = visitor.awaitType("hello");
      visitor.send(new JsonObject().put("type", "message").put("client_id", text).put("body", text));
      visitor.awaitType("ack");
      return new String[] {hello.getString("visitor")};
    }
  }
}
