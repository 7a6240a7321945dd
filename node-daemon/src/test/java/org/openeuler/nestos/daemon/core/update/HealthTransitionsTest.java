package org.openeuler.nestos.daemon.core.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.api.v1alpha1.HealthCheckResult.Result.Failing;
import static org.openeuler.nestos.api.v1alpha1.HealthCheckResult.Result.Passing;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.HealthCheckResult;

class HealthTransitionsTest {
  static final Instant T0 = Instant.parse("2026-12-07T06:00:00.400Z");
  static final Instant T1 = T0.plusSeconds(5);

  static HealthCheckResult r(String name, HealthCheckResult.Result result, String since) {
    return new HealthCheckResult(name, result, since, "m");
  }

  @Test
  void aNewCheckGetsThisRoundsTimeToTheSecond() {
    assertThat(HealthTransitions.stamp(List.of(), List.of(r("kubelet", Failing, null)), T0))
        .containsExactly(r("kubelet", Failing, "2026-12-07T06:00:00Z"));
  }

  @Test
  void aResultThatHoldsKeepsItsTimeAndOneThatFlipsGetsTheNewOne() {
    List<HealthCheckResult> before =
        List.of(
            r("kubelet", Failing, "2026-12-07T06:00:00Z"),
            r("dns", Passing, "2026-12-07T05:00:00Z"));
    assertThat(
            HealthTransitions.stamp(
                before, List.of(r("kubelet", Passing, null), r("dns", Passing, null)), T1))
        .containsExactly(
            r("kubelet", Passing, "2026-12-07T06:00:05Z"),
            r("dns", Passing, "2026-12-07T05:00:00Z"));
  }
}
