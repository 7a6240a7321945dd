package org.openeuler.nestos.operator.nodestate;

import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;

/**
 * The only code in the operator that writes NodeState objects (one writer per object,
 * docs/design.md §2): the rendered desired state and the rollout's disruption grants both go
 * through it, serialised per node, so neither overwrites the other. NodeStates are owned by their
 * Node (ownerReference), never by a CR.
 */
public interface NodeStateSpecs {

  /**
   * Creates or updates the node's NodeState with the rendered spec, keeping the disruption grant it
   * carries ({@code rendered.disruption()} is taken as the basis); skips the write when nothing
   * changed. A NodeState left by a former node of the same name (another {@code spec.nodeUID}: the
   * Node was re-created before the garbage collector removed it) is replaced by a fresh one, so the
   * new node inherits neither its ticket nor its daemon's status.
   *
   * @param nodeUid the Node's uid, for the ownerReference and {@code spec.nodeUID}
   */
  default boolean render(String nodeName, String nodeUid, NodeStateSpec rendered) {
    return render(nodeName, nodeUid, rendered, rendered.disruption());
  }

  /**
   * Creates or updates the node's NodeState with the rendered spec, including the disruption the
   * renderer decided ({@code rendered.disruption()}: the grant kept, or {@code None} when the
   * renderer cleared an ended grant or reverted a foreign one). The write is skipped when the
   * NodeState's disruption is no longer {@code basis}, the one the render was computed from (a
   * grant or claim arrived meanwhile; its watch event triggers a fresh render), and a render that
   * changes the disruption is never retried against a newer object after a conflict.
   *
   * @return whether the NodeState now carries the rendered spec (written, or already equal)
   */
  boolean render(String nodeName, String nodeUid, NodeStateSpec rendered, Disruption basis);

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
