package dev.switchboard.hub.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAPI document the hub serves names exactly the routes it serves, connectors' included:
 * a new route without documentation, or documentation of a route that is gone, fails here.
 * Routes are compared as {@code METHOD /path/{param}}; a prefix route ({@code /inbox/*}) keeps its
 * {@code *}. Where the document says so:
 * <ul>
 *   <li>{@code paths}: REST, webhooks and the other plain HTTP endpoints,</li>
 *   <li>{@code x-websockets}: the WebSocket upgrades (GET),</li>
 *   <li>{@code x-other-endpoints}: browser pages (the inbox, the demo), keyed {@code "METHOD /path"}.</li>
 * </ul>
 */
class OpenApiContractTest {

  private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
      "trace");

  @RegisterExtension
  static final RunningHub node = new RunningHub("openapi");

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedRouteIsServed() {
    Set<String> served = served(node.hub().router().getRoutes());
    // the test-only toy channel (hub/src/test, ToyConnector) is on this class path, not in the product
    served.removeIf(route -> route.contains("/webhooks/toy/"));
    Set<String> documented = documented(new ApiClient("http://localhost:" + node.config().httpPort())
        .get("/api/v1/openapi.json").json());

    Set<String> undocumented = new TreeSet<>(served);
    undocumented.removeAll(documented);
    Set<String> notServed = new TreeSet<>(documented);
    notServed.removeAll(served);
    assertTrue(undocumented.isEmpty() && notServed.isEmpty(),
        "served but not in openapi.json: " + undocumented + "\nin openapi.json but not served: " + notServed);
  }

  /**
   * Endpoints only: a route without methods ({@code router.route("/api/*")}) is a handler in front
   * of others (body limits, auth, the fall-back 404), not an endpoint of its own.
   */
  static Set<String> served(List<Route> routes) {
    Set<String> out = new TreeSet<>();
    for (Route r : routes) {
      Set<HttpMethod> methods = r.methods();
      if (methods == null || methods.isEmpty() || r.getPath() == null) {
        continue;
      }
      String path = r.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}") + (r.isExactPath() ? "" : "*");
      methods.forEach(m -> out.add(m.name() + " " + path));
    }
    return out;
  }

  static Set<String> documented(JsonObject openapi) {
    Set<String> out = new TreeSet<>();
    openapi.getJsonObject("paths").forEach(p -> ((JsonObject) p.getValue()).fieldNames().stream()
        .filter(OPERATIONS::contains)
        .forEach(op -> out.add(op.toUpperCase(Locale.ROOT) + " " + p.getKey())));
    openapi.getJsonObject("x-websockets").fieldNames().stream()
        .filter(path -> path.startsWith("/"))  // "common" holds what both sockets share
        .forEach(path -> out.add("GET " + path));
    out.addAll(openapi.getJsonObject("x-other-endpoints").fieldNames());
    return out;
  }
}
