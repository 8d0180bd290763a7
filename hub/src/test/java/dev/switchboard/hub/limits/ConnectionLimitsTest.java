package dev.switchboard.hub.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.HubConfig;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connections that hold a node's resources without using them are closed; one address cannot hold many. */
class ConnectionLimitsTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("connlimits");
  static long inbox;

  @BeforeAll
  static void start() {
    inbox = ApiClient.admin(node.config()).webInbox("Website");
  }

  @Test
  void silentAndSlowlorisConnectionsAreClosedWhileAWidgetSocketStaysOpen() throws Exception {
    List<Socket> silent = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      silent.add(open());
    }
    Socket slow = open();
    OutputStream out = slow.getOutputStream();
    out.write("GET /health HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
    try (WsClient widget = WsClient.connect("ws://localhost:" + node.config().httpPort() + "/ws/widget?inbox=" + inbox)) {
      widget.awaitType("hello");
      long deadline = System.currentTimeMillis() + ConnectionGuard.HEADER_TIMEOUT_MILLIS + 5_000;
      boolean slowClosed = false;
      while (!slowClosed && System.currentTimeMillis() < deadline) {
        try {
          out.write("X-Slow: a\r\n".getBytes(StandardCharsets.US_ASCII)); // a header line a second, never the end
          out.flush();
        } catch (IOException closed) {
          slowClosed = true;
        }
        Thread.sleep(1_000);
      }
      assertTrue(slowClosed || closedByServer(slow), "a slowloris connection is closed after the header deadline");
      for (Socket s : silent) {
        assertTrue(closedByServer(s), "a silent connection is closed after the header deadline");
      }
      assertFalse(widget.isClosed(), "an upgraded widget socket is not subject to the header deadline");
      widget.send(new io.vertx.core.json.JsonObject().put("type", "ping"));
      widget.awaitType("pong");
    }
  }

  @Test
  void oneAddressCannotHoldMoreThanItsShareOfConnections() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try {
      int over = 50;
      for (int i = 0; i < HubConfig.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS + over; i++) {
        sockets.add(open());
      }
      Thread.sleep(1_000); // the refused ones are closed at once; give the FINs time to arrive
      int closed = 0;
      for (Socket s : sockets) {
        s.setSoTimeout(5);
        if (closedByServer(s)) {
          closed++;
        }
      }
      assertTrue(closed >= over, "connections beyond the cap are closed at once, got " + closed);
      assertTrue(closed < over + 20, "the ones within the cap stay, got " + closed + " closed");
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
    // once they are gone, the address is welcome again
    Thread.sleep(300);
    assertEquals(200, new ApiClient("http://localhost:" + node.config().httpPort()).get("/health").status());
  }

  private static Socket open() throws IOException {
    Socket s = new Socket("127.0.0.1", node.config().httpPort());
    s.setSoTimeout((int) ConnectionGuard.HEADER_TIMEOUT_MILLIS + 5_000);
    return s;
  }

  /** Blocks until the server closes (read returns -1 or the connection resets). */
  private static boolean closedByServer(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    try {
      while (in.read() >= 0) {
        // a 408 or the like may come first
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }
}
