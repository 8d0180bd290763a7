package dev.switchboard.hub.api;

import dev.switchboard.hub.inbox.InboxService;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The widget script, the OpenAPI document and the demo host page. */
final class StaticPages {

  /** The hub's own pages: no inline script or style, so an escaping slip cannot run script. */
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final Buffer widget;
  private final Buffer openapi;
  private final InboxService inboxes;

  StaticPages(InboxService inboxes) {
    this.inboxes = inboxes;
    this.widget = resource("webroot/widget.js");
    this.openapi = resource("openapi.json");
  }

  /** {@code GET /widget.js}: embedded by other sites, so cacheable and readable from any origin. */
  Handler<RoutingContext> widget() {
    return ctx -> ctx.response()
        .putHeader("content-type", "application/javascript; charset=utf-8")
        .putHeader("cache-control", "public, max-age=300")
        .putHeader("access-control-allow-origin", "*")
        .putHeader("x-content-type-options", "nosniff")
        .end(widget);
  }

  Handler<RoutingContext> openapi() {
    return ctx -> ctx.response().putHeader("content-type", "application/json").end(openapi);
  }

  /** {@code GET /demo}: a host page embedding the widget of the first web inbox. */
  Handler<RoutingContext> demo() {
    return ctx -> inboxes.enabledOfChannel("web").onComplete(done -> {
      if (done.failed() || done.result().isEmpty()) {
        ctx.response().setStatusCode(404).putHeader("content-type", "text/plain; charset=utf-8")
            .end("No web chat inbox yet: create one with POST /api/v1/inboxes {\"channel\":\"web\"}.");
        return;
      }
      String inbox = done.result().stream().map(i -> i.id()).sorted(java.util.Comparator.comparingLong(Long::parseLong))
          .findFirst().orElseThrow();
      ctx.response()
          .putHeader("content-type", "text/html; charset=utf-8")
          .putHeader("content-security-policy", CSP)
          .putHeader("x-content-type-options", "nosniff")
          .end(DEMO_PAGE.replace("HUB_URL", escape(hubUrl(ctx))).replace("INBOX_ID", inbox));
    });
  }

  /** The hub as the browser reached it, for a tag that works when pasted elsewhere. */
  private static String hubUrl(RoutingContext ctx) {
    String host = ctx.request().authority() == null ? "localhost" : ctx.request().authority().toString();
    return ctx.request().scheme() + "://" + host;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  static Buffer resource(String path) {
    try (InputStream in = StaticPages.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the class path");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final String DEMO_PAGE = """
      <!doctype html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Acme Outdoor — Switchboard demo</title>
        <link rel="stylesheet" href="/demo.css">
      </head>
      <body>
        <header><strong>Acme Outdoor</strong> <span>tents · stoves · maps</span></header>
        <main>
          <h1>This is a demo website</h1>
          <p>The chat bubble in the bottom-right corner is the Switchboard widget, embedded with one tag:</p>
          <pre>&lt;script src="HUB_URL/widget.js" data-inbox="INBOX_ID" async&gt;&lt;/script&gt;</pre>
          <p>Paste that tag into any page of your own: this demo inbox accepts every origin.</p>
          <p>Send a message, then answer it as an agent in the <a href="/inbox/" target="_blank">inbox</a>.
             Reload this page: your conversation stays.</p>
        </main>
        <script src="/widget.js" data-inbox="INBOX_ID" async></script>
      </body>
      </html>
      """;

  static final String DEMO_CSS = """
      body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; }
      header { background: #243b53; color: #fff; padding: 14px 32px; }
      header span { opacity: .7; margin-left: 12px; }
      main { max-width: 720px; margin: 48px auto; padding: 0 24px; }
      pre { background: #fff; border: 1px solid #d9e2ec; padding: 12px; border-radius: 6px; overflow-x: auto; }
      """;

  Handler<RoutingContext> demoCss() {
    Buffer css = Buffer.buffer(DEMO_CSS);
    return ctx -> ctx.response().putHeader("content-type", "text/css; charset=utf-8").end(css);
  }

}
