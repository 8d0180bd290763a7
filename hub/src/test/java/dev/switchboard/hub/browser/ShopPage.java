package dev.switchboard.hub.browser;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A customer's own web site on another origin ({@code localhost:OTHER}, while the hub is
 * {@code 127.0.0.1:HUB}) whose page embeds the widget with the one script tag a site owner pastes.
 */
final class ShopPage implements AutoCloseable {

  private final HttpServer server;

  private ShopPage(HttpServer server) {
    this.server = server;
  }

  static ShopPage embedding(int hubPort, long inboxId) throws IOException {
    byte[] html = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>Acme Shop</title></head>"
        + "<body><h1>Acme Shop</h1><p>Welcome to our store.</p>"
        + "<script src=\"http://127.0.0.1:" + hubPort + "/widget.js\" data-inbox=\"" + inboxId
        + "\" async></script></body></html>").getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.getResponseHeaders().set("content-type", "text/html; charset=utf-8");
      exchange.getResponseHeaders().set("cache-control", "no-store");
      exchange.sendResponseHeaders(200, html.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(html);
      }
    });
    server.start();
    return new ShopPage(server);
  }

  String url() {
    return "http://localhost:" + server.getAddress().getPort() + "/shop.html";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
