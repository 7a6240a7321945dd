package org.openeuler.nestos.operator.rollout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.openeuler.nestos.operator.core.rollout.Expectation;

/**
 * The in-memory expectations of each OSVersion's rollout: what the planner awaits from the orders
 * it gave, kept between passes and dropped when an order fails.
 */
final class Expectations {

  private final Map<String, List<Expectation>> byOsVersion = new ConcurrentHashMap<>();

  /** The expectations of {@code osVersion}, empty if none. */
  List<Expectation> of(String osVersion) {
    return byOsVersion.getOrDefault(osVersion, List.of());
  }

  /** The expectations of every OSVersion but {@code osVersion} (what the others ordered). */
  List<Expectation> ofOthers(String osVersion) {
    List<Expectation> out = new ArrayList<>();
    byOsVersion.forEach(
        (k, list) -> {
          if (!k.equals(osVersion)) {
            out.addAll(list);
          }
        });
    return out;
  }

  /** Replaces the expectations of {@code osVersion} with (a copy of) those of a new plan. */
  void set(String osVersion, List<Expectation> expectations) {
    byOsVersion.put(osVersion, new ArrayList<>(expectations));
  }

  /**
   * Replaces the expectations of {@code osVersion} with those of a plan made from {@code basis},
   * except the ones of {@code basis} dropped meanwhile (a drain or a write finishing off the
   * reconcile thread): those stay dropped; an uncordon confirmed meanwhile stays confirmed.
   */
  void set(String osVersion, List<Expectation> basis, List<Expectation> planned) {
    byOsVersion.compute(
        osVersion,
        (k, current) -> {
          Set<Expectation> dropped = new HashSet<>(basis);
          Map<String, Expectation> confirmed = new HashMap<>();
          if (current != null) {
            current.forEach(dropped::remove);
            Set<Expectation> known = new HashSet<>(basis);
            for (Expectation e : current) {
              if (e.kind() == Expectation.Kind.UNCORDONED && !known.contains(e)) {
                confirmed.put(e.node(), e);
              }
            }
          }
          List<Expectation> next = new ArrayList<>(planned.size());
          for (Expectation e : planned) {
            Expectation c = confirmed.get(e.node());
            if (c != null && e.kind() == Expectation.Kind.UNCORDON) {
              next.add(c);
            } else if (!dropped.contains(e)) {
              next.add(e);
            }
          }
          return next;
        });
  }

  /**
   * The API server confirmed the uncordon of {@code node}: its {@link Expectation.Kind#UNCORDON}
   * expectation becomes {@link Expectation.Kind#UNCORDONED} (the planner counts the node available
   * from now on).
   */
  void confirmUncordon(String osVersion, String node) {
    byOsVersion.computeIfPresent(
        osVersion,
        (k, list) -> {
          List<Expectation> copy = new ArrayList<>(list.size());
          for (Expectation e : list) {
            copy.add(
                e.node().equals(node) && e.kind() == Expectation.Kind.UNCORDON
                    ? new Expectation(
                        e.node(),
                        Expectation.Kind.UNCORDONED,
                        e.revision(),
                        e.ticket(),
                        e.issuedAt(),
                        e.uid())
                    : e);
          }
          return copy;
        });
  }

  /**
   * Drops the expectations of {@code osVersion} on {@code node}, only those of {@code kind} unless
   * it is null.
   */
  void drop(String osVersion, String node, Expectation.Kind kind) {
    byOsVersion.computeIfPresent(
        osVersion,
        (k, list) -> {
          List<Expectation> copy = new ArrayList<>(list);
          copy.removeIf(e -> e.node().equals(node) && (kind == null || e.kind() == kind));
          return copy;
        });
  }

  void forget(String osVersion) {
    byOsVersion.remove(osVersion);
  }
}
