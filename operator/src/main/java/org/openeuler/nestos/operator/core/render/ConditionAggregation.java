package org.openeuler.nestos.operator.core.render;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import org.openeuler.nestos.api.ConditionType;

/**
 * The last step of every status aggregation: the conditions must not contradict each other for
 * {@code kubectl wait} and kstatus. Ready is never True while Stalled is True: Ready becomes False
 * with Stalled's reason and message (docs/api.md, "Conditions").
 */
public final class ConditionAggregation {
  private ConditionAggregation() {}

  /** {@code conditions} made consistent; unchanged (same list contents) when already consistent. */
  public static List<Condition> consistent(List<Condition> conditions) {
    if (conditions == null) {
      return null;
    }
    Condition stalled = find(conditions, ConditionType.STALLED.value());
    Condition ready = find(conditions, ConditionType.READY.value());
    if (stalled == null
        || ready == null
        || !"True".equals(stalled.getStatus())
        || !"True".equals(ready.getStatus())) {
      return conditions;
    }
    List<Condition> out = new ArrayList<>(conditions.size());
    for (Condition c : conditions) {
      out.add(
          c == ready
              ? new ConditionBuilder(c)
                  .withStatus("False")
                  .withReason(stalled.getReason())
                  .withMessage(stalled.getMessage())
                  .build()
              : c);
    }
    return out;
  }

  private static Condition find(List<Condition> conditions, String type) {
    for (Condition c : conditions) {
      if (c != null && type.equals(c.getType())) {
        return c;
      }
    }
    return null;
  }
}
