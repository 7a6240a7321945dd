package org.openeuler.nestos.operator.rollout;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Node;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;
import org.openeuler.nestos.api.v1alpha1.OSVersion;
import org.openeuler.nestos.api.v1alpha1.OSVersionStatus;
import org.openeuler.nestos.operator.core.rollout.NodeClass;
import org.openeuler.nestos.operator.core.rollout.NodeTransitions;
import org.openeuler.nestos.operator.core.rollout.RolloutPlan;
import org.openeuler.nestos.operator.events.EventReason;
import org.openeuler.nestos.operator.events.EventRecorder;

/**
 * The events a pass leaves on its nodes and OSVersion from what changed since the last pass: {@code
 * NodeStaged}, {@code NodeFailed} ({@link NodeTransitions}) and {@code InvalidSpec} (the Stalled
 * condition turning to it).
 */
final class RolloutEvents {
  private final EventRecorder events;
  private final Function<String, Optional<Node>> nodes;

  /** Per OSVersion, the node classes of its last pass. */
  private final Map<String, Map<String, NodeClass>> lastClasses = new ConcurrentHashMap<>();

  RolloutEvents(EventRecorder events, Function<String, Optional<Node>> nodes) {
    this.events = events;
    this.nodes = nodes;
  }

  void afterPass(OSVersion osv, OSVersionStatus old, OSVersionStatus status, RolloutPlan plan) {
    String name = osv.getMetadata().getName();
    Map<String, NodeClass> before = lastClasses.put(name, plan.classes());
    for (NodeTransitions.Transition t :
        NodeTransitions.between(before == null ? Map.of() : before, plan)) {
      nodes
          .apply(t.node())
          .ifPresent(
              node ->
                  events.record(
                      node,
                      t.kind() == NodeTransitions.Kind.STAGED
                          ? EventReason.NodeStaged
                          : EventReason.NodeFailed,
                      (t.kind() == NodeTransitions.Kind.STAGED
                              ? "staged " + osv.getSpec().osImage()
                              : t.detail())
                          + " for OSVersion "
                          + name));
    }
    Condition stalled = Snapshots.find(status.conditions(), ConditionType.STALLED.value());
    Condition wasStalled =
        old == null ? null : Snapshots.find(old.conditions(), ConditionType.STALLED.value());
    if (invalidSpec(stalled) && !invalidSpec(wasStalled)) {
      events.record(osv, EventReason.InvalidSpec, stalled.getMessage());
    }
  }

  void forget(String osVersion) {
    lastClasses.remove(osVersion);
  }

  private static boolean invalidSpec(Condition stalled) {
    return stalled != null
        && "True".equals(stalled.getStatus())
        && ConditionReason.INVALID_SPEC.value().equals(stalled.getReason());
  }
}
