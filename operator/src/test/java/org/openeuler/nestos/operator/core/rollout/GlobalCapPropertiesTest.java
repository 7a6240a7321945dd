package org.openeuler.nestos.operator.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Two OSVersions planning in any order while the informer cache lags behind the API server: each
 * pass sees the cache (cordons written earlier may be missing) and the orders the other one issued
 * (its expectations), as {@code OsVersionReconciler} gives them to it. The nodes disrupted on the
 * API server never exceed the global cap. With the cache alone (the capacity before issue 14), the
 * second OSVersion's pass before the cache caught up cordoned up to the cap again.
 */
class GlobalCapPropertiesTest {

  static final List<String> ROLLOUTS = List.of("workers", "infra");

  /** The API server (truth), the lagging cache, and each OSVersion's issued orders. */
  static final class Cluster {
    final Map<String, String> cordonedOnServer = new HashMap<>(); // node -> OSVersion
    final Map<String, String> cordonedInCache = new HashMap<>();
    final Map<String, List<Expectation>> expectations = new HashMap<>();
    final int nodesEach;

    Cluster(int nodesEach) {
      this.nodesEach = nodesEach;
      ROLLOUTS.forEach(r -> expectations.put(r, List.of()));
    }

    /** One pass of {@code osVersion} (planning is serialized across OSVersions). */
    void pass(String osVersion, int maxUnavailable, int cap) {
      List<NodeSnapshot> nodes = new ArrayList<>();
      for (int i = 0; i < nodesEach; i++) {
        String name = osVersion + "-" + i;
        Nodes.B b = Nodes.node(name);
        if (osVersion.equals(cordonedInCache.get(name))) {
          b.draining();
        }
        nodes.add(b.build());
      }
      List<String> cordonedForOthers =
          cordonedInCache.entrySet().stream()
              .filter(e -> !e.getValue().equals(osVersion))
              .map(Map.Entry::getKey)
              .toList();
      List<Expectation> othersPending =
          expectations.entrySet().stream()
              .filter(e -> !e.getKey().equals(osVersion))
              .flatMap(e -> e.getValue().stream())
              .toList();
      int capacity = GlobalCapacity.left(cap, cordonedForOthers, othersPending);
      RolloutPlan plan =
          new RolloutPlanner(Nodes.CLOCK)
              .plan(
                  new RolloutInput(
                      osVersion,
                      Strategies.strategy().maxUnavailable(maxUnavailable).maxFailures(100).build(),
                      nodes,
                      expectations.get(osVersion),
                      RetryState.NONE,
                      capacity));
      expectations.put(osVersion, plan.expectations());
      plan.cordon().forEach(c -> cordonedOnServer.put(c.node(), osVersion));
    }

    /** The informers catch up with the API server. */
    void sync() {
      cordonedInCache.clear();
      cordonedInCache.putAll(cordonedOnServer);
    }
  }

  @Property(tries = 300)
  void concurrentRolloutsNeverDisruptMoreThanTheGlobalCap(
      @ForAll("steps") List<Integer> steps,
      @ForAll @IntRange(min = 1, max = 4) int cap,
      @ForAll @IntRange(min = 1, max = 4) int maxUnavailableA,
      @ForAll @IntRange(min = 1, max = 4) int maxUnavailableB) {
    Cluster c = new Cluster(6);
    for (int step : steps) {
      switch (step) {
        case 0 -> c.pass(ROLLOUTS.get(0), maxUnavailableA, cap);
        case 1 -> c.pass(ROLLOUTS.get(1), maxUnavailableB, cap);
        default -> c.sync();
      }
      assertThat(c.cordonedOnServer.size())
          .as("nodes disrupted on the API server after %s", steps)
          .isLessThanOrEqualTo(cap);
    }
  }

  @Property(tries = 50)
  void bothRolloutsGetTheirTurnOnceTheCacheCatchesUp(@ForAll @IntRange(min = 2, max = 4) int cap) {
    Cluster c = new Cluster(6);
    c.pass(ROLLOUTS.get(0), 1, cap);
    c.pass(ROLLOUTS.get(1), 1, cap);
    c.sync();
    assertThat(c.cordonedOnServer.values()).containsExactlyInAnyOrderElementsOf(ROLLOUTS);
  }

  @Provide
  Arbitrary<List<Integer>> steps() {
    return Arbitraries.integers().between(0, 2).list().ofMinSize(1).ofMaxSize(12);
  }
}
