package org.openeuler.nestos.rubik.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** rubik's fssr rule for offline pods' memory.high, step by step. */
class FssrTest {
  static final long GIB = 1L << 30;
  static final long TOTAL = 16 * GIB; // reserve 1.6 GiB
  static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  static long pct(int p) {
    return TOTAL / 100 * p / 4096 * 4096;
  }

  @Test
  void startsAtEightyPercent() {
    assertThat(Fssr.start(TOTAL).highBytes()).isEqualTo(pct(80));
    assertThat(Fssr.start(TOTAL).ampleSince()).isNull();
  }

  @Test
  void belowTheReserveDropsTenPercentAtOnceDownToThirty() {
    Fssr s = Fssr.start(TOTAL);
    long low = GIB; // < 1.6 GiB reserve
    s = s.step(TOTAL, low, T0);
    assertThat(s.highBytes()).isEqualTo((pct(80) - TOTAL / 100 * 10) / 4096 * 4096);
    for (int i = 0; i < 10; i++) {
      s = s.step(TOTAL, low, T0.plusSeconds(10L * i));
    }
    assertThat(s.highBytes()).isEqualTo(pct(30));
  }

  @Test
  void recoversOnePercentPerMinuteOfAmpleMemoryOnly() {
    Fssr s = new Fssr(pct(50), null);
    long ample = 4 * GIB; // > 3.2 GiB
    s = s.step(TOTAL, ample, T0);
    assertThat(s.highBytes()).isEqualTo(pct(50));
    assertThat(s.ampleSince()).isEqualTo(T0);
    s = s.step(TOTAL, ample, T0.plusSeconds(59));
    assertThat(s.highBytes()).isEqualTo(pct(50));
    s = s.step(TOTAL, ample, T0.plusSeconds(60));
    assertThat(s.highBytes()).isEqualTo((pct(50) + TOTAL / 100) / 4096 * 4096);
    assertThat(s.ampleSince()).isEqualTo(T0.plusSeconds(60));
    long afterOne = s.highBytes();
    // a dip between the reserve and twice it restarts the minute, without lowering
    s = s.step(TOTAL, 2 * GIB, T0.plusSeconds(90));
    assertThat(s).isEqualTo(new Fssr(afterOne, null));
    s = s.step(TOTAL, ample, T0.plusSeconds(100));
    s = s.step(TOTAL, ample, T0.plusSeconds(150));
    assertThat(s.highBytes()).isEqualTo(afterOne);
    s = s.step(TOTAL, ample, T0.plusSeconds(160));
    assertThat(s.highBytes()).isGreaterThan(afterOne);
  }

  @Test
  void neverAboveEightyPercentAndTheReserveIsCappedAtTenGib() {
    Fssr s = Fssr.start(TOTAL);
    for (int i = 0; i < 5; i++) {
      s = s.step(TOTAL, 8 * GIB, T0.plusSeconds(60L * i));
    }
    assertThat(s.highBytes()).isEqualTo(pct(80));
    long huge = 200 * GIB; // 10% = 20 GiB, reserve capped at 10 GiB
    Fssr h = Fssr.start(huge);
    assertThat(h.step(huge, 15 * GIB, T0).highBytes()).isEqualTo(h.highBytes());
    assertThat(h.step(huge, 9 * GIB, T0).highBytes()).isLessThan(h.highBytes());
  }

  @Test
  void aLimitFromAnotherNodeSizeIsClampedIntoRange() {
    assertThat(new Fssr(1, null).step(TOTAL, 2 * GIB, T0).highBytes()).isEqualTo(pct(30));
    assertThat(new Fssr(Long.MAX_VALUE, null).step(TOTAL, 2 * GIB, T0).highBytes())
        .isEqualTo(pct(80));
  }
}
