package org.openeuler.nestos.daemon.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;
import org.openeuler.nestos.ostree.core.boot.FailedBootJournal;
import org.openeuler.nestos.ostree.core.status.Deployment;
import org.openeuler.nestos.ostree.host.Command;
import org.openeuler.nestos.ostree.host.CommandResult;
import org.openeuler.nestos.ostree.host.CommandRunner;
import org.openeuler.nestos.ostree.host.JournalBootDiagnostics;

/**
 * The daemon with GRUB boot counting (docs/boot-counting.md) on a fake host whose GRUB follows
 * Fedora's counting rules ({@code GrubBootCounting}): a new deployment that hangs at every boot is
 * left by GRUB after the armed attempts and the daemon, starting on the previous deployment, ends
 * the revision RolledBack (BootFailed) with that deployment the default again and the counter
 * cleared, its BootCounting condition carrying the failed boot's journal excerpt (or why there is
 * none); a healthy update is marked good and reported Counting; on a host whose GRUB does not count
 * the update finishes as without counting, the counter cleared, reported NotCounting; the daemon's
 * own rollback disarms first.
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

    assertThat(h.hungBoots()).as("boots of the new deployment that hung").isEqualTo(3);
    assertThat(booted(h).checksum()).isEqualTo(before);
    assertThat(h.fake.status().deployments().get(0).booted())
        .as("the booted deployment is the default again")
        .isTrue();
    assertThat(h.bootLoader.read()).doesNotContainKey("boot_counter");
    assertThat(h.state().reason().text()).contains("BootFailed").contains("3 attempts");
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
    assertThat(h.hungBoots()).isZero();
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
    assertThat(h.state().reason().text()).doesNotContain("BootFailed");
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

  static Optional<Condition> condition(NodeStateStatus status, String type) {
    return status.conditions().stream().filter(c -> c.getType().equals(type)).findFirst();
  }

  static Optional<Condition> lastReported(UpdateHarness h, String type) {
    return condition(h.reports.get(h.reports.size() - 1), type);
  }

  @Test
  void aHostWhoseGrubDoesNotCountIsReportedNotCountingAndTheUpdateFinishesWithTheCounterCleared() {
    UpdateHarness h = new UpdateHarness(-1, 3, false, false);

    assertThat(h.run()).isEqualTo(UpdatePhase.UPDATED);

    Condition c = lastReported(h, "BootCounting").orElseThrow();
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("NotCounting");
    assertThat(c.getMessage())
        .contains("boot_counter was still 3")
        .contains(booted(h).checksum())
        .contains("grub.cfg")
        .contains("increment.mod")
        .contains("RAID, LVM or LUKS")
        .contains("docs/boot-counting.md")
        .hasSizeLessThanOrEqualTo(1024);
    assertThat(lastReported(h, "Degraded").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(h.bootLoader.read()).doesNotContainKey("boot_counter");
    // cleared as soon as the observation is recorded, before verification: not left armed
    List<String> afterReboot =
        h.actions.subList(h.actions.indexOf("FinalizeAndReboot"), h.actions.size());
    assertThat(afterReboot.indexOf("DisarmBootCounter"))
        .isPositive()
        .isLessThan(afterReboot.indexOf("RunHealthChecks"));

    // the record keeps it: a restarted daemon reports the same
    h.restart();
    assertThat(
            condition(
                    org.openeuler.nestos.daemon.core.update.StatusProjection.project(h.state()),
                    "BootCounting")
                .orElseThrow()
                .getReason())
        .isEqualTo("NotCounting");
  }

  @Test
  void aHostWhoseGrubCountsIsReportedCountingTrue() {
    UpdateHarness h = new UpdateHarness(-1, 3, false);
    assertThat(h.run()).isEqualTo(UpdatePhase.UPDATED);
    Condition c = lastReported(h, "BootCounting").orElseThrow();
    assertThat(c.getStatus()).isEqualTo("True");
    assertThat(c.getReason()).isEqualTo("Counting");
    assertThat(c.getMessage()).contains("boot_counter 2 of 3");
    assertThat(h.actions).doesNotContain("CollectBootDiagnostics");
  }

  @Test
  void withoutBootCountingThereIsNoBootCountingConditionAndAnEarlierOneIsForgotten() {
    UpdateHarness off = new UpdateHarness(-1, 0, false);
    off.run();
    assertThat(lastReported(off, "BootCounting")).isEmpty();

    UpdateHarness h = new UpdateHarness(-1, 3, false, false);
    h.run();
    h.bootAttempts = 0; // the chart's daemon.bootCounting.attempts removed
    h.restart();
    assertThat(
            condition(
                org.openeuler.nestos.daemon.core.update.StatusProjection.project(h.state()),
                "BootCounting"))
        .isEmpty();
  }

  /**
   * A host journal: the update's boot, the hung boot and the fallback boot, as journalctl has them.
   */
  static final class Journal implements CommandRunner {
    final UpdateHarness h;
    final String hungBoot = "1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b";
    final List<List<String>> argvs = new ArrayList<>();
    String updateBoot;

    Journal(UpdateHarness h) {
      this.h = h;
    }

    @Override
    public CommandResult run(Command c) {
      argvs.add(c.argv());
      String out = "";
      if (c.argv().equals(FailedBootJournal.listBootsCommand())) {
        out =
            "-2 "
                + FailedBootJournal.normalize(updateBoot)
                + " Mon 2026-12-07 10:00:00 UTC—Mon 2026-12-07 11:00:01 UTC\n"
                + "-1 "
                + hungBoot
                + " Mon 2026-12-07 11:00:20 UTC—Mon 2026-12-07 11:02:00 UTC\n"
                + " 0 "
                + FailedBootJournal.normalize(h.fake.bootId())
                + " Mon 2026-12-07 11:09:00 UTC—Mon 2026-12-07 11:10:00 UTC\n";
      } else if (c.argv().equals(FailedBootJournal.entriesCommand(hungBoot))) {
        out =
            "2026-12-07T11:01:58+0000 node kernel: nvme0: I/O timeout\n"
                + "2026-12-07T11:01:59+0000 node kernel: Kernel panic - not syncing: VFS\n";
      }
      return new CommandResult(c, 0, out, "", Duration.ZERO);
    }
  }

  @Test
  void aFallbackReportsTheFailedBootsJournalExcerptInTheBootCountingCondition() {
    UpdateHarness h = new UpdateHarness(-1, 3, true);
    Journal journal = new Journal(h);
    journal.updateBoot = h.fake.bootId(); // the boot the update's reboot is issued from
    h.bootDiagnostics = new JournalBootDiagnostics(journal);
    h.restart(); // the daemon with the journal reader

    assertThat(h.run()).isEqualTo(UpdatePhase.ROLLED_BACK);

    Condition c = lastReported(h, "BootCounting").orElseThrow();
    assertThat(c.getStatus()).isEqualTo("True");
    assertThat(c.getReason()).isEqualTo("BootFailed");
    assertThat(c.getMessage())
        .contains("GRUB counted 3 boots")
        .contains(FailedBootJournal.MARK + journal.hungBoot)
        .contains("Kernel panic - not syncing")
        .hasSizeLessThanOrEqualTo(1024);
    Condition degraded = lastReported(h, "Degraded").orElseThrow();
    assertThat(degraded.getReason()).isEqualTo("RolledBack");
    assertThat(degraded.getMessage()).startsWith("BootFailed: ").doesNotContain("journal");
    assertThat(journal.argvs)
        .containsExactly(
            FailedBootJournal.listBootsCommand(),
            FailedBootJournal.entriesCommand(journal.hungBoot));

    // a restart reads nothing again and keeps the excerpt
    h.restart();
    h.run();
    assertThat(journal.argvs).hasSize(2);
    assertThat(h.state().record().bootCounting().text()).contains("Kernel panic");
  }

  @Test
  void aFallbackOnAHostWithoutAJournalOfTheFailedBootStillEndsRolledBack() {
    CommandRunner noJournal =
        c -> new CommandResult(c, 1, "", "No journal files were found.", Duration.ZERO);
    CommandRunner noJournalctl =
        c -> {
          throw new IllegalStateException("journalctl: No such file or directory");
        };
    for (CommandRunner runner : List.of(noJournal, noJournalctl)) {
      UpdateHarness h = new UpdateHarness(-1, 3, true);
      h.bootDiagnostics = new JournalBootDiagnostics(runner);
      h.restart();
      String before = booted(h).checksum();

      assertThat(h.run()).isEqualTo(UpdatePhase.ROLLED_BACK);

      assertThat(booted(h).checksum()).isEqualTo(before);
      assertThat(h.fake.status().deployments().get(0).booted()).isTrue();
      assertThat(h.bootLoader.read()).doesNotContainKey("boot_counter");
      assertThat(lastReported(h, "BootCounting").orElseThrow().getMessage())
          .contains("; no journal of the failed boot: ")
          .containsAnyOf("No journal files were found.", "No such file or directory");
    }

    // a journal reader that throws itself (not only its commands) never stops the rollback
    UpdateHarness h = new UpdateHarness(-1, 3, true);
    h.bootDiagnostics =
        (u, c) -> {
          throw new IllegalStateException("boom");
        };
    h.restart();
    assertThat(h.run()).isEqualTo(UpdatePhase.ROLLED_BACK);
    assertThat(h.state().record().bootCounting().text()).contains("no journal of the failed boot");
    assertThat(h.bootLoader.read()).doesNotContainKey("boot_counter");
  }
}
