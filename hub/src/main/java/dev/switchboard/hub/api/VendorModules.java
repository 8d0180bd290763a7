package dev.switchboard.hub.api;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET /inbox/vendor/{name}.js}: the inbox's UI library (Preact, its hooks, htm) as ES modules,
 * read from their jars once. Browsers resolve a bare {@code from "preact"} only through an import
 * map, which an inline script would need and our CSP forbids, so it is rewritten to the sibling file.
 */
final class VendorModules implements Handler<RoutingContext> {

  private static final String PREACT = "META-INF/resources/webjars/preact/10.25.4/";
  private static final String HTM = "META-INF/resources/_static/htm/3.1.1/";

  private final Map<String, Buffer> modules = Map.of(
      "preact.js", load(PREACT + "dist/preact.module.js"),
      "hooks.js", load(PREACT + "hooks/dist/hooks.module.js"),
      "htm.js", load(HTM + "dist/htm.module.js"));

  @Override
  public void handle(RoutingContext ctx) {
    Buffer module = modules.get(ctx.pathParam("name"));
    if (module == null) {
      ctx.next();
      return;
    }
    ctx.response()
        .putHeader("content-type", "text/javascript; charset=utf-8")
        .putHeader("cache-control", "public, max-age=86400")
        .putHeader("x-content-type-options", "nosniff")
        .end(module);
  }

  private static Buffer load(String path) {
    try (InputStream in = VendorModules.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing from the class path: " + path);
      }
      String js = new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replaceAll("from\\s*\"preact\"", "from\"./preact.js\"")
          .replaceAll("from\\s*'preact'", "from'./preact.js'");
      return Buffer.buffer(js);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
