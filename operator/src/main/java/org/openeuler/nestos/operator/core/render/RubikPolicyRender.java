package org.openeuler.nestos.operator.core.render;

import java.util.List;
import org.openeuler.nestos.api.v1alpha1.SysctlConflict;

/**
 * What the render means for one RubikPolicy.
 *
 * @param name the RubikPolicy
 * @param selectedNodes nodes it selects (sorted)
 * @param targetNodes nodes it wins (sorted)
 * @param multipleRubik it asks for mode Rubik while another policy holds it: {@code Stalled/MultipleRubikPolicies},
 *     rendered nowhere
 * @param rubikModeHolder the policy holding mode Rubik when {@code multipleRubik}, else null
 * @param conflicts managed prerequisites that clash with a NodeConfig, aggregated over nodes, sorted by key
 */
public record RubikPolicyRender(String name, List<String> selectedNodes, List<String> targetNodes,
    boolean multipleRubik, String rubikModeHolder, List<SysctlConflict> conflicts) {
  public RubikPolicyRender {
    selectedNodes = List.copyOf(selectedNodes);
    targetNodes = List.copyOf(targetNodes);
    conflicts = List.copyOf(conflicts);
  }
}
