package dev.switchboard.hub;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar switchboard.jar [--demo]}. With {@code --demo}: a first admin (from the
 * environment, else admin@example.com with a generated password, printed once) and a web-chat inbox
 * that any site may embed.
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    boolean demo = List.of(args).contains("--demo");
    Map<String, String> env = new HashMap<>(System.getenv());
    if (demo) {
      env.putIfAbsent("SWITCHBOARD_ADMIN_EMAIL", "admin@example.com");
      // never a well-known password: a demo left running on a reachable host must not be open to all
      env.putIfAbsent("SWITCHBOARD_ADMIN_PASSWORD", generatedPassword());
    }
    HubConfig config = HubConfig.fromEnvironment(env);
    log.info("starting {}", config);
    Hub.start(config)
        .compose(hub -> demo ? demoInbox(hub).compose(v -> demoArticles(hub)).map(hub) : Future.succeededFuture(hub))
        .onSuccess(hub -> {
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
              hub.stop().toCompletionStage().toCompletableFuture().get();
            } catch (Exception ignored) {
              // shutting down anyway
            }
          }));
          if (demo) {
            String url = config.publicUrl();
            System.out.println();
            System.out.println("  Switchboard is running.");
            System.out.println("  Agent inbox : " + url + "/inbox/");
            System.out.println("  Demo website: " + url + "/demo");
            System.out.println("  Login       : " + env.get("SWITCHBOARD_ADMIN_EMAIL") + " / " + shownPassword(hub, env));
            System.out.println();
          }
        })
        .onFailure(e -> {
          log.error("the hub could not start: {}", e.getMessage(), e);
          System.exit(1);
        });
  }

  private static String shownPassword(Hub hub, Map<String, String> env) {
    if (System.getenv("SWITCHBOARD_ADMIN_PASSWORD") != null) {
      return "(from SWITCHBOARD_ADMIN_PASSWORD)";
    }
    return hub.firstAdminCreated() ? env.get("SWITCHBOARD_ADMIN_PASSWORD") + "   (generated; shown only now)"
        : "(the password printed when this database was first started)";
  }

  private static String generatedPassword() {
    byte[] raw = new byte[12];
    new java.security.SecureRandom().nextBytes(raw);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /** A few published articles on an empty knowledge base, for the widget's search box and the assistant's drafts. */
  static Future<Void> demoArticles(Hub hub) {
    return hub.articles().list(false).compose(existing -> {
      if (!existing.isEmpty()) {
        return Future.succeededFuture();
      }
      return hub.articles().create("Refund policy", """
          Not happy with something you bought? Return it **within 30 days** in its original packaging
          and we reimburse the full price to your card within five working days.
          """, java.util.List.of("returns", "payments"), true, null)
          .compose(a -> hub.articles().create("Shipping times", """
              Orders placed before 2 pm leave our warehouse the same day. Standard delivery takes
              2–4 working days; express arrives the next working day.
              """, java.util.List.of("delivery"), true, null))
          .compose(a -> hub.articles().create("Pitching your tent", """
              1. Lay out the footprint on flat ground.
              2. Stake the corners, then raise the poles.
              3. Tension the guy lines so the fly does not touch the inner.
              """, java.util.List.of("tents", "camping"), true, null))
          .compose(a -> hub.articles().create("Changing or cancelling an order", """
              You can change the address or cancel an order until it leaves our warehouse: open the
              order from the link in your confirmation email and choose **Change** or **Cancel**.
              Once it has shipped, refuse the parcel or send it back and we refund you in full.
              """, java.util.List.of("orders"), true, null))
          .mapEmpty();
    });
  }

  /** The demo's web-chat inbox, allowed on any origin so a new user can paste the tag anywhere. */
  static Future<Void> demoInbox(Hub hub) {
    return hub.inboxes().enabledOfChannel("web").compose(existing -> existing.isEmpty()
        ? hub.inboxes().create("Demo website", "web",
            new JsonObject().put("allowed_origins", new JsonArray().add("*"))).mapEmpty()
        : Future.succeededFuture());
  }
}
