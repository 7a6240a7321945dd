package org.openeuler.nestos.operator.core.rollout;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One node as the planner sees it: the Node's facts, its NodeState spec (target and grant) and
 * status.
 *
 * @param uid Node UID (a re-created node with the same name has another one)
 * @param ready the Node's Ready condition is True
 * @param readySince last transition time of the Node's Ready condition (null if unknown)
 * @param unschedulable {@code spec.unschedulable}
 * @param taintKeys keys of the Node's taints
 * @param cordonedFor value of the {@code nestos.openeuler.org/cordoned-for} annotation: set only on
 *     nodes we cordoned
 * @param targeted selected by this OSVersion now; false for a node that left the selector but still
 *     carries our cordon or an in-flight grant (it is finished and released, never counted in the
 *     status)
 * @param target the renderer's desired image, revision and kernel arguments
 * @param grant {@code spec.disruption}
 * @param observed {@code status}
 * @param drain pod disruption facts from the drain executor
 */
public record NodeSnapshot(
    String name,
    String uid,
    Map<String, String> labels,
    boolean ready,
    Instant readySince,
    boolean unschedulable,
    Set<String> taintKeys,
    String cordonedFor,
    boolean targeted,
    NodeTarget target,
    Grant grant,
    NodeObservation observed,
    DrainProgress drain) {

  /** Taints the node lifecycle controller sets on nodes that are gone or sick. */
  static final Set<String> UNHEALTHY_TAINTS =
      Set.of("node.kubernetes.io/unreachable", "node.kubernetes.io/not-ready");

  public NodeSnapshot {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(target, "target");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    taintKeys = taintKeys == null ? Set.of() : Set.copyOf(taintKeys);
    grant = grant == null ? Grant.NONE : grant;
    observed = observed == null ? NodeObservation.NONE : observed;
    drain = drain == null ? DrainProgress.NONE : drain;
  }

  /**
   * This node as it is once our uncordon is applied: schedulable, without the {@code cordoned-for}
   * annotation (what the API server confirmed for a {@link Expectation.Kind#UNCORDONED}
   * expectation).
   */
  public NodeSnapshot uncordoned() {
    return new NodeSnapshot(
        name,
        uid,
        labels,
        ready,
        readySince,
        false,
        taintKeys,
        null,
        targeted,
        target,
        grant,
        observed,
        drain);
  }

  /** We cordoned this node (for any revision). */
  public boolean cordonedByUs() {
    return cordonedFor != null;
  }

  /** Unschedulable, and not by us. */
  public boolean cordonedByOthers() {
    return unschedulable && cordonedFor == null;
  }

  /** NotReady, or tainted unreachable / not-ready. */
  public boolean unhealthy() {
    if (!ready) {
      return true;
    }
    for (String key : UNHEALTHY_TAINTS) {
      if (taintKeys.contains(key)) {
        return true;
      }
    }
    return false;
  }
}
