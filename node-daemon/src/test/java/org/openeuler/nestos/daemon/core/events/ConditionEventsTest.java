package org.openeuler.nestos.daemon.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.daemon.core.events.ConditionEvents.NodeEvent;

class ConditionEventsTest {

  static Condition c(String type, boolean status, String reason, String message) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  @Test
  void aConditionTurningTrueIsAnEventAndAWarningWhenSomethingWentWrong() {
    List<Condition> before =
        List.of(c("Staged", false, "Progressing", ""), c("Degraded", false, "UpToDate", ""));
    List<Condition> after =
        List.of(
            c("Staged", true, "Staged", ""),
            c("Degraded", true, "RolledBack", "health checks did not pass"));
    assertThat(ConditionEvents.between(before, after))
        .containsExactly(
            new NodeEvent("Staged", "Staged", false),
            new NodeEvent("RolledBack", "Degraded: health checks did not pass", true));
  }

  @Test
  void nothingChangedNothingToSayButANewReasonWhileTrueIsNews() {
    List<Condition> now = List.of(c("Updated", true, "UpToDate", ""));
    assertThat(ConditionEvents.between(now, now)).isEmpty();
    assertThat(
            ConditionEvents.between(
                List.of(c("RebootPending", true, "Rebooting", "")),
                List.of(c("RebootPending", true, "KernelArgumentsPending", "[+nosmt]"))))
        .containsExactly(new NodeEvent("KernelArgumentsPending", "RebootPending: [+nosmt]", false));
    assertThat(ConditionEvents.between(null, List.of(c("Drifted", false, "Applied", ""))))
        .as("False conditions are no news")
        .isEmpty();
  }
}
