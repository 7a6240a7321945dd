package org.openeuler.nestos.simulator.chaos;

import java.util.List;
import java.util.Map;

/**
 * What the chaos checks see at one moment: the API server's objects (Nodes, NodeStates, the
 * OSVersion, the NodeConfig) and, per node, the simulated machine's ledger (what it booted, how
 * often it finalized and rolled back).
 *
 * @param atMillis since the rollout started
 * @param nodes every node
 * @param osv the OSVersion, null once deleted
 * @param nodeConfigValue the NodeConfig's sysctl value, null once deleted
 */
public record ClusterView(
    long atMillis, List<NodeView> nodes, OsvView osv, String nodeConfigValue) {

  public ClusterView {
    nodes = List.copyOf(nodes);
  }

  /**
   * One node.
   *
   * @param name node name
   * @param ready the Node's Ready condition is True
   * @param cordonedByUs the Node carries the operator's cordon annotation or is unschedulable
   * @param hung the machine hangs at boot (down for good)
   * @param bootedDigest the booted deployment's image digest
   * @param finalizations per image digest, the forward reboots into it (read before the API
   *     objects, so the grant of every reboot counted is among those seen)
   * @param rollbacks per image digest, the daemon's rollbacks away from it
   * @param sysctl the host's live value of {@link ChaosSchedule#SYSCTL}
   * @param specRevision the NodeState's {@code spec.revision}
   * @param currentRevision the NodeState's {@code status.currentRevision}
   * @param failedRevision the NodeState's {@code status.lastFailedRevision}
   * @param grant the NodeState's {@code spec.disruption.allowed} ({@code None} when absent)
   * @param grantRevision the revision the grant is for
   * @param rebootGrants per image digest, the distinct revisions of that image the node was granted
   *     a Reboot for, so far in the run
   */
  public record NodeView(
      String name,
      boolean ready,
      boolean cordonedByUs,
      boolean hung,
      String bootedDigest,
      Map<String, Integer> finalizations,
      Map<String, Integer> rollbacks,
      String sysctl,
      String specRevision,
      String currentRevision,
      String failedRevision,
      String grant,
      String grantRevision,
      Map<String, Integer> rebootGrants) {

    /**
     * The grant is bound to a revision the node reached or failed: inert (the daemon and the
     * planner ignore it); the renderer clears it with its next write of the NodeState
     * (docs/decisions.md §13), not with a write of its own.
     */
    public boolean grantEnded() {
      return grantRevision != null
          && (grantRevision.equals(currentRevision) || grantRevision.equals(failedRevision));
    }

    /** The node's update for its current revision ended: applied, or failed. */
    public boolean updateEnded() {
      return specRevision != null
          && (specRevision.equals(currentRevision) || specRevision.equals(failedRevision));
    }
  }

  /**
   * The OSVersion.
   *
   * @param targetDigest the digest its {@code osImage} is pinned to
   * @param ready its Ready condition as {@code status/reason}, null when not set
   * @param reconciling its Reconciling condition as {@code status/reason}, null when not set
   * @param failedNodes {@code status.failures[].name}
   * @param observedCurrent {@code status.observedGeneration == metadata.generation}
   */
  public record OsvView(
      String targetDigest,
      String ready,
      String reconciling,
      List<String> failedNodes,
      boolean observedCurrent) {

    public OsvView {
      failedNodes = List.copyOf(failedNodes);
    }

    /** Complete, or halted for a reason that stays until someone acts. */
    public boolean settled() {
      return observedCurrent
          && ("True/RolloutComplete".equals(ready)
              || "False/FailureBudgetExceeded".equals(ready)
              || (ready != null && ready.startsWith("Halted:")));
    }

    /** Waiting for the disruption budget. */
    public boolean waitingForADeadNode() {
      return observedCurrent && "False/WaitingForBudget".equals(ready);
    }

    /** Being deleted, its finalizer held by nodes with work in flight (the status says which). */
    public boolean deletionHeld() {
      return "False/Deleting".equals(ready);
    }

    /** The same view, counted as halted for {@code why}. */
    public OsvView settledBy(String why) {
      return new OsvView(targetDigest, "Halted: " + why, reconciling, failedNodes, observedCurrent);
    }
  }
}
