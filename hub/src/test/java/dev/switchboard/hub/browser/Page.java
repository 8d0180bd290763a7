package dev.switchboard.hub.browser;

import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One browser window, as the page a person is looking at: waits that retry while the page
 * re-renders (an element gone stale or not there yet) and, when they give up, say what the page
 * showed; scripts run in it. {@link InboxPage} and {@link WidgetPage} build on it; a test with a
 * page of its own uses the static {@link #waitFor(WebDriver, Function)} and {@link #visible}.
 */
class Page {

  /** How long a person would wait for something to show up (the machine is shared and slow). */
  static final Duration WAIT = Duration.ofSeconds(15);

  protected final WebDriver driver;

  Page(WebDriver driver) {
    this.driver = driver;
  }

  WebDriver driver() {
    return driver;
  }

  /** Waits up to {@link #WAIT} until the condition gives something other than null or false, and returns it. */
  <T> T waitFor(Function<WebDriver, T> condition) {
    return waitFor(driver, WAIT, condition);
  }

  <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
    return waitFor(driver, timeout, condition);
  }

  static <T> T waitFor(WebDriver driver, Function<WebDriver, T> condition) {
    return waitFor(driver, WAIT, condition);
  }

  /** Retries through stale and missing elements; the timeout's message is the page's text. */
  static <T> T waitFor(WebDriver driver, Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(50))
        .ignoring(StaleElementReferenceException.class)
        .ignoring(NoSuchElementException.class)
        .withMessage(() -> describe(driver))
        .until(condition::apply);
  }

  /** Waits until the element is on the page and displayed; returns it. */
  WebElement shown(By by) {
    return waitFor(d -> visible(d.findElement(by)));
  }

  /** Waits until the element is hidden (it stays in the page). */
  void waitUntilHidden(By by) {
    waitFor(d -> !d.findElement(by).isDisplayed());
  }

  /** The element, now (throws if it is not on the page). */
  WebElement find(By by) {
    return driver.findElement(by);
  }

  /** Clicks the element, now. */
  void click(By by) {
    driver.findElement(by).click();
  }

  /** The element's visible text, now. */
  String text(By by) {
    return driver.findElement(by).getText();
  }

  /** Picks the option with this value in the select element, now. */
  void select(By by, String value) {
    new Select(driver.findElement(by)).selectByValue(value);
  }

  /** Runs a script in the page; {@code arguments[i]} are the args. */
  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Leaves a mark in the page's script state that a reload would wipe (see {@link #notReloaded}). */
  void markLoaded() {
    js("window.__sbNotReloaded = true;");
  }

  /** True while the page marked by {@link #markLoaded} has not been reloaded since. */
  boolean notReloaded() {
    return Boolean.TRUE.equals(js("return window.__sbNotReloaded === true;"));
  }

  /** The element if it is displayed, else null (for use inside a wait). */
  static WebElement visible(WebElement e) {
    return e.isDisplayed() ? e : null;
  }

  /** What the page showed when a wait gave up: its address, its text and the widget's, if any. */
  static String describe(WebDriver driver) {
    try {
      String text = (String) ((JavascriptExecutor) driver).executeScript(
          "var h = document.getElementById('switchboard-widget'), r = h && h.shadowRoot && h.shadowRoot.querySelector('.sb-root');"
              + "return (document.body ? document.body.innerText : '') + (r ? ' | widget: ' + r.innerText : '');");
      return "page " + driver.getCurrentUrl() + " showed: " + text.replaceAll("\\s+", " ");
    } catch (RuntimeException e) {
      return "page " + driver.getCurrentUrl() + " (" + e.getMessage() + ")";
    }
  }
}
