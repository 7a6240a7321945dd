package org.openeuler.nestos.operator.nodestate;

import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;

/**
 * The only code in the operator that writes NodeState objects (one writer per object, DESIGN §2):
 * the rendered desired state and the rollout's disruption grants both go through it, serialised per
 * node, so neither overwrites the other. NodeStates are owned by their Node (ownerReference), never
 * by a CR.
 */
public interface NodeStateSpecs {

  /**
   * Creates or updates the node's NodeState with the rendered spec, keeping the disruption grant it
   * currently carries; skips the write when nothing changed. A NodeState left by a former node of
   * the same name (another {@code spec.nodeUID}: the Node was re-created before the garbage
   * collector removed it) is replaced by a fresh one, so the new node inherits neither its ticket
   * nor its daemon's status.
   *
   * @param nodeUid the Node's uid, for the ownerReference and {@code spec.nodeUID}
   */
  void render(String nodeName, String nodeUid, NodeStateSpec rendered);

  /**
   * Sets {@code spec.disruption} (None, Stage or a Reboot ticket) on the NodeState as last observed
   * at {@code expectedResourceVersion}; false when the object changed meanwhile (re-plan on the
   * next pass).
   */
  boolean grant(String nodeName, Disruption disruption, String expectedResourceVersion);

  /**
   * Whether {@code ns} describes the Node with uid {@code nodeUid} (not a former node of the same
   * name). A NodeState without {@code spec.nodeUID} matches any.
   */
  static boolean belongsTo(NodeState ns, String nodeUid) {
    String uid = ns == null || ns.getSpec() == null ? null : ns.getSpec().nodeUID();
    return uid == null || nodeUid == null || uid.equals(nodeUid);
  }
}
