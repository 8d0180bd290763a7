package dev.switchboard.hub.browser;

import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * A visitor on a customer's site (a {@link ShopPage}) with the chat widget, in one browser window:
 * open the widget, write, read what it shows. The widget lives in a shadow root; {@link #find}
 * looks inside it.
 */
final class WidgetPage extends Page {

  WidgetPage(WebDriver driver) {
    super(driver);
  }

  /** Loads the site's page (the widget's script comes with it). */
  WidgetPage visit(String url) {
    driver.get(url);
    return this;
  }

  /** The widget's shadow root (throws until the widget is on the page). */
  SearchContext shadow() {
    return driver.findElement(By.id("switchboard-widget")).getShadowRoot();
  }

  /** An element inside the widget. */
  WebElement find(String css) {
    return shadow().findElement(By.cssSelector(css));
  }

  /** Opens the widget from its launcher, unless a reload restored it open, and waits for the input. */
  void open() {
    WebElement launcher = waitFor(d -> find("#sb-launcher"));
    // an open panel is restored after a reload; the launcher would close it again
    if (!find("#sb-panel").isDisplayed()) {
      launcher.click();
    }
    waitFor(d -> find("#sb-panel").isDisplayed());
    waitFor(d -> find("#sb-input").isDisplayed());
  }

  /** Types the text and presses the widget's send button. */
  void send(String text) {
    find("#sb-input").sendKeys(text);
    find("#sb-send").click();
  }

  /** A message as the widget shows it: the visitor's own (customer) or the agent's; pending until acked. */
  record Message(String body, boolean customer, boolean pending, String seq, int images, boolean visible) {}

  /** The widget's messages, now, in order (none before the widget is there). */
  @SuppressWarnings("unchecked")
  List<Message> messages() {
    Object raw = js("var host = document.getElementById('switchboard-widget');"
        + "if (!host || !host.shadowRoot) return [];"
        + "return Array.from(host.shadowRoot.querySelectorAll('#sb-messages .sb-msg')).map(function (n) {"
        + "  var b = n.querySelector('.sb-body');"
        + "  return {body: b ? b.textContent : '', customer: n.classList.contains('sb-customer'),"
        + "    pending: n.classList.contains('sb-pending'), seq: n.getAttribute('data-seq'),"
        + "    images: n.querySelectorAll('img').length, visible: n.checkVisibility()};"
        + "});");
    return ((List<Map<String, Object>>) raw).stream().map(m -> new Message((String) m.get("body"),
        (Boolean) m.get("customer"), (Boolean) m.get("pending"), (String) m.get("seq"),
        ((Number) m.get("images")).intValue(), (Boolean) m.get("visible"))).toList();
  }

  /** The bodies of the widget's messages, now, in order. */
  List<String> bodies() {
    return messages().stream().map(Message::body).toList();
  }

  /** All the text of the widget and of the site's page together. */
  String allText() {
    return (String) js("return document.getElementById('switchboard-widget').shadowRoot.textContent"
        + " + document.body.textContent;");
  }
}
