package org.openeuler.nestos.simulator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The CI's fixed chaos seeds (docs/chaos.md): schedules 1..{@value #SEEDS}, three clusters at a
 * time, no invariant broken. A failing seed prints its schedule, what broke, the cluster and the
 * command that runs it again ({@code scripts/chaos --seed=N}); {@code scripts/chaos 1000} runs the
 * long batch (BENCHMARKS.md, "Chaos").
 */
class ChaosSeedsE2E {

  static final int SEEDS = 16;

  @Test
  void theFixedSeedsBreakNoInvariant() throws Exception {
    ChaosMain.Summary summary = ChaosMain.runAll(1, SEEDS, 3, false);
    assertThat(summary.schedules()).isEqualTo(SEEDS);
    assertThat(summary.faults().values().stream().mapToInt(Integer::intValue).sum())
        .as("faults injected")
        .isGreaterThanOrEqualTo(SEEDS);
    assertThat(summary.violations()).as("invariants broken (see the output above)").isZero();
  }

  /**
   * Seeds of the long batches that once broke an invariant (docs/chaos.md): a drain that cordoned a
   * node the rollout no longer wanted (356), a deletion that waited a resync per refused write
   * (443), a void grant that pinned a node to a deleted OSVersion (916).
   */
  @Test
  void theSeedsThatOnceBrokeAnInvariantBreakNone() throws Exception {
    for (long seed : REGRESSIONS) {
      ChaosMain.Summary summary = ChaosMain.runAll(seed, 1, 1, false);
      assertThat(summary.violations()).as("seed %d: invariants broken (see above)", seed).isZero();
    }
  }

  static final long[] REGRESSIONS = {92, 133, 199, 243, 356, 443, 916};
}
