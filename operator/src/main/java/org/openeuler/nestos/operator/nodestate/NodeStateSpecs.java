package org.openeuler.nestos.operator.nodestate;

import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;

/**
 * The only code in the operator that writes NodeState objects (one writer per object, DESIGN §2): the rendered
 * desired state and the rollout's disruption grants both go through it, serialised per node, so neither overwrites
 * the other. NodeStates are owned by their Node (ownerReference), never by a CR.
 */
public interface NodeStateSpecs {

  /**
   * Creates or updates the node's NodeState with the rendered spec, keeping the disruption grant it currently
   * carries; skips the write when nothing changed.
   *
   * @param nodeUid the Node's uid, for the ownerReference and {@code spec.nodeUID}
   */
  void render(String nodeName, String nodeUid, NodeStateSpec rendered);

  /**
   * Sets {@code spec.disruption} (None, Stage or a Reboot ticket) on the NodeState as last observed at
   * {@code expectedResourceVersion}; false when the object changed meanwhile (re-plan on the next pass).
   */
  boolean grant(String nodeName, Disruption disruption, String expectedResourceVersion);
}
