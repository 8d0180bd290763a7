package dev.switchboard.hub;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One hub node for a test class: {@code @RegisterExtension static final RunningHub node = new
 * RunningHub("name");} starts it (its own database and Redis prefix, see {@link TestHub}) before
 * the class's {@code @BeforeAll} methods, and stops it and drops both after all its tests.
 */
public final class RunningHub implements BeforeAllCallback, AfterAllCallback {

  private final String name;
  private final UnaryOperator<HubConfig> settings;
  private HubConfig config;
  private Hub hub;
  private ApiClient admin;

  public RunningHub(String name) {
    this(name, UnaryOperator.identity());
  }

  /** With {@code settings} applied to the fresh configuration (trusted proxies, a metrics token, …). */
  public RunningHub(String name, UnaryOperator<HubConfig> settings) {
    this.name = name;
    this.settings = settings;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    config = settings.apply(TestHub.config(name));
    hub = TestHub.start(config);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    TestHub.stop(hub);
    TestHub.dropAll(config);
  }

  public HubConfig config() {
    return config;
  }

  public Hub hub() {
    return hub;
  }

  /** The first admin, signed in once for the whole class. */
  public synchronized ApiClient admin() {
    if (admin == null) {
      admin = ApiClient.admin(config);
    }
    return admin;
  }
}
