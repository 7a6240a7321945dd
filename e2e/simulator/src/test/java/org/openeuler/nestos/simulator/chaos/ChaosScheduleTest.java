package org.openeuler.nestos.simulator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Schedules are drawn from the seed alone, within bounds, and cover every fault kind. */
class ChaosScheduleTest {

  @Test
  void theSameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
    assertThat(ChaosSchedule.draw(42)).isEqualTo(ChaosSchedule.draw(42));
    assertThat(ChaosSchedule.draw(42).toString()).isEqualTo(ChaosSchedule.draw(42).toString());
    assertThat(LongStream.rangeClosed(1, 50).mapToObj(ChaosSchedule::draw).distinct().count())
        .isEqualTo(50);
  }

  @Test
  void schedulesStayWithinTheirBounds() {
    for (long seed = 1; seed <= 1000; seed++) {
      ChaosSchedule s = ChaosSchedule.draw(seed);
      assertThat(s.nodes()).isBetween(3, 4);
      assertThat(s.maxUnavailable()).isBetween(1, 2);
      assertThat(s.faults()).hasSizeBetween(1, 4);
      assertThat(s.faults())
          .isSortedAccordingTo(java.util.Comparator.comparingLong(ChaosFault::atMillis));
      for (ChaosFault f : s.faults()) {
        assertThat(f.atMillis()).isBetween(0L, ChaosSchedule.FAULT_WINDOW_MILLIS);
        assertThat(f.node() > 0).as(f.toString()).isEqualTo(f.kind().perNode());
        assertThat(f.node()).isLessThanOrEqualTo(s.nodes());
      }
      boolean fallback =
          s.faults().stream().anyMatch(f -> f.kind() == FaultKind.BOOT_HANG_FALLBACK);
      if (fallback) {
        assertThat(s.bootAttempts()).as("seed %d: a fallback needs counting", seed).isPositive();
      }
      assertThat(s.reproduce()).isEqualTo("scripts/chaos --seed=" + seed);
    }
  }

  @Test
  void everyFaultKindIsDrawnWithinTheCiSeedsAndOftenOver1000() {
    Set<FaultKind> ci = EnumSet.noneOf(FaultKind.class);
    int[] counts = new int[FaultKind.values().length];
    for (long seed = 1; seed <= 1000; seed++) {
      for (ChaosFault f : ChaosSchedule.draw(seed).faults()) {
        counts[f.kind().ordinal()]++;
        if (seed <= ChaosSeedsE2E.SEEDS) {
          ci.add(f.kind());
        }
      }
    }
    for (FaultKind k : FaultKind.values()) {
      assertThat(counts[k.ordinal()]).as(k.name()).isGreaterThan(80);
    }
    assertThat(ci)
        .as("kinds drawn by the CI seeds 1.." + ChaosSeedsE2E.SEEDS)
        .hasSizeGreaterThanOrEqualTo(FaultKind.values().length - 1);
  }
}
