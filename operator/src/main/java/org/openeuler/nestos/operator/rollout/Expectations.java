package org.openeuler.nestos.operator.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openeuler.nestos.operator.core.rollout.Expectation;

/**
 * The in-memory expectations of each OSVersion's rollout: what the planner awaits from the orders it gave, kept
 * between passes and dropped when an order fails.
 */
final class Expectations {

  private final Map<String, List<Expectation>> byOsVersion = new ConcurrentHashMap<>();

  /** The expectations of {@code osVersion}, empty if none. */
  List<Expectation> of(String osVersion) {
    return byOsVersion.getOrDefault(osVersion, List.of());
  }

  /** Replaces the expectations of {@code osVersion} with (a copy of) those of a new plan. */
  void set(String osVersion, List<Expectation> expectations) {
    byOsVersion.put(osVersion, new ArrayList<>(expectations));
  }

  /** Drops the expectations of {@code osVersion} on {@code node}, only those of {@code kind} unless it is null. */
  void drop(String osVersion, String node, Expectation.Kind kind) {
    byOsVersion.computeIfPresent(osVersion, (k, list) -> {
      List<Expectation> copy = new ArrayList<>(list);
      copy.removeIf(e -> e.node().equals(node) && (kind == null || e.kind() == kind));
      return copy;
    });
  }

  void forget(String osVersion) {
    byOsVersion.remove(osVersion);
  }
}
