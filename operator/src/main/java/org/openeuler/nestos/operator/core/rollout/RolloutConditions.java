package org.openeuler.nestos.operator.core.rollout;

import static org.openeuler.nestos.api.ConditionReason.DRAIN_BLOCKED;
import static org.openeuler.nestos.api.ConditionReason.FAILURE_BUDGET_EXCEEDED;
import static org.openeuler.nestos.api.ConditionReason.INVALID_SPEC;
import static org.openeuler.nestos.api.ConditionReason.NODE_FAILED;
import static org.openeuler.nestos.api.ConditionReason.NO_TARGETS;
import static org.openeuler.nestos.api.ConditionReason.OUTSIDE_MAINTENANCE_WINDOW;
import static org.openeuler.nestos.api.ConditionReason.PARTITION_REACHED;
import static org.openeuler.nestos.api.ConditionReason.PAUSED;
import static org.openeuler.nestos.api.ConditionReason.PROGRESSING;
import static org.openeuler.nestos.api.ConditionReason.ROLLOUT_COMPLETE;
import static org.openeuler.nestos.api.ConditionReason.WAITING_FOR_BUDGET;
import static org.openeuler.nestos.api.ConditionType.DEGRADED;
import static org.openeuler.nestos.api.ConditionType.READY;
import static org.openeuler.nestos.api.ConditionType.RECONCILING;
import static org.openeuler.nestos.api.ConditionType.STALLED;

import java.util.List;
import org.openeuler.nestos.api.ConditionReason;

/**
 * kstatus conditions of an OSVersion from a pass's facts.
 *
 * <ul>
 *   <li>Stalled: True/FailureBudgetExceeded when halted, else True/InvalidSpec when a window can
 *       never open.
 *   <li>Reconciling (work remains, not halted): Paused; else, when nothing new started and nodes
 *       wait: OutsideMaintenanceWindow, PartitionReached / WaitingForBudget (only with nothing of
 *       ours in flight), DrainBlocked (candidates backing off); else Progressing.
 *   <li>Ready: True/RolloutComplete when no targeted node has work left (failures within budget
 *       included), True/NoTargets for an empty selection; else False with Stalled's or
 *       Reconciling's reason.
 *   <li>Degraded: True/NodeFailed while any targeted node failed the target.
 * </ul>
 */
final class RolloutConditions {
  private RolloutConditions() {}

  /** What the conditions are derived from. */
  record Facts(
      boolean paused,
      RolloutCounts counts,
      PlanDiagnostics diag,
      int waiting,
      int picked,
      boolean inProgress,
      int partitionLeft,
      int globalCapacity,
      boolean blockedByBackoff,
      List<String> invalid) {}

  static List<RolloutCondition> derive(Facts f) {
    RolloutCounts c = f.counts();
    PlanDiagnostics d = f.diag();
    RolloutCondition stalled =
        d.halted()
            ? new RolloutCondition(
                STALLED,
                true,
                FAILURE_BUDGET_EXCEEDED,
                d.countedFailures()
                    + " failed nodes exceed maxFailures "
                    + d.maxFailures()
                    + "; retry with the nestos.openeuler.org/retry annotation or a new osImage")
            : !f.invalid().isEmpty()
                ? new RolloutCondition(
                    STALLED,
                    true,
                    INVALID_SPEC,
                    "maintenance window can never open: " + String.join("; ", f.invalid()))
                : new RolloutCondition(STALLED, false, null, null);
    boolean workLeft = f.waiting() > 0 || f.inProgress();
    RolloutCondition reconciling;
    RolloutCondition ready;
    if (d.halted()) {
      reconciling = new RolloutCondition(RECONCILING, false, null, null);
      ready = new RolloutCondition(READY, false, FAILURE_BUDGET_EXCEEDED, stalled.message());
    } else if (c.targetNodes() == 0 && !workLeft) {
      reconciling = new RolloutCondition(RECONCILING, false, null, null);
      ready = new RolloutCondition(READY, true, NO_TARGETS, "the node selector matches no node");
    } else if (!workLeft) {
      reconciling = new RolloutCondition(RECONCILING, false, null, null);
      ready =
          new RolloutCondition(
              READY,
              true,
              ROLLOUT_COMPLETE,
              c.updatedNodes() + "/" + c.targetNodes() + " nodes updated");
    } else {
      ConditionReason reason = reconcilingReason(f);
      String message =
          c.updatedNodes()
              + "/"
              + c.targetNodes()
              + " updated, "
              + c.updatingNodes()
              + " updating, "
              + c.unavailableNodes()
              + " unavailable (budget "
              + d.budget()
              + " of maxUnavailable "
              + d.maxUnavailable()
              + "), partition "
              + d.partition();
      reconciling = new RolloutCondition(RECONCILING, true, reason, message);
      ready =
          new RolloutCondition(READY, false, stalled.status() ? stalled.reason() : reason, message);
    }
    RolloutCondition degraded =
        c.failedNodes() > 0
            ? new RolloutCondition(
                DEGRADED,
                true,
                NODE_FAILED,
                c.failedNodes()
                    + " nodes failed ("
                    + d.countedFailures()
                    + " counted, maxFailures "
                    + d.maxFailures()
                    + ")")
            : new RolloutCondition(DEGRADED, false, null, null);
    return List.of(ready, reconciling, stalled, degraded);
  }

  private static ConditionReason reconcilingReason(Facts f) {
    if (f.paused()) {
      return PAUSED;
    }
    if (f.waiting() == 0 || f.picked() > 0) {
      return PROGRESSING;
    }
    if (!f.diag().windowOpen()) {
      return OUTSIDE_MAINTENANCE_WINDOW;
    }
    if (f.inProgress()) {
      return PROGRESSING;
    }
    if (f.partitionLeft() == 0) {
      return PARTITION_REACHED;
    }
    if (f.diag().budget() == 0 || f.globalCapacity() == 0) {
      return WAITING_FOR_BUDGET;
    }
    return f.blockedByBackoff() ? DRAIN_BLOCKED : PROGRESSING;
  }
}
