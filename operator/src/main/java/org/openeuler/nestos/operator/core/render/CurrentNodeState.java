package org.openeuler.nestos.operator.core.render;

import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;

/**
 * A node's NodeState as it is now (either part may be null: not created yet, or no daemon report
 * yet).
 *
 * @param spec the spec last written by the renderer (its {@code disruption} is the rollout
 *     planner's and is kept)
 * @param status the daemon's status
 */
public record CurrentNodeState(NodeStateSpec spec, NodeStateStatus status) {

  /**
   * Whether an update is in flight: a Reboot grant issued by the operator that the daemon accepted
   * or that is bound to the spec's revision, and whose revision the node has neither reached nor
   * failed ({@link GrantAudit}). Such a node keeps its previous OSVersion's target until the update
   * ends (docs/design.md §4.1).
   */
  public boolean updateInFlight() {
    return spec != null && GrantAudit.judge(this, spec.nodeUID()).inFlight();
  }

  /** The disruption to carry over ({@code null} when there is no spec yet). */
  public Disruption disruption() {
    return spec == null ? null : spec.disruption();
  }
}
