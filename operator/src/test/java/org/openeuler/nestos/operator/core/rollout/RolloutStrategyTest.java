package org.openeuler.nestos.operator.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.HealthGate;
import org.openeuler.nestos.api.v1alpha1.MaintenanceWindow;
import org.openeuler.nestos.api.v1alpha1.RolloutOrder;
import org.openeuler.nestos.api.v1alpha1.RolloutSpec;
import org.openeuler.nestos.api.v1alpha1.StagingSpec;

class RolloutStrategyTest {

  @Test
  void nullSpecGivesSchemaDefaults() {
    assertThat(RolloutStrategy.from(null)).isEqualTo(RolloutStrategy.DEFAULTS);
    assertThat(
            RolloutStrategy.from(
                new RolloutSpec(null, null, null, null, null, null, null, null, null)))
        .isEqualTo(RolloutStrategy.DEFAULTS);
  }

  @Test
  void mapsEveryField() {
    RolloutSpec spec =
        new RolloutSpec(
            new IntOrString("25%"),
            new IntOrString(3),
            true,
            new IntOrString("10%"),
            new RolloutOrder("topology.kubernetes.io/zone"),
            List.of(
                new MaintenanceWindow(
                    List.of(MaintenanceWindow.Day.Saturday), "23:30", 120, "Europe/Berlin")),
            new StagingSpec(StagingSpec.Policy.Eager, 4),
            null,
            new HealthGate(900, 30, null, HealthGate.FailureAction.LeaveNode));
    RolloutStrategy s = RolloutStrategy.from(spec);
    assertThat(s.maxUnavailable()).isEqualTo(IntOrPercent.percent(25));
    assertThat(s.partition()).isEqualTo(IntOrPercent.of(3));
    assertThat(s.maxFailures()).isEqualTo(IntOrPercent.percent(10));
    assertThat(s.paused()).isTrue();
    assertThat(s.spreadByLabel()).isEqualTo("topology.kubernetes.io/zone");
    assertThat(s.windows())
        .containsExactly(new WindowSpec(Set.of(DayOfWeek.SATURDAY), "23:30", 120, "Europe/Berlin"));
    assertThat(s.stagingPolicy()).isEqualTo(StagingSpec.Policy.Eager);
    assertThat(s.stagingMaxConcurrent()).isEqualTo(4);
    assertThat(s.failureAction()).isEqualTo(HealthGate.FailureAction.LeaveNode);
    assertThat(s.healthDeadline()).isEqualTo(Duration.ofSeconds(900));
    assertThat(s.resolvedMaxUnavailable(3)).isEqualTo(1);
    assertThat(s.resolvedMaxUnavailable(40)).isEqualTo(10);
  }
}
