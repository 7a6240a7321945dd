package org.openeuler.nestos.rubik.core.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.rubik.core.classify.SystemPods;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;

/**
 * Everything one planning pass reads.
 *
 * @param profile the node's rendered RubikProfile; {@code null} when no policy selects the node any
 *     more
 * @param capabilities what the node's kernel offers
 * @param pods the pods on the node
 * @param namespaceLabels namespace name -> its labels, for {@code offline.namespaceSelector} when
 *     the profile carries no operator-resolved {@code offlineNamespaces} (the daemon passes none:
 *     it does not watch Namespaces, so then only the implied {@code kubernetes.io/metadata.name}
 *     label is matched)
 * @param applied the writes currently in effect (the writer's checkpointed files, in the order they
 *     were written); entries for {@code *.qos_level} stay here while their pod lives, so {@code
 *     RestartRequired} keeps being reported
 * @param systemNamespaces namespaces protected besides {@link SystemPods#DEFAULT_NAMESPACES} (the
 *     operator's own, when the daemon knows it); never null
 * @param offlineMemoryHigh the node's current {@link Fssr} limit for each offline pod ({@code
 *     features.dynMemory}); null: no dynamic memory writes
 */
public record PlanRequest(
    RubikProfile profile,
    NodeCapabilities capabilities,
    List<PodSnapshot> pods,
    Map<String, Map<String, String>> namespaceLabels,
    List<CgroupWrite> applied,
    Set<String> systemNamespaces,
    Long offlineMemoryHigh) {

  /** A request without a dynamic memory limit (none computed yet, or dynMemory off). */
  public PlanRequest(
      RubikProfile profile,
      NodeCapabilities capabilities,
      List<PodSnapshot> pods,
      Map<String, Map<String, String>> namespaceLabels,
      List<CgroupWrite> applied,
      Set<String> systemNamespaces) {
    this(profile, capabilities, pods, namespaceLabels, applied, systemNamespaces, null);
  }

  /** A request protecting only the default system namespaces. */
  public PlanRequest(
      RubikProfile profile,
      NodeCapabilities capabilities,
      List<PodSnapshot> pods,
      Map<String, Map<String, String>> namespaceLabels,
      List<CgroupWrite> applied) {
    this(profile, capabilities, pods, namespaceLabels, applied, Set.of());
  }

  public PlanRequest {
    systemNamespaces = systemNamespaces == null ? Set.of() : Set.copyOf(systemNamespaces);
    pods = pods == null ? List.of() : List.copyOf(pods);
    namespaceLabels = namespaceLabels == null ? Map.of() : Map.copyOf(namespaceLabels);
    applied = applied == null ? List.of() : List.copyOf(applied);
  }
}
