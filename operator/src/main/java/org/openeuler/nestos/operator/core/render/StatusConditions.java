package org.openeuler.nestos.operator.core.render;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;

/**
 * Ready and Reconciling from target and applied counts, shared by the policy status aggregators.
 */
final class StatusConditions {
  private StatusConditions() {}

  static List<Condition> progress(int targets, int applied, Long generation, String detail) {
    if (targets == 0) {
      return List.of(
          Conditions.of(
              ConditionType.READY,
              true,
              ConditionReason.NO_TARGETS,
              "no node selected",
              generation),
          Conditions.of(
              ConditionType.RECONCILING, false, ConditionReason.NO_TARGETS, "", generation));
    }
    String msg = applied + "/" + targets + " nodes applied" + (detail == null ? "" : ", " + detail);
    if (applied == targets) {
      return List.of(
          Conditions.of(ConditionType.READY, true, ConditionReason.APPLIED, msg, generation),
          Conditions.of(
              ConditionType.RECONCILING, false, ConditionReason.APPLIED, msg, generation));
    }
    return List.of(
        Conditions.of(ConditionType.READY, false, ConditionReason.PROGRESSING, msg, generation),
        Conditions.of(
            ConditionType.RECONCILING, true, ConditionReason.PROGRESSING, msg, generation));
  }
}
