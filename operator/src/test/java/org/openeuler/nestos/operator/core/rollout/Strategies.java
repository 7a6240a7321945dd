package org.openeuler.nestos.operator.core.rollout;

import java.time.Duration;
import java.util.List;
import org.openeuler.nestos.api.v1alpha1.HealthGate.FailureAction;
import org.openeuler.nestos.api.v1alpha1.StagingSpec.Policy;

/** Test builder of {@link RolloutStrategy}. */
final class Strategies {
  IntOrPercent maxUnavailable = IntOrPercent.of(1);
  IntOrPercent partition = IntOrPercent.percent(100);
  IntOrPercent maxFailures = IntOrPercent.of(0);
  boolean paused;
  String spreadByLabel;
  List<WindowSpec> windows = List.of();
  Policy staging = Policy.OnGrant;
  int stagingMaxConcurrent = 1;
  Duration deadline = Duration.ofSeconds(600);

  static Strategies strategy() {
    return new Strategies();
  }

  Strategies maxUnavailable(IntOrPercent v) {
    maxUnavailable = v;
    return this;
  }

  Strategies maxUnavailable(int v) {
    return maxUnavailable(IntOrPercent.of(v));
  }

  Strategies partition(IntOrPercent v) {
    partition = v;
    return this;
  }

  Strategies maxFailures(int v) {
    maxFailures = IntOrPercent.of(v);
    return this;
  }

  Strategies paused() {
    paused = true;
    return this;
  }

  Strategies spreadBy(String label) {
    spreadByLabel = label;
    return this;
  }

  Strategies windows(WindowSpec... w) {
    windows = List.of(w);
    return this;
  }

  Strategies eager(int maxConcurrent) {
    staging = Policy.Eager;
    stagingMaxConcurrent = maxConcurrent;
    return this;
  }

  RolloutStrategy build() {
    return new RolloutStrategy(
        maxUnavailable,
        partition,
        maxFailures,
        paused,
        spreadByLabel,
        windows,
        staging,
        stagingMaxConcurrent,
        FailureAction.RollbackNode,
        deadline,
        RolloutStrategy.DEFAULT_EXPECTATION_TIMEOUT);
  }
}
