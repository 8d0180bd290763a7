package dev.switchboard.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.connectors.testkit.meta.FakeMeta;
import dev.switchboard.connectors.testkit.meta.MetaWebhooks;
import dev.switchboard.hub.ApiClient;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.store.Database;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * In the inbox: a WhatsApp customer who last wrote more than 24 hours ago cannot get a free-form
 * reply; the inbox says why, offers the inbox's approved templates with a field per parameter, and
 * the template the agent fills in reaches Meta.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class WhatsAppWindowBrowserTest {

  private static final String FIRST = "Where is my parcel?";
  private static final String WA_ID = "4915112345678";

  @RegisterExtension
  static final RunningHub node = new RunningHub("windowui");

  private final Browsers browsers = new Browsers();
  private Vertx vertx;
  private FakeMeta meta;
  private InboxPage inbox;
  private long conversation;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    meta = new FakeMeta(vertx).start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    ApiClient admin = node.admin();
    assertEquals(201, admin.post("/api/v1/inboxes", new JsonObject().put("name", "WhatsApp").put("channel", "whatsapp")
        .put("config", new JsonObject().put("phone_number_id", FakeMeta.PHONE_NUMBER_ID)
            .put("access_token", FakeMeta.ACCESS_TOKEN).put("app_secret", FakeMeta.APP_SECRET)
            .put("verify_token", FakeMeta.VERIFY_TOKEN).put("business_account_id", FakeMeta.WABA_ID)
            .put("api_base_url", meta.apiBaseUrl()))).status());
    assertEquals(200, new MetaWebhooks().signed(node.config().publicUrl() + "/webhooks/meta", FakeMeta.APP_SECRET,
        MetaWebhooks.whatsapp(FakeMeta.PHONE_NUMBER_ID, WA_ID, "Ada", MetaWebhooks.text("wamid.UI1", FIRST))).statusCode());
    conversation = admin.get("/api/v1/conversations?status=all").json().getJsonArray("conversations")
        .getJsonObject(0).getLong("id");
    Pool pool = Database.pool(vertx, node.config());
    try {
      pool.preparedQuery("update message set created_at = now() - interval '2 days' where conversation_id = $1")
          .execute(Tuple.of(conversation)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      pool.close();
    }
    inbox = new InboxPage(browsers.open(), node.config());
  }

  @AfterAll
  void stop() throws Exception {
    browsers.close();
    meta.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aReplyAfter24HoursIsRefusedAndAnApprovedTemplateGoesOutInstead() {
    inbox.signInAsAdmin();
    inbox.open(FIRST);
    inbox.composer();
    inbox.waitFor(d -> inbox.js("return document.querySelector('#messages .message') != null;"));
    inbox.reply("Still there?");

    WebElement closed = inbox.shown(By.id("window-closed"));
    assertTrue(closed.getText().contains("last wrote on whatsapp at"), closed.getText());
    assertTrue(closed.getText().contains("template"), closed.getText());
    Select templates = new Select(inbox.shown(By.id("template-select")));
    assertEquals(List.of("Choose an approved template…", "order_update (en_US)", "hello_world (en_US)"),
        templates.getOptions().stream().map(WebElement::getText).toList(), "approved templates only");
    templates.selectByVisibleText("order_update (en_US)");
    assertTrue(inbox.text(By.id("template-preview")).contains("{{2}}"));
    List<WebElement> params = inbox.driver().findElements(By.cssSelector("#template-params input"));
    assertEquals(2, params.size(), "one field per placeholder");
    params.get(0).sendKeys("<b>Ada</b>");
    params.get(1).sendKeys("4711");
    inbox.click(By.id("send-template"));

    inbox.waitUntilHidden(By.id("window-closed"));
    FakeMeta.Send send = inbox.waitFor(d -> meta.sends.stream()
        .filter(s -> s.body() != null && "template".equals(s.body().getString("type"))).findFirst().orElse(null));
    assertEquals(WA_ID, send.body().getString("to"));
    assertEquals("<b>Ada</b>", send.body().getJsonObject("template").getJsonArray("components").getJsonObject(0)
        .getJsonArray("parameters").getJsonObject(0).getString("text"));
    assertEquals(1, meta.sends.size(), "the free-form reply never reached Meta");
    inbox.waitFor(d -> inbox.js("return Array.from(document.querySelectorAll('#messages .message-body')).some(function (b) {"
        + " return b.textContent.indexOf('Template order_update (en_US): <b>Ada</b>, 4711') >= 0; });"));
    assertEquals(0L, inbox.js("return document.querySelectorAll('#messages b, #window-closed b').length;"));
    assertEquals("Still there?", inbox.draft(), "the refused text stays in the composer");
  }
}
