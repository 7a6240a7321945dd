package org.openeuler.nestos.ostree.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimulatedBootLoaderTest {

  @Test
  void aCountingGrubCountsDownAndFallsBack() {
    SimulatedBootLoader grub = new SimulatedBootLoader();
    grub.arm(1);
    assertThat(grub.boot()).isZero();
    assertThat(grub.read()).containsEntry("boot_counter", "0");
    assertThat(grub.counting()).isTrue();
    assertThat(grub.boot()).isEqualTo(1);
    assertThat(grub.read()).containsEntry("boot_counter", "-1");
  }

  @Test
  void aGrubThatDoesNotCountLeavesTheBlockAsArmedAndAlwaysBootsTheDefault() {
    SimulatedBootLoader grub = new SimulatedBootLoader(false);
    grub.arm(1);
    for (int i = 0; i < 3; i++) {
      assertThat(grub.boot()).isZero();
    }
    assertThat(grub.read()).containsEntry("boot_counter", "1").containsEntry("boot_success", "0");
    assertThat(grub.counting()).as("a hung boot is never left by GRUB").isFalse();
  }
}
