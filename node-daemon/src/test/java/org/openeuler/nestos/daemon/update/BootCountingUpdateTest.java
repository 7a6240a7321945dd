package org.openeuler.nestos.daemon.update;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;
import org.openeuler.nestos.ostree.core.status.Deployment;

/**
 * The daemon with GRUB boot counting (docs/boot-counting.md) on a fake host whose GRUB follows
 * Fedora's counting rules ({@code GrubBootCounting}): a new deployment that hangs at every boot is
 * left by GRUB after the armed attempts and the daemon, starting on the previous deployment, ends
 * the revision RolledBack (BootFailed) with that deployment the default again and the counter
 * cleared; a healthy update is marked good; the daemon's own rollback disarms first.
 */
class BootCountingUpdateTest {

  static Deployment booted(UpdateHarness h) {
    return h.fake.status().booted().orElseThrow();
  }

  @Test
  void aDeploymentThatNeverBootsIsLeftByGrubAndTheRevisionEndsRolledBackBootFailed() {
    UpdateHarness h = new UpdateHarness(-1, 3, true);
    String before = booted(h).checksum();

    assertThat(h.run()).isEqualTo(UpdatePhase.ROLLED_BACK);

    assertThat(h.hungBoots).as("boots of the new deployment that hung").isEqualTo(3);
    assertThat(booted(h).checksum()).isEqualTo(before);
    assertThat(h.fake.status().deployments().get(0).booted())
        .as("the booted deployment is the default again")
        .isTrue();
    assertThat(h.bootLoader.read()).doesNotContainKey("boot_counter");
    assertThat(h.state().reason()).contains("BootFailed").contains("3 attempts");
    assertThat(h.forwardReboots("r1")).isEqualTo(1);
    assertThat(h.rollbackReboots("r1")).as("no reboot of the daemon's own").isZero();
    assertThat(h.fake.calls()).contains("makeBootedDefault");

    // a restart finds nothing left to do: no reboot, no further change
    int reboots = h.fake.reboots();
    h.restart();
    h.run();
    assertThat(h.phase()).isEqualTo(UpdatePhase.ROLLED_BACK);
    assertThat(h.fake.reboots()).isEqualTo(reboots);
  }

  @Test
  void aHealthyUpdateArmsTheCounterAndMarksTheBootGood() {
    UpdateHarness h = new UpdateHarness(-1, 3, false);
    assertThat(h.run()).isEqualTo(UpdatePhase.UPDATED);
    assertThat(h.hungBoots).isZero();
    assertThat(h.bootLoader.read())
        .doesNotContainKey("boot_counter")
        .containsEntry("boot_success", "1");
  }

  @Test
  void theDaemonsOwnRollbackDisarmsTheCounterFirstSoGrubNeverReturnsToTheFailedDeployment() {
    UpdateHarness h = new UpdateHarness(-1, 3, false);
    h.healthy = false;
    String before = booted(h).checksum();
    assertThat(h.run()).isEqualTo(UpdatePhase.ROLLED_BACK);
    assertThat(h.state().reason()).doesNotContain("BootFailed");
    assertThat(h.rollbackReboots("r1")).isEqualTo(1);
    assertThat(h.bootLoader.read()).doesNotContainKey("boot_counter");
    assertThat(booted(h).checksum()).isEqualTo(before);
  }

  @Test
  void withoutBootCountingTheDaemonNeverWritesTheEnvironmentBlock() {
    UpdateHarness h = new UpdateHarness(-1, 0, false);
    assertThat(h.run()).isEqualTo(UpdatePhase.UPDATED);
    // only GRUB's own reset of boot_success at each boot
    assertThat(h.bootLoader.read()).containsExactlyEntriesOf(java.util.Map.of("boot_success", "0"));
  }

  @Test
  void aCrashBeforeAnyStepOfAHungUpdateStillEndsRolledBackWithOneForwardReboot() {
    UpdateHarness clean = new UpdateHarness(-1, 3, true);
    clean.run();
    int steps = clean.actionsRun;
    for (int k = 1; k <= steps; k++) {
      UpdateHarness h = new UpdateHarness(k, 3, true);
      UpdatePhase end = h.run();
      h.crashBefore = -1;
      h.restart();
      h.run();
      assertThat(end).as("k=%d %s", k, h.trace).isEqualTo(UpdatePhase.ROLLED_BACK);
      assertThat(h.phase()).as("k=%d after a restart", k).isEqualTo(UpdatePhase.ROLLED_BACK);
      assertThat(h.forwardReboots("r1")).as("k=%d forward", k).isEqualTo(1);
      assertThat(h.rollbackReboots("r1")).as("k=%d rollback", k).isZero();
      assertThat(h.bootLoader.read()).as("k=%d counter", k).doesNotContainKey("boot_counter");
      assertThat(h.fake.status().deployments().get(0).booted()).as("k=%d default", k).isTrue();
    }
  }

  @Test
  void aCrashBeforeAnyStepOfAHealthyUpdateNeverLeavesTheCounterArmed() {
    UpdateHarness clean = new UpdateHarness(-1, 3, false);
    clean.run();
    int steps = clean.actionsRun;
    for (int k = 1; k <= steps; k++) {
      UpdateHarness h = new UpdateHarness(k, 3, false);
      UpdatePhase end = h.run();
      h.crashBefore = -1;
      h.restart();
      h.run();
      assertThat(end).as("k=%d %s", k, h.trace).isEqualTo(UpdatePhase.UPDATED);
      assertThat(h.phase()).as("k=%d after a restart", k).isEqualTo(UpdatePhase.UPDATED);
      assertThat(h.forwardReboots("r1")).as("k=%d forward", k).isEqualTo(1);
      assertThat(h.bootLoader.read())
          .as("k=%d: no counter left to count a later reboot down to a fallback", k)
          .doesNotContainKey("boot_counter")
          .containsEntry("boot_success", "1");
    }
  }
}
