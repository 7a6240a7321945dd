package org.openeuler.nestos.operator.rollout;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openeuler.nestos.api.Annotations;
import org.openeuler.nestos.api.ConditionType;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;
import org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument;
import org.openeuler.nestos.operator.core.rollout.DrainProgress;
import org.openeuler.nestos.operator.core.rollout.Grant;
import org.openeuler.nestos.operator.core.rollout.NodeObservation;
import org.openeuler.nestos.operator.core.rollout.NodeSnapshot;
import org.openeuler.nestos.operator.core.rollout.NodeTarget;

/** Turns cached Node and NodeState objects into the planner's immutable {@link NodeSnapshot}s. */
final class Snapshots {
  private Snapshots() {}

  /** Whether the NodeState was rendered for {@code osVersion} (a target the planner can act on). */
  static boolean renderedFor(NodeState ns, String osVersion) {
    NodeStateSpec spec = ns == null ? null : ns.getSpec();
    return spec != null
        && osVersion.equals(spec.osVersionRef())
        && spec.osImage() != null
        && spec.revision() != null;
  }

  static NodeSnapshot of(Node node, NodeState ns, boolean targeted, DrainProgress drain) {
    NodeStateSpec spec = ns.getSpec();
    Map<String, String> annotations = node.getMetadata().getAnnotations();
    NodeCondition ready =
        node.getStatus() == null || node.getStatus().getConditions() == null
            ? null
            : node.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .findFirst()
                .orElse(null);
    Set<String> taints = new HashSet<>();
    if (node.getSpec() != null && node.getSpec().getTaints() != null) {
      for (Taint t : node.getSpec().getTaints()) {
        taints.add(t.getKey());
      }
    }
    List<String> kargs =
        spec.kernelArguments() == null
            ? List.of()
            : spec.kernelArguments().stream().map(OwnedKernelArgument::token).toList();
    return new NodeSnapshot(
        node.getMetadata().getName(),
        node.getMetadata().getUid(),
        node.getMetadata().getLabels(),
        ready != null && "True".equals(ready.getStatus()),
        ready == null ? null : time(ready.getLastTransitionTime()),
        node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable()),
        taints,
        annotations == null ? null : annotations.get(Annotations.CORDONED_FOR),
        targeted,
        new NodeTarget(spec.osImage(), spec.revision(), kargs),
        grant(spec.disruption()),
        observation(ns.getStatus()),
        drain);
  }

  static Grant grant(Disruption d) {
    if (d == null) {
      return Grant.NONE;
    }
    return new Grant(d.allowed(), d.ticket(), d.bootID(), d.revision());
  }

  static NodeObservation observation(NodeStateStatus s) {
    if (s == null) {
      return NodeObservation.NONE;
    }
    Condition updated = find(s.conditions(), ConditionType.UPDATED.value());
    Condition degraded = find(s.conditions(), ConditionType.DEGRADED.value());
    boolean isDegraded = degraded != null && "True".equals(degraded.getStatus());
    String booted =
        s.deployments() == null || s.deployments().booted() == null
            ? null
            : s.deployments().booted().imageReference();
    return new NodeObservation(
        s.bootID(),
        s.currentRevision(),
        s.stagedRevision(),
        s.lastFailedRevision(),
        s.acceptedTicket(),
        booted,
        s.appliedKernelArguments(),
        updated != null && "True".equals(updated.getStatus()),
        isDegraded ? degraded.getReason() : null,
        isDegraded ? time(degraded.getLastTransitionTime()) : null);
  }

  static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    for (Condition c : conditions) {
      if (c != null && type.equals(c.getType())) {
        return c;
      }
    }
    return null;
  }

  static Instant time(String rfc3339) {
    if (rfc3339 == null || rfc3339.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(rfc3339);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
