package org.openeuler.nestos.operator.core.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The node state changes a user looks for in events (pure): a node that became Staged, and one that
 * became Failed, between two passes of one OSVersion. Only changes are reported: a node first seen
 * by this operator instance (after a restart) has no earlier class and yields nothing.
 */
public final class NodeTransitions {
  private NodeTransitions() {}

  /** What changed. */
  public enum Kind {
    STAGED,
    FAILED
  }

  /**
   * One change.
   *
   * @param node node name
   * @param kind what it became
   * @param detail the revision staged, or the failure reason and revision
   */
  public record Transition(String node, Kind kind, String detail) {}

  /** The changes from {@code before} to {@code plan}'s classes. */
  public static List<Transition> between(Map<String, NodeClass> before, RolloutPlan plan) {
    List<Transition> out = new ArrayList<>();
    plan.classes()
        .forEach(
            (node, now) -> {
              NodeClass was = before.get(node);
              if (was == null || was == now) {
                return;
              }
              if (now == NodeClass.Staged) {
                out.add(new Transition(node, Kind.STAGED, "staged"));
              } else if (now == NodeClass.Failed) {
                FailedNode f =
                    plan.failures().stream()
                        .filter(x -> x.name().equals(node))
                        .findFirst()
                        .orElse(null);
                out.add(
                    new Transition(
                        node,
                        Kind.FAILED,
                        f == null ? "failed" : f.reason() + " (revision " + f.revision() + ")"));
              }
            });
    return out;
  }
}
