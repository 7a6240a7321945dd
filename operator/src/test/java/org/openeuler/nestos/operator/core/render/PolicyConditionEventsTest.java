package org.openeuler.nestos.operator.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.operator.core.render.PolicyConditionEvents.Change;
import org.openeuler.nestos.operator.core.render.PolicyConditionEvents.Kind;

class PolicyConditionEventsTest {

  static Condition c(String type, boolean status, String reason, String message) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  static final Condition PROGRESSING = c("Ready", false, "Progressing", "1/3 nodes applied");
  static final Condition READY = c("Ready", true, "Applied", "3/3 nodes applied");
  static final Condition HEALTHY = c("Degraded", false, "Applied", "");
  static final Condition CONFLICT = c("Degraded", true, "Conflict", "1 key(s) also set by others");
  static final Condition FAILED = c("Degraded", true, "ApplyFailed", "1 node(s) failed");
  static final Condition STALLED =
      c("Stalled", true, "MultipleRubikPolicies", "another policy is in mode Rubik");

  @Test
  void readyTurningTrueIsApplied() {
    assertThat(PolicyConditionEvents.between(List.of(PROGRESSING), List.of(READY)))
        .containsExactly(new Change(Kind.APPLIED, "Applied: 3/3 nodes applied"));
    assertThat(PolicyConditionEvents.between(null, List.of(READY)))
        .as("the first status")
        .hasSize(1);
  }

  @Test
  void aStatusThatDidNotChangeYieldsNothing() {
    List<Condition> s = List.of(READY, CONFLICT, STALLED);
    assertThat(PolicyConditionEvents.between(s, s)).isEmpty();
    assertThat(
            PolicyConditionEvents.between(
                List.of(READY), List.of(c("Ready", true, "Applied", "4/4 nodes applied"))))
        .as("Ready's count moved while True: no new event")
        .isEmpty();
    assertThat(PolicyConditionEvents.between(List.of(READY), List.of(PROGRESSING))).isEmpty();
  }

  @Test
  void degradedTurningTrueOrChangingItsReasonIsAWarningOnce() {
    assertThat(PolicyConditionEvents.between(List.of(HEALTHY), List.of(CONFLICT)))
        .containsExactly(new Change(Kind.DEGRADED, "Conflict: 1 key(s) also set by others"));
    assertThat(PolicyConditionEvents.between(List.of(CONFLICT), List.of(FAILED)))
        .containsExactly(new Change(Kind.DEGRADED, "ApplyFailed: 1 node(s) failed"));
    assertThat(PolicyConditionEvents.between(List.of(CONFLICT), List.of(HEALTHY)))
        .as("recovered: Ready says it")
        .isEmpty();
  }

  @Test
  void stalledTurningTrueIsAnEventAndOtherConditionsAreNot() {
    assertThat(
            PolicyConditionEvents.between(
                List.of(), List.of(STALLED, c("Reconciling", true, "Progressing", ""))))
        .containsExactly(
            new Change(Kind.STALLED, "MultipleRubikPolicies: another policy is in mode Rubik"));
    assertThat(PolicyConditionEvents.between(List.of(), null)).isEmpty();
  }
}
