package dev.switchboard.hub.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.hub.Hub;
import dev.switchboard.hub.RunningHub;
import dev.switchboard.hub.TestHub;
import dev.switchboard.hub.routing.Assigner.Decision;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The assignment decisions in Redis, called directly on two nodes at once: capacity is never
 * exceeded, the queue keeps the rest, freed slots take the oldest waiting conversation.
 */
class AssignerTest {

  @RegisterExtension
  static final RunningHub node = new RunningHub("assigner");
  static Hub second;

  @BeforeAll
  static void startSecondNode() {
    second = TestHub.start(TestHub.secondNode(node.config()));
  }

  @AfterAll
  static void stopSecondNode() {
    TestHub.stop(second);
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Calls in flight at once per node. Each Redis command has the hub's 500 ms deadline
   * (TimedRedis); on two cores shared with other builds, many more in flight than this miss it.
   */
  static final int LANES = 4;

  /**
   * Runs {@code call} for every id on the hub's own Vert.x, {@link #LANES} at a time (each lane one
   * after another); the results in the order of {@code ids}.
   */
  static <T> Future<List<T>> onNode(Hub hub, List<Long> ids, Function<Long, Future<T>> call) {
    Promise<List<T>> done = Promise.promise();
    hub.vertx().getOrCreateContext().runOnContext(v -> {
      List<T> results = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(ids.size(), null)));
      List<Future<Void>> lanes = new ArrayList<>();
      for (int lane = 0; lane < LANES; lane++) {
        Future<Void> chain = Future.succeededFuture();
        for (int i = lane; i < ids.size(); i += LANES) {
          int at = i;
          chain = chain.compose(x -> call.apply(ids.get(at)).map(r -> {
            results.set(at, r);
            return null;
          }));
        }
        lanes.add(chain);
      }
      Future.all(lanes).map(cf -> List.copyOf(results)).onComplete(done);
    });
    return done.future();
  }

  @Test
  void assignsAThousandConversationsFromTwoNodesAtOnceAndNoAgentEverExceedsCapacity() {
    long team = 1;
    Map<Long, Integer> capacity = Map.of(101L, 3, 102L, 5, 103L, 7);
    Assigner a = node.hub().assigner();
    Assigner b = second.assigner();
    capacity.forEach((agent, cap) -> await(a.online(agent, cap, List.of(team))));
    // both nodes' Redis know the scripts (a first EVALSHA answers NOSCRIPT, then EVAL caches them)
    await(b.assign(99, 0, 0, null));

    // watches Redis's counts the whole time, from the second node
    AtomicBoolean watching = new AtomicBoolean(true);
    Map<Long, Integer> maxSeen = new ConcurrentHashMap<>();
    Promise<Void> watched = Promise.promise();
    second.vertx().runOnContext(v -> watch(second, watching, maxSeen, watched));

    List<Long> odd = new ArrayList<>();
    List<Long> even = new ArrayList<>();
    for (long id = 1; id <= 1000; id++) {
      (id % 2 == 0 ? even : odd).add(id);
    }
    // waiting since: conversation id order, so "oldest" is the lowest id
    Function<Assigner, Function<Long, Future<Decision>>> assign = x -> id -> x.assign(team, id, 1_000_000 + id, null);
    Future<List<Decision>> fromA = onNode(node.hub(), odd, assign.apply(a));
    Future<List<Decision>> fromB = onNode(second, even, assign.apply(b));
    await(Future.all(fromA, fromB));

    Map<Long, Set<Long>> held = new ConcurrentHashMap<>();
    List<Long> queuedIds = new ArrayList<>();
    record(odd, fromA.result(), held, queuedIds);
    record(even, fromB.result(), held, queuedIds);
    assertTrue(fromA.result().stream().allMatch(Decision::fresh) && fromB.result().stream().allMatch(Decision::fresh));
    capacity.forEach((agent, cap) -> assertEquals(cap, held.getOrDefault(agent, Set.of()).size(),
        "agent " + agent + " is given exactly their capacity"));
    assertEquals(985, queuedIds.size());
    Collections.sort(queuedIds);
    assertEquals(queuedIds, await(a.queued(team)), "the queue holds the rest, oldest first");

    // asking again (another node hearing the same event) changes nothing
    Decision again = await(b.assign(team, queuedIds.get(0), 5, null));
    assertTrue(again.queued() && !again.fresh());
    long heldOne = held.get(101L).iterator().next();
    assertEquals(new Decision(101L, false), await(b.assign(team, heldOne, 5, null)));

    // 50 rounds: each agent frees a slot (on alternating nodes) while 10 new conversations arrive
    List<Long> drained = Collections.synchronizedList(new ArrayList<>());
    long next = 1001;
    for (int round = 0; round < 50; round++) {
      List<Future<?>> work = new ArrayList<>();
      int i = 0;
      for (long agent : List.of(101L, 102L, 103L)) {
        long conv = held.get(agent).iterator().next();
        held.get(agent).remove(conv);
        Assigner x = i++ % 2 == round % 2 ? a : b;
        work.add(x.release(conv, agent, List.of(team)).map(r -> {
          assertTrue(r.freed());
          assertEquals(1, r.given().size(), "a freed slot takes exactly one waiting conversation");
          held.get(agent).addAll(r.given());
          drained.addAll(r.given());
          return null;
        }));
      }
      List<Long> fresh = new ArrayList<>();
      for (int k = 0; k < 10; k++) {
        fresh.add(next++);
      }
      work.add(onNode(round % 2 == 0 ? second : node.hub(), fresh, id -> a.assign(team, id, 1_000_000 + id, null))
          .map(ds -> {
            assertTrue(ds.stream().allMatch(Decision::queued), "nobody has room: new ones wait");
            return null;
          }));
      await(Future.all(work));
    }
    assertEquals(queuedIds.subList(0, 150), new ArrayList<>(new TreeSet<>(drained)),
        "freed slots took the oldest waiting conversations");
    assertEquals(150, drained.size());

    // a release that is not the holder's (another node released first) frees nothing
    assertFalse(await(b.release(queuedIds.get(0), 102L, List.of(team))).freed());

    watching.set(false);
    await(watched.future());
    capacity.forEach((agent, cap) -> assertTrue(maxSeen.getOrDefault(agent, 0) <= cap,
        "agent " + agent + " held " + maxSeen.get(agent) + " > " + cap));
    Map<Long, Integer> open = await(a.openCounts());
    capacity.forEach((agent, cap) -> assertEquals(cap, open.get(agent), "agent " + agent + " ends full"));
    assertEquals(985 - 150 + 500, await(a.queued(team)).size());
  }

  @Test
  void fewestOpenFirstRoundRobinAmongEqualsAndThePreferredAgentWhenTheyHaveRoom() {
    long team = 2;
    Assigner a = node.hub().assigner();
    await(a.online(201, 2, List.of(team)));
    await(a.online(202, 2, List.of(team)));
    await(a.online(203, 0, List.of(team)));
    List<Long> order = new ArrayList<>();
    for (long conv = 2001; conv <= 2004; conv++) {
      order.add(await(a.assign(team, conv, conv, null)).agentId());
    }
    assertEquals(List.of(201L, 202L, 201L, 202L), order);
    assertTrue(await(a.assign(team, 2005, 2005, null)).queued(), "capacity 0 takes nothing");

    // 202 frees one: the queue's oldest goes to them at once
    assertEquals(List.of(2005L), await(a.release(2004, 202, List.of(team))).given());
    // 201 frees one; a reopened conversation prefers its previous agent when they have room
    assertEquals(List.of(), await(a.release(2003, 201, List.of(team))).given());
    assertEquals(201L, await(a.assign(team, 2003, 3000, 201L)).agentId());
    // offline: nothing more for them; manual assignment counts beyond capacity
    await(a.offline(201, List.of(team)));
    assertNull(await(a.track(2001, null, false, 1)), "a snapshot from before PostgreSQL recorded the decision is stale");
    await(a.recorded(2001, 10));
    assertNull(await(a.track(2001, null, false, 9)), "so is one older than the recorded decision");
    assertEquals(201L, await(a.track(2001, 203L, false, 11)), "a manual reassignment frees the previous holder's slot");
    assertEquals(1, await(a.openCounts()).get(203L));
    assertEquals(List.of(), await(a.drain(201, List.of(team))), "offline agents get nothing from the queue");
  }

  private static void record(List<Long> ids, List<Decision> decisions, Map<Long, Set<Long>> held, List<Long> queued) {
    for (int i = 0; i < ids.size(); i++) {
      Decision d = decisions.get(i);
      if (d.queued()) {
        queued.add(ids.get(i));
      } else {
        held.computeIfAbsent(d.agentId(), k -> ConcurrentHashMap.newKeySet()).add(ids.get(i));
      }
    }
  }

  private static void watch(Hub b, AtomicBoolean watching, Map<Long, Integer> maxSeen, Promise<Void> done) {
    if (!watching.get()) {
      done.complete();
      return;
    }
    b.assigner().openCounts().onComplete(r -> {
      if (r.succeeded()) {
        r.result().forEach((agent, open) -> maxSeen.merge(agent, open, Math::max));
      }
      b.vertx().setTimer(2, t -> watch(b, watching, maxSeen, done));
    });
  }
}
