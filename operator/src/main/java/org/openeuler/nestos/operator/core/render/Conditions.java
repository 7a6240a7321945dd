package org.openeuler.nestos.operator.core.render;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;

/** Pure helpers for metav1.Condition lists. */
public final class Conditions {
  private Conditions() {}

  /** A condition without transition time (set by {@link #merge}). */
  public static Condition of(
      ConditionType type,
      boolean status,
      ConditionReason reason,
      String message,
      Long observedGeneration) {
    return new ConditionBuilder()
        .withType(type.value())
        .withStatus(status ? "True" : "False")
        .withReason(reason.value())
        .withMessage(message == null ? "" : message)
        .withObservedGeneration(observedGeneration)
        .build();
  }

  /**
   * The fresh conditions, in their order, each keeping the old {@code lastTransitionTime} of the
   * same type while its status is unchanged (otherwise {@code now}, RFC 3339 to the second): the
   * one rule for every CR's conditions, metav1.Condition's ("the last time the condition
   * transitioned from one status to another"; a new reason or message is no transition). Old types
   * absent from {@code fresh} are dropped. Inputs are not modified.
   */
  public static List<Condition> merge(List<Condition> old, List<Condition> fresh, Instant now) {
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    List<Condition> out = new ArrayList<>(fresh.size());
    for (Condition c : fresh) {
      Condition prev = find(old, c.getType());
      boolean same =
          prev != null
              && prev.getLastTransitionTime() != null
              && Objects.equals(prev.getStatus(), c.getStatus());
      out.add(
          new ConditionBuilder(c)
              .withLastTransitionTime(same ? prev.getLastTransitionTime() : time)
              .build());
    }
    return out;
  }

  /** The condition of {@code type} in {@code conditions}, or null. */
  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream()
        .filter(c -> c != null && type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }
}
