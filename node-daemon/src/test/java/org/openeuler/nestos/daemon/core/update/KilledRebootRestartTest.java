package org.openeuler.nestos.daemon.core.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.daemon.core.update.UpdateAction.FinalizeAndReboot;
import org.openeuler.nestos.daemon.core.update.UpdateAction.Pin;
import org.openeuler.nestos.daemon.core.update.UpdateAction.RecordIntent;
import org.openeuler.nestos.daemon.core.update.UpdateEvent.Restarted;
import org.openeuler.nestos.ostree.core.status.Deployment;
import org.openeuler.nestos.ostree.core.status.OsStatus;

/**
 * Issue 11 g: the daemon was killed inside the finalize, after the staged deployment was made the
 * default (and the staged copy undeployed) but before the reboot. On restart in the same boot the
 * new deployment is pending, not staged: the reboot is still owed, not a failure.
 */
class KilledRebootRestartTest {

  static final String NEW_SUM = "b".repeat(64);
  static final String OLD_SUM = "a".repeat(64);

  static HostRecord intent() {
    return HostRecord.EMPTY.toBuilder()
        .newRevision("r1")
        .ticket("t1")
        .phase(UpdatePhase.REBOOT_REQUESTED)
        .intent(HostRecord.Intent.REBOOT, "b1")
        .target("ostree-unverified-registry:" + Specs.NEW, List.of())
        .expectedChecksum(NEW_SUM)
        .rollbackChecksum(OLD_SUM)
        .countReboot(false)
        .build();
  }

  static Deployment d(String sum, boolean booted, boolean pinned) {
    return new Deployment(sum, null, null, null, booted, false, false, pinned, List.of());
  }

  @Test
  void aPendingDefaultOfTheExpectedChecksumIsRebootedIntoNotFailed() {
    OsStatus pending = new OsStatus(List.of(d(NEW_SUM, false, false), d(OLD_SUM, true, true)));
    assertThat(pending.pending()).map(Deployment::checksum).contains(NEW_SUM);
    assertThat(pending.rollback()).as("a pending deployment is no rollback").isEmpty();
    Transition t = Verification.onRestart(new Restarted(intent(), pending, "b1"));
    assertThat(t.state().phase()).isEqualTo(UpdatePhase.REBOOT_REQUESTED);
    assertThat(t.actions())
        .containsExactly(new Pin(OLD_SUM), new FinalizeAndReboot(NEW_SUM))
        .noneMatch(a -> a instanceof RecordIntent);
    assertThat(t.state().record().count("r1", "t1"))
        .as("the reboot was counted once, before it was issued")
        .isEqualTo(new HostRecord.RebootCount(1, 0, "t1"));
  }

  @Test
  void anotherPendingDeploymentIsStillAFailure() {
    OsStatus other = new OsStatus(List.of(d("c".repeat(64), false, false), d(OLD_SUM, true, true)));
    Transition t = Verification.onRestart(new Restarted(intent(), other, "b1"));
    assertThat(t.state().phase()).isEqualTo(UpdatePhase.FAILED);
  }
}
