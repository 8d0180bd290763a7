package dev.switchboard.hub.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkheadTest {

  @Test
  void runsAtMostItsLimitQueuesAFewAndRefusesTheRest() {
    Bulkhead searches = new Bulkhead("searches", 2, 3);
    List<Promise<String>> running = new ArrayList<>();
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      results.add(searches.run(() -> {
        Promise<String> p = Promise.promise();
        running.add(p);
        return p.future();
      }));
    }
    assertEquals(2, running.size(), "two run, three wait");
    for (int i = 5; i < 8; i++) {
      assertInstanceOf(Bulkhead.BusyException.class, results.get(i).cause(), "the rest are refused at once");
    }
    for (int i = 0; i < 5; i++) {
      running.get(i).complete("done " + i);
    }
    assertEquals(5, running.size(), "each finished one lets a waiting one start");
    for (int i = 0; i < 5; i++) {
      assertTrue(results.get(i).succeeded());
    }
    assertEquals(2, searches.peak());
  }
}
