package dev.switchboard.hub;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two hub nodes of one deployment for a test class (same database and Redis prefix, each its own
 * port and node id): {@code @RegisterExtension static final RunningNodes nodes = new
 * RunningNodes("name");}. Started before the class's {@code @BeforeAll} methods, stopped and
 * dropped after all its tests.
 */
public final class RunningNodes implements BeforeAllCallback, AfterAllCallback {

  private final String name;
  private HubConfig configA;
  private HubConfig configB;
  private Hub a;
  private Hub b;

  public RunningNodes(String name) {
    this.name = name;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    configA = TestHub.config(name);
    configB = TestHub.secondNode(configA);
    a = TestHub.start(configA);
    b = TestHub.start(configB);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (b != null) {
      TestHub.stop(b);
    }
    TestHub.stop(a);
    TestHub.dropAll(configA);
  }

  public HubConfig configA() {
    return configA;
  }

  public HubConfig configB() {
    return configB;
  }

  public Hub a() {
    return a;
  }

  public Hub b() {
    return b;
  }

  /** Stops node B (its sockets drop, as in a redeploy); {@link #startB} brings it back on the same port. */
  public void stopB() {
    TestHub.stop(b);
    b = null;
  }

  public void startB() {
    b = TestHub.start(configB);
  }
}
