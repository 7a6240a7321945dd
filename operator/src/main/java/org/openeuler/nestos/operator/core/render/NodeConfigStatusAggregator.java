package org.openeuler.nestos.operator.core.render;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;
import org.openeuler.nestos.api.v1alpha1.NodeConfigStatus;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;
import org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument;
import org.openeuler.nestos.api.v1alpha1.OwnedSysctl;
import org.openeuler.nestos.api.v1alpha1.SysctlIssue;

/**
 * A NodeConfig's status from the render and the NodeStates' statuses (reconstructible, never
 * incremented).
 *
 * <ul>
 *   <li>{@code targetNodes}: nodes it selects.
 *   <li>{@code appliedNodes}: targets whose {@code currentRevision} equals the rendered revision
 *       and whose sysctl summary has no failure on a key this NodeConfig owns ({@code
 *       NamespacedKey} is a warning, not a failure).
 *   <li>{@code pendingRebootNodes}: reporting targets missing one of its kernel-argument tokens in
 *       {@code appliedKernelArguments}; {@code failedNodes}: targets with such a sysctl failure.
 *   <li>{@code conflictCount}: every key in conflict (may exceed the 64 listed in {@code
 *       conflicts}).
 *   <li>Conditions: Ready (Applied | NoTargets | Progressing), Reconciling (Progressing while not
 *       all applied), Degraded (ApplyFailed, else HostOwned for refused tokens, else Conflict, else
 *       False).
 * </ul>
 */
public final class NodeConfigStatusAggregator {
  /** Bound of {@code status.conflicts}. */
  public static final int MAX_CONFLICTS = 64;

  /** Sysctl issue reasons that are warnings, not failures. */
  static final Set<String> WARNINGS = Set.of("NamespacedKey");

  private NodeConfigStatusAggregator() {}

  /**
   * The status of NodeConfig {@code name}; conditions merged with {@code previous} at {@code now}.
   */
  public static NodeConfigStatus aggregate(
      String name,
      Long generation,
      RenderResult render,
      Map<String, NodeStateStatus> statuses,
      List<Condition> previous,
      Instant now) {
    NodeConfigRender r =
        render
            .nodeConfigs()
            .getOrDefault(name, new NodeConfigRender(name, List.of(), List.of(), List.of()));
    String owner = "NodeConfig/" + name;
    int applied = 0;
    int pending = 0;
    int failed = 0;
    for (String node : r.targetNodes()) {
      NodeStateSpec spec = render.nodes().get(node).spec();
      NodeStateStatus st = statuses.get(node);
      if (st == null) {
        continue;
      }
      Set<String> keys =
          spec.sysctls().stream()
              .filter(s -> s.owners().contains(owner))
              .map(OwnedSysctl::name)
              .collect(Collectors.toSet());
      List<String> tokens =
          spec.kernelArguments().stream()
              .filter(k -> k.owners().contains(owner))
              .map(OwnedKernelArgument::token)
              .toList();
      List<SysctlIssue> issues =
          st.sysctls() == null || st.sysctls().issues() == null ? List.of() : st.sysctls().issues();
      boolean nodeFailed =
          issues.stream().anyMatch(i -> keys.contains(i.name()) && !WARNINGS.contains(i.reason()));
      List<String> appliedKargs =
          st.appliedKernelArguments() == null ? List.of() : st.appliedKernelArguments();
      if (nodeFailed) {
        failed++;
      } else if (spec.revision().equals(st.currentRevision())) {
        applied++;
      }
      if (!appliedKargs.containsAll(tokens)) {
        pending++;
      }
    }
    int targets = r.targetNodes().size();
    List<Condition> fresh =
        new ArrayList<>(
            StatusConditions.progress(
                targets,
                applied,
                generation,
                pending > 0 ? pending + " waiting for a reboot" : null));
    if (failed > 0) {
      fresh.add(
          Conditions.of(
              ConditionType.DEGRADED,
              true,
              ConditionReason.APPLY_FAILED,
              failed + " node(s) failed to apply its sysctls",
              generation));
    } else if (!r.refusedTokens().isEmpty()) {
      fresh.add(
          Conditions.of(
              ConditionType.DEGRADED,
              true,
              ConditionReason.HOST_OWNED,
              "kernel arguments owned by the host were ignored: "
                  + String.join(" ", r.refusedTokens()),
              generation));
    } else if (!r.conflicts().isEmpty()) {
      fresh.add(
          Conditions.of(
              ConditionType.DEGRADED,
              true,
              ConditionReason.CONFLICT,
              r.conflicts().size() + " key(s) also set by other policies; see conflicts",
              generation));
    } else {
      fresh.add(
          Conditions.of(ConditionType.DEGRADED, false, ConditionReason.APPLIED, "", generation));
    }
    List<org.openeuler.nestos.api.v1alpha1.SysctlConflict> bounded =
        r.conflicts().stream().limit(MAX_CONFLICTS).toList();
    return new NodeConfigStatus(
        generation,
        Conditions.merge(previous, ConditionAggregation.consistent(fresh), now),
        targets,
        applied,
        pending,
        failed,
        r.conflicts().size(),
        bounded);
  }
}
