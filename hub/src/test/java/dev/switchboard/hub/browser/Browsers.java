package dev.switchboard.hub.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium windows for one test class, each with a profile of its own (a visitor
 * and an agent never share cookies or storage); {@link #close} quits them and deletes the profiles.
 * The flags keep Chromium off the network this machine does not have.
 */
final class Browsers implements AutoCloseable {

  /** Held so the level set on it sticks (JUL keeps loggers weakly): we use DevTools only for scripts. */
  private static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools");

  private final List<WebDriver> drivers = new ArrayList<>();
  private final List<Path> profiles = new ArrayList<>();

  Browsers() {
    System.setProperty("SE_AVOID_STATS", "true");
    // don't warn that this Selenium lacks the newest DevTools version
    CDP_LOG.setLevel(Level.SEVERE);
  }

  WebDriver open() throws IOException {
    return open(1280, 900);
  }

  /** A window of this size: 1366×768 is the laptop screen the inbox must work on. */
  WebDriver open(int width, int height) throws IOException {
    Path profile = Files.createTempDirectory("sb-chrome-");
    profiles.add(profile);
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile);
    // an alert must stay open so a test can see it, not be silently dismissed
    options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    WebDriver driver = new ChromeDriver(service, options);
    drivers.add(driver);
    return driver;
  }

  @Override
  public void close() {
    for (WebDriver d : drivers) {
      try {
        d.quit();
      } catch (RuntimeException ignored) {
        // already gone
      }
    }
    for (Path profile : profiles) {
      try (Stream<Path> paths = Files.walk(profile)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // best effort: it is a temp directory
      }
    }
  }
}
