package dev.switchboard.hub.browser;

import static dev.switchboard.hub.browser.Page.visible;
import static dev.switchboard.hub.browser.Page.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** What the settings pages' browser tests do and read: click, type, the toast, lists of names. */
final class SettingsPages {

  private SettingsPages() {}

  /** Nothing the hub sent became markup: no image element, no alert. */
  static void assertInert(WebDriver d) {
    assertEquals(0L, ((JavascriptExecutor) d).executeScript("return document.querySelectorAll('img').length;"));
    assertThrows(NoAlertPresentException.class, () -> d.switchTo().alert());
  }

  /** The text of every element {@code css} finds, in page order. */
  @SuppressWarnings("unchecked")
  static List<String> names(WebDriver d, String css) {
    return (List<String>) ((JavascriptExecutor) d).executeScript(
        "return Array.from(document.querySelectorAll(arguments[0])).map(function (e) { return e.textContent; });", css);
  }

  /** The toast's text, or "" when none shows. */
  static String toast(WebDriver d) {
    List<WebElement> t = d.findElements(By.cssSelector(".toast"));
    return t.isEmpty() ? "" : t.get(0).getText();
  }

  static void click(WebDriver d, By by) {
    waitFor(d, x -> visible(x.findElement(by))).click();
  }

  /** Replaces the field's text as a person would (select all, type), so the page hears every key. */
  static void type(WebElement field, String text) {
    field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    field.sendKeys(text);
  }
}
