package org.openeuler.nestos.operator.core.render;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;
import org.openeuler.nestos.api.v1alpha1.FeatureBackend;
import org.openeuler.nestos.api.v1alpha1.FeatureBackendCount;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;
import org.openeuler.nestos.api.v1alpha1.PrerequisiteCount;
import org.openeuler.nestos.api.v1alpha1.RubikPolicyStatus;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.api.v1alpha1.RubikSummary;

/**
 * A RubikPolicy's status from the render and the NodeStates' statuses, over the nodes it wins.
 *
 * <ul>
 *   <li>{@code appliedNodes}: won nodes whose {@code currentRevision} equals the rendered revision
 *       and whose last pass failed no cgroup write; {@code failedNodes}: won nodes reporting {@code
 *       rubik.failedWrites}.
 *   <li>{@code backends[]}: (feature, backend) -> node count from the nodes' rubik summaries,
 *       sorted, at most 64.
 *   <li>{@code missingPrerequisites[]}: name -> node count, sorted, at most 64.
 *   <li>Conditions: Stalled/MultipleRubikPolicies (only when stalled; Ready False with the same
 *       reason), else Ready and Reconciling from the counts; Degraded: TooManyNamespaces (the
 *       namespaceSelector matches more namespaces than a profile may list, so none is rendered
 *       offline), else ApplyFailed (cgroup writes failed on some nodes), else Conflict (a managed
 *       prerequisite lost to a NodeConfig), else MissingPrerequisites, else Unsupported (some
 *       feature has no backend on some node), else False.
 * </ul>
 */
public final class RubikPolicyStatusAggregator {
  /** Bound of {@code backends} and {@code missingPrerequisites}. */
  public static final int MAX_ITEMS = 64;

  private static final String UNSUPPORTED = "Unsupported";

  private RubikPolicyStatusAggregator() {}

  /**
   * The status of RubikPolicy {@code name}; conditions merged with {@code previous} at {@code now}.
   */
  public static RubikPolicyStatus aggregate(
      String name,
      Long generation,
      RenderResult render,
      Map<String, NodeStateStatus> statuses,
      List<Condition> previous,
      Instant now) {
    RubikPolicyRender r =
        render
            .rubikPolicies()
            .getOrDefault(
                name, new RubikPolicyRender(name, List.of(), List.of(), false, null, List.of()));
    Map<List<String>, Integer> backends =
        new TreeMap<>(
            (a, b) ->
                a.get(0).equals(b.get(0))
                    ? a.get(1).compareTo(b.get(1))
                    : a.get(0).compareTo(b.get(0)));
    Map<String, Integer> missing = new TreeMap<>();
    int applied = 0;
    int failed = 0;
    for (String node : r.targetNodes()) {
      NodeStateSpec spec = render.nodes().get(node).spec();
      NodeStateStatus st = statuses.get(node);
      if (st == null) {
        continue;
      }
      RubikSummary rubik = st.rubik();
      boolean writesFailed =
          rubik != null && rubik.failedWrites() != null && rubik.failedWrites() > 0;
      if (writesFailed) {
        failed++;
      } else if (spec.revision().equals(st.currentRevision())) {
        applied++;
      }
      if (rubik == null) {
        continue;
      }
      if (rubik.backends() != null) {
        for (FeatureBackend fb : rubik.backends()) {
          if (fb != null && fb.feature() != null && fb.backend() != null) {
            backends.merge(List.of(fb.feature(), fb.backend()), 1, Integer::sum);
          }
        }
      }
      if (rubik.missingPrerequisites() != null) {
        rubik.missingPrerequisites().stream()
            .distinct()
            .forEach(m -> missing.merge(m, 1, Integer::sum));
      }
    }
    List<FeatureBackendCount> backendList = new ArrayList<>();
    backends.forEach((k, v) -> backendList.add(new FeatureBackendCount(k.get(0), k.get(1), v)));
    List<PrerequisiteCount> missingList = new ArrayList<>();
    missing.forEach((k, v) -> missingList.add(new PrerequisiteCount(k, v)));

    List<Condition> fresh = new ArrayList<>();
    if (r.multipleRubik()) {
      String msg =
          "mode Rubik is already used by RubikPolicy/"
              + r.rubikModeHolder()
              + "; only one policy may use it";
      fresh.add(
          Conditions.of(
              ConditionType.READY,
              false,
              ConditionReason.MULTIPLE_RUBIK_POLICIES,
              msg,
              generation));
      fresh.add(
          Conditions.of(
              ConditionType.RECONCILING,
              false,
              ConditionReason.MULTIPLE_RUBIK_POLICIES,
              msg,
              generation));
      fresh.add(
          Conditions.of(
              ConditionType.STALLED,
              true,
              ConditionReason.MULTIPLE_RUBIK_POLICIES,
              msg,
              generation));
    } else {
      fresh.addAll(StatusConditions.progress(r.targetNodes().size(), applied, generation, null));
    }
    fresh.add(degraded(r, failed, missingList, backendList, generation));
    return new RubikPolicyStatus(
        generation,
        Conditions.merge(previous, ConditionAggregation.consistent(fresh), now),
        r.targetNodes().size(),
        applied,
        backendList.stream().limit(MAX_ITEMS).toList(),
        missingList.stream().limit(MAX_ITEMS).toList(),
        failed);
  }

  private static Condition degraded(
      RubikPolicyRender r,
      int failed,
      List<PrerequisiteCount> missing,
      List<FeatureBackendCount> backends,
      Long generation) {
    if (r.tooManyNamespaces()) {
      return Conditions.of(
          ConditionType.DEGRADED,
          true,
          ConditionReason.TOO_MANY_NAMESPACES,
          "offline.namespaceSelector matches "
              + r.matchedNamespaces()
              + " namespaces, more than "
              + RubikProfile.MAX_OFFLINE_NAMESPACES
              + "; no namespace is rendered offline, narrow the selector",
          generation);
    }
    if (failed > 0) {
      return Conditions.of(
          ConditionType.DEGRADED,
          true,
          ConditionReason.APPLY_FAILED,
          failed
              + " node(s) failed cgroup writes; see their NodeStates' rubik.failedWrites and"
              + " Degraded condition",
          generation);
    }
    if (!r.conflicts().isEmpty()) {
      return Conditions.of(
          ConditionType.DEGRADED,
          true,
          ConditionReason.CONFLICT,
          "prerequisites overridden by"
              + " NodeConfigs: "
              + String.join(", ", r.conflicts().stream().map(c -> c.key()).toList()),
          generation);
    }
    if (!missing.isEmpty()) {
      return Conditions.of(
          ConditionType.DEGRADED,
          true,
          ConditionReason.MISSING_PREREQUISITES,
          missing.size()
              + " kernel prerequisite(s) missing on some nodes; see missingPrerequisites",
          generation);
    }
    long unsupported = backends.stream().filter(b -> UNSUPPORTED.equals(b.backend())).count();
    if (unsupported > 0) {
      return Conditions.of(
          ConditionType.DEGRADED,
          true,
          ConditionReason.UNSUPPORTED,
          unsupported + " feature(s) unsupported on some nodes; see backends",
          generation);
    }
    return Conditions.of(ConditionType.DEGRADED, false, ConditionReason.APPLIED, "", generation);
  }
}
