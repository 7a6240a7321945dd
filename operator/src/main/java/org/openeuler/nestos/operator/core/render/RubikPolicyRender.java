package org.openeuler.nestos.operator.core.render;

import java.util.List;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.api.v1alpha1.SysctlConflict;

/**
 * What the render means for one RubikPolicy.
 *
 * @param name the RubikPolicy
 * @param selectedNodes nodes it selects (sorted)
 * @param targetNodes nodes it wins (sorted)
 * @param multipleRubik it asks for mode Rubik while another policy holds it: {@code
 *     Stalled/MultipleRubikPolicies}, rendered nowhere
 * @param rubikModeHolder the policy holding mode Rubik when {@code multipleRubik}, else null
 * @param conflicts managed prerequisites that clash with a NodeConfig, aggregated over nodes,
 *     sorted by key
 * @param matchedNamespaces how many namespaces its {@code offline.namespaceSelector} matches; -1
 *     when it was not resolved (no namespaceSelector, mode Rubik, or no node won)
 */
public record RubikPolicyRender(
    String name,
    List<String> selectedNodes,
    List<String> targetNodes,
    boolean multipleRubik,
    String rubikModeHolder,
    List<SysctlConflict> conflicts,
    int matchedNamespaces) {

  /** A render without namespace resolution. */
  public RubikPolicyRender(
      String name,
      List<String> selectedNodes,
      List<String> targetNodes,
      boolean multipleRubik,
      String rubikModeHolder,
      List<SysctlConflict> conflicts) {
    this(name, selectedNodes, targetNodes, multipleRubik, rubikModeHolder, conflicts, -1);
  }

  /**
   * Its namespaceSelector matches more than {@link RubikProfile#MAX_OFFLINE_NAMESPACES} namespaces:
   * no list is rendered ({@code offlineNamespaces: []}), {@code Degraded/TooManyNamespaces}.
   */
  public boolean tooManyNamespaces() {
    return matchedNamespaces > RubikProfile.MAX_OFFLINE_NAMESPACES;
  }

  public RubikPolicyRender {
    selectedNodes = List.copyOf(selectedNodes);
    targetNodes = List.copyOf(targetNodes);
    conflicts = List.copyOf(conflicts);
  }
}
